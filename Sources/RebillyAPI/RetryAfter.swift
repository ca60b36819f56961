import Foundation

/// A wait requested by a 429 or 503 response, and the header that requested it.
struct RetryAfter: Sendable, Equatable {
    /// The header names the client reads, in order of precedence.
    static let retryAfterHeader = "Retry-After"
    static let rateLimitRetryAfterHeader = "X-RateLimit-Retry-After"
    static let rateLimitResetHeader = "Rate-Limit-Reset"

    /// The wait, never negative: a time in the past gives zero.
    var delay: Duration
    /// The header the wait came from.
    var header: String

    /// Reads the first header that is present and valid: `Retry-After` (delay in seconds or an
    /// HTTP date), then `X-RateLimit-Retry-After` (a Unix time in seconds), then `Rate-Limit-Reset`
    /// (an RFC 822 date). Returns nil when none of them gives a time.
    static func parse(_ response: HTTPResponse, now: Date) -> RetryAfter? {
        if let value = response.header(retryAfterHeader), let wait = parseRetryAfter(value, now: now) {
            return RetryAfter(delay: wait, header: retryAfterHeader)
        }
        if let value = response.header(rateLimitRetryAfterHeader),
            let unixTime = Int(value.trimmingCharacters(in: .whitespaces))
        {
            let wait = Date(timeIntervalSince1970: TimeInterval(unixTime)).timeIntervalSince(now)
            return RetryAfter(delay: nonNegative(wait), header: rateLimitRetryAfterHeader)
        }
        if let value = response.header(rateLimitResetHeader), let date = parseHTTPDate(value) {
            return RetryAfter(delay: nonNegative(date.timeIntervalSince(now)), header: rateLimitResetHeader)
        }
        return nil
    }

    /// Parses a `Retry-After` value: whole seconds or an HTTP date.
    private static func parseRetryAfter(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed) {
            return .seconds(max(0, seconds))
        }
        guard let date = parseHTTPDate(trimmed) else {
            return nil
        }
        return nonNegative(date.timeIntervalSince(now))
    }

    /// The date formats accepted, tried in order: IMF-fixdate, RFC 822 with a numeric zone or
    /// a two-digit year, RFC 850, and C `asctime`.
    private static let dateFormats = [
        "EEE, dd MMM yyyy HH:mm:ss zzz",
        "EEE, dd MMM yyyy HH:mm:ss Z",
        "dd MMM yyyy HH:mm:ss zzz",
        "EEE, dd MMM yy HH:mm:ss zzz",
        "EEEE, dd-MMM-yy HH:mm:ss zzz",
        "EEE MMM d HH:mm:ss yyyy",
    ]

    /// Parses an HTTP or RFC 822 date, always in English and, without a zone, in GMT.
    static func parseHTTPDate(_ value: String) -> Date? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in dateFormats {
            formatter.dateFormat = format
            // `yyyy` also accepts a two-digit year as a year of the first century, so a date
            // before 1970 means the value needs the `yy` format further down the list.
            if let date = formatter.date(from: trimmed), date.timeIntervalSince1970 >= 0 {
                return date
            }
        }
        return nil
    }

    private static func nonNegative(_ interval: TimeInterval) -> Duration {
        .milliseconds(Int64(max(0, interval) * 1000))
    }
}
