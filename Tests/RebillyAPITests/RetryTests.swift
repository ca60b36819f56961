import Foundation
import Testing

@testable import RebillyAPI

/// Retry decisions beyond the per-status scenarios: exhaustion, budgets, transport failures.
struct RetryTests {
    let fixture = Fixtures.mailgun

    @Test func serviceUnavailableWaitsForRetryAfter() async throws {
        let transport = FakeTransport([
            fixture.step(.get, HTTPResponse(status: 503, headers: ["Retry-After": "3"])),
            fixture.step(.get, fixture.successResponse(.get)),
        ])
        let clock = RecordingClock()

        let credential = try await fixture.get(TestSetup.client(transport, clock: clock), fixture.hash)

        #expect(credential == fixture.expected)
        #expect(clock.sleeps == [.seconds(3)])
    }

    @Test func rateLimitWithoutHeaderBacksOff() async throws {
        let transport = FakeTransport([
            fixture.step(.create, HTTPResponse(status: 429)),
            fixture.step(.create, fixture.successResponse(.create)),
        ])
        let clock = RecordingClock(jitter: 1)

        _ = try await fixture.create(TestSetup.client(transport, clock: clock), fixture.request)

        #expect(clock.sleeps == [RetryPolicy.defaultInitialBackoff])
    }

    @Test func rateLimitExhaustsAttempts() async {
        let policy = RetryPolicy(maxAttempts: 3)
        let steps = (0..<3).map { _ in fixture.step(.get, HTTPResponse(status: 429, headers: ["Retry-After": "2"])) }
        let transport = FakeTransport(steps)
        let clock = RecordingClock()
        let client = TestSetup.client(transport, clock: clock, retryPolicy: policy)
        let expected = APIError.rateLimited(fixture.requestLine(.get), status: 429, attempts: 3, retryAfterSeconds: 2)

        await expectAPIError(expected) { () async throws(APIError) in
            _ = try await fixture.get(client, fixture.hash)
        }

        #expect(clock.sleeps == [.seconds(2), .seconds(2)])
        #expect(transport.isFinished)
    }

    @Test func waitBeyondTotalLimitStopsAtOnce() async {
        let transport = FakeTransport([fixture.step(.get, HTTPResponse(status: 429, headers: ["Retry-After": "61"]))])
        let clock = RecordingClock()
        let log = LogRecorder()
        let expected = APIError.rateLimited(fixture.requestLine(.get), status: 429, attempts: 1, retryAfterSeconds: 61)

        await expectAPIError(expected) { () async throws(APIError) in
            _ = try await fixture.get(TestSetup.client(transport, clock: clock, log: log), fixture.hash)
        }

        #expect(clock.sleeps.isEmpty)
        #expect(log.messages.contains { $0.contains("not retrying after 1 attempts: a wait of 61.0 s would pass") })
    }

    @Test func totalWaitStaysWithinLimit() async {
        let policy = RetryPolicy(maxAttempts: 10, maxTotalDelay: .seconds(10))
        let steps = (0..<4).map { _ in fixture.step(.get, HTTPResponse(status: 503, headers: ["Retry-After": "4"])) }
        let transport = FakeTransport(steps)
        let clock = RecordingClock()
        let client = TestSetup.client(transport, clock: clock, retryPolicy: policy)

        await expectAPIError(.rateLimited(fixture.requestLine(.get), status: 503, attempts: 3, retryAfterSeconds: 4)) {
            () async throws(APIError) in
            _ = try await fixture.get(client, fixture.hash)
        }

        #expect(clock.sleeps == [.seconds(4), .seconds(4)])
    }

    @Test func serverErrorThenSuccess() async throws {
        let transport = FakeTransport([
            fixture.step(.deactivate, HTTPResponse(status: 502)),
            fixture.step(.deactivate, fixture.successResponse(.deactivate)),
        ])

        let credential = try await fixture.deactivate(TestSetup.client(transport), fixture.hash)

        #expect(credential.status == .deactivated)
    }

    @Test func timeoutOnCreateRetriesAndFindsExisting() async throws {
        let location = TestSetup.baseURL.absoluteString + fixture.memberPath
        let transport = FakeTransport([
            fixture.step(.create, failing: .timedOut(seconds: 5)),
            fixture.step(.create, jsonResponse(303, fixture.responseJSON, headers: ["Location": location])),
        ])
        let clock = RecordingClock(jitter: 0)

        let result = try await fixture.create(TestSetup.client(transport, clock: clock), fixture.request)

        #expect(result.outcome == .existing)
        #expect(clock.sleeps == [.milliseconds(500)])
    }

    @Test func transportFailureExhaustsAttempts() async {
        let transport = FakeTransport((0..<2).map { _ in fixture.step(.get, failing: .connectionRefused) })
        let client = TestSetup.client(transport, retryPolicy: RetryPolicy(maxAttempts: 2))

        await expectAPIError(.transport(fixture.requestLine(.get), .connectionRefused, attempts: 2)) {
            () async throws(APIError) in
            _ = try await fixture.get(client, fixture.hash)
        }
    }

    @Test func tlsFailureIsNotRetried() async {
        let failure = TransportError.tls(reason: "SSL certificate problem: self-signed certificate")
        let transport = FakeTransport([fixture.step(.get, failing: failure)])
        let clock = RecordingClock()

        await expectAPIError(.transport(fixture.requestLine(.get), failure, attempts: 1)) { () async throws(APIError) in
            _ = try await fixture.get(TestSetup.client(transport, clock: clock), fixture.hash)
        }

        #expect(clock.sleeps.isEmpty)
    }

    @Test func cancelledWaitStopsRetrying() async {
        let transport = FakeTransport([fixture.step(.get, HTTPResponse(status: 500))])
        let clock = RecordingClock(failSleeps: true)

        await expectAPIError(.transport(fixture.requestLine(.get), .cancelled, attempts: 1)) {
            () async throws(APIError) in
            _ = try await fixture.get(TestSetup.client(transport, clock: clock), fixture.hash)
        }
    }

    @Test func policyNoneSendsOnce() async {
        let transport = FakeTransport([fixture.step(.get, HTTPResponse(status: 500))])
        let client = TestSetup.client(transport, retryPolicy: .none)

        await expectAPIError(.server(fixture.requestLine(.get), status: 500, attempts: 1, problem: nil)) {
            () async throws(APIError) in
            _ = try await fixture.get(client, fixture.hash)
        }
    }

    @Test func backoffDoublesUpToCap() {
        let policy = RetryPolicy(initialBackoff: .seconds(1), maxBackoff: .seconds(5))

        #expect(policy.backoff(beforeRetry: 1, jitter: 1) == .seconds(1))
        #expect(policy.backoff(beforeRetry: 2, jitter: 1) == .seconds(2))
        #expect(policy.backoff(beforeRetry: 3, jitter: 1) == .seconds(4))
        #expect(policy.backoff(beforeRetry: 4, jitter: 1) == .seconds(5))
        #expect(policy.backoff(beforeRetry: 60, jitter: 1) == .seconds(5))
    }

    @Test func jitterHalvesAtMost() {
        let policy = RetryPolicy(initialBackoff: .seconds(2))

        #expect(policy.backoff(beforeRetry: 1, jitter: 0) == .seconds(1))
        #expect(policy.backoff(beforeRetry: 1, jitter: -3) == .seconds(1))
        #expect(policy.backoff(beforeRetry: 1, jitter: 7) == .seconds(2))
    }
}
