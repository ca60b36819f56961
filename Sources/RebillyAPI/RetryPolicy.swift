/// Bounds on how often and how long the client retries a request.
///
/// The client retries 429 and 503 on every method, waiting as long as the response headers ask
/// or, without such a header, with exponential backoff. It retries other 5xx statuses and
/// retryable ``TransportError``s with backoff. POST is retried like GET and PATCH because the API
/// returns 303 and the existing credential for a repeated identical create instead of making a
/// duplicate. A retry happens only while both `maxAttempts` and `maxTotalDelay` allow it.
public struct RetryPolicy: Sendable, Equatable {
    /// The default number of attempts per request, the first one included.
    public static let defaultMaxAttempts = 4
    /// The default limit on the sum of all waits between attempts of one request.
    public static let defaultMaxTotalDelay: Duration = .seconds(60)
    /// The default wait before the first retry when the server names none, doubled per retry.
    public static let defaultInitialBackoff: Duration = .seconds(1)
    /// The default maximum single backoff wait.
    public static let defaultMaxBackoff: Duration = .seconds(20)

    /// The number of attempts per request, the first one included. A value of 1 turns retries off.
    public var maxAttempts: Int
    /// The maximum total wait across all retries of one request. A server-requested wait that
    /// would exceed what is left ends the retries at once.
    public var maxTotalDelay: Duration
    /// The backoff before the first retry.
    public var initialBackoff: Duration
    /// The cap on one backoff wait before jitter.
    public var maxBackoff: Duration

    /// Creates a policy whose defaults are the `default…` constants.
    public init(
        maxAttempts: Int = defaultMaxAttempts,
        maxTotalDelay: Duration = defaultMaxTotalDelay,
        initialBackoff: Duration = defaultInitialBackoff,
        maxBackoff: Duration = defaultMaxBackoff
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.maxTotalDelay = maxTotalDelay
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    /// A policy that sends each request once.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// Returns the backoff before retry number `retry` (1 for the first retry).
    ///
    /// The wait is `initialBackoff × 2^(retry − 1)`, capped at `maxBackoff`, then multiplied by a
    /// random factor in 0.5…1.0 (jitter), so that clients that failed together do not retry
    /// together.
    func backoff(beforeRetry retry: Int, jitter: Double) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let uncapped = initialBackoff * (1 << exponent)
        let capped = min(uncapped, maxBackoff)
        let factor = 0.5 + 0.5 * min(max(jitter, 0), 1)
        return capped * factor
    }
}
