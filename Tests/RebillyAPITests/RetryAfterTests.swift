import Foundation
import Testing

@testable import RebillyAPI

struct RetryAfterTests {
    let now = RecordingClock.fixedNow

    private func parse(_ headers: [String: String]) -> RetryAfter? {
        RetryAfter.parse(HTTPResponse(status: 429, headers: headers), now: now)
    }

    @Test func retryAfterSeconds() {
        #expect(parse(["retry-after": " 9 "]) == RetryAfter(delay: .seconds(9), header: "Retry-After"))
    }

    @Test(arguments: [
        "Tue, 14 Nov 2023 22:13:30 GMT",
        "Tuesday, 14-Nov-23 22:13:30 GMT",
        "Tue Nov 14 22:13:30 2023",
    ])
    func retryAfterHTTPDateForms(value: String) {
        #expect(parse(["Retry-After": value])?.delay == .seconds(10))
    }

    @Test func xRateLimitRetryAfterUnixTime() {
        #expect(
            parse(["X-RateLimit-Retry-After": "1700000042"])
                == RetryAfter(delay: .seconds(42), header: "X-RateLimit-Retry-After"))
    }

    @Test(arguments: [
        "Tue, 14 Nov 2023 22:13:30 GMT",
        "Tue, 14 Nov 2023 22:13:30 +0000",
        "Tue, 14 Nov 23 22:13:30 GMT",
        "14 Nov 2023 22:13:30 GMT",
    ])
    func rateLimitResetRFC822Forms(value: String) {
        #expect(parse(["Rate-Limit-Reset": value]) == RetryAfter(delay: .seconds(10), header: "Rate-Limit-Reset"))
    }

    @Test func retryAfterTakesPrecedence() {
        let headers = [
            "Retry-After": "1", "X-RateLimit-Retry-After": "1700000042",
            "Rate-Limit-Reset": "Tue, 14 Nov 2023 22:13:30 GMT",
        ]

        #expect(parse(headers)?.header == "Retry-After")
    }

    @Test func invalidRetryAfterFallsBackToNextHeader() {
        #expect(parse(["Retry-After": "soon", "X-RateLimit-Retry-After": "1700000005"])?.delay == .seconds(5))
    }

    @Test func pastTimeGivesZeroWait() {
        #expect(parse(["X-RateLimit-Retry-After": "1600000000"])?.delay == .zero)
        #expect(parse(["Retry-After": "-4"])?.delay == .zero)
        #expect(parse(["Rate-Limit-Reset": "Mon, 13 Nov 2023 00:00:00 GMT"])?.delay == .zero)
    }

    @Test func noUsableHeaderGivesNil() {
        #expect(parse([:]) == nil)
        #expect(parse(["Retry-After": "later", "Rate-Limit-Reset": "tomorrow"]) == nil)
    }
}
