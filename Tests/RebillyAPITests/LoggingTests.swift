import Foundation
import Testing

@testable import RebillyAPI

struct LoggingTests {
    @Test func exchangeAndRetryAreLogged() async throws {
        let fixture = Fixtures.mailgun
        let transport = FakeTransport([
            fixture.step(.get, HTTPResponse(status: 503, headers: ["Retry-After": "2"])),
            fixture.step(.get, fixture.successResponse(.get)),
        ])
        let log = LogRecorder()

        _ = try await fixture.get(TestSetup.client(transport, log: log), fixture.hash)

        let messages = log.messages
        let prefix = "api.getMailgunCredential: GET \(fixture.memberPath)"
        #expect(messages.count == 3)
        #expect(messages[0].hasPrefix("\(prefix) -> 503 in "))
        #expect(messages[1] == "\(prefix) retry 1 of 3 in 2.0 s (Retry-After)")
        #expect(messages[2].hasPrefix("\(prefix) -> 200 in "))
        #expect(messages[2].hasSuffix(" ms"))
    }

    @Test func transportFailureIsLogged() async throws {
        let fixture = Fixtures.mailgun
        let transport = FakeTransport([
            fixture.step(.get, failing: .hostNotFound),
            fixture.step(.get, fixture.successResponse(.get)),
        ])
        let log = LogRecorder()

        _ = try await fixture.get(TestSetup.client(transport, clock: RecordingClock(jitter: 0), log: log), fixture.hash)

        #expect(log.messages.first == "api.getMailgunCredential: GET \(fixture.memberPath) failed: host not found")
        #expect(log.messages.dropFirst().first?.hasSuffix("retry 1 of 3 in 500 ms (backoff)") == true)
    }

    @Test func durationFormat() {
        #expect(CredentialHashesClient.format(.milliseconds(84)) == "84 ms")
        #expect(CredentialHashesClient.format(.milliseconds(1500)) == "1.5 s")
        #expect(CredentialHashesClient.format(.seconds(61)) == "61.0 s")
    }
}
