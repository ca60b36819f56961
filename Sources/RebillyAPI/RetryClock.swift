import Foundation

/// The time source and sleeper the client uses between retries.
///
/// Tests supply a clock that records the waits and returns at once, so no test sleeps.
public protocol RetryClock: Sendable {
    /// Returns the current wall-clock time, used to turn an HTTP date or a Unix time into a wait.
    func now() -> Date
    /// Suspends the current task for `duration`.
    ///
    /// - Throws: `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
    /// Returns a random number in 0…1 for backoff jitter.
    func jitter() -> Double
}

/// The real clock: `Date()`, `Task.sleep` and the system random generator.
public struct SystemRetryClock: RetryClock {
    /// Creates the system clock.
    public init() {}

    public func now() -> Date {
        Date()
    }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }

    public func jitter() -> Double {
        Double.random(in: 0...1)
    }
}
