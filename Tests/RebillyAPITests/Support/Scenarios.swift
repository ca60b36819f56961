import Foundation
import Testing

@testable import RebillyAPI

/// The scenarios every credential kind runs, one per documented status.
enum Scenarios {
    /// Returns an RFC 7807 body for `status` whose `detail` carries a canary, so tests can check that
    /// error messages leave the body out.
    static func problemBody(_ status: Int, invalidFields: [[String: String]] = []) -> String {
        var fields: [String: Any] = [
            "type": "https://api.rebilly.com/problems/\(status)", "title": "Problem \(status)", "status": status,
            "detail": "rejected \(Canary.emailPassword)",
        ]
        if !invalidFields.isEmpty {
            fields["invalidFields"] = invalidFields
        }
        return jsonText(fields)
    }

    static func problem(_ status: Int, invalidFields: [InvalidField] = []) -> Problem {
        Problem(
            type: "https://api.rebilly.com/problems/\(status)", title: "Problem \(status)", status: status,
            detail: "rejected \(Canary.emailPassword)", invalidFields: invalidFields)
    }

    /// Checks the documented success status: 200 for get and deactivate, 201 for create.
    static func success<R, C>(_ fixture: KindFixture<R, C>, _ operation: OperationKind) async throws {
        let transport = FakeTransport([fixture.step(operation, fixture.successResponse(operation))])
        let client = TestSetup.client(transport)

        let credential = try await fixture.run(operation, on: client)

        #expect(credential == fixture.expectedCredential(operation))
        #expect(transport.isFinished)
    }

    /// Checks that a 201 gives a new credential and its `Location`.
    static func create201<R, C>(_ fixture: KindFixture<R, C>) async throws {
        let transport = FakeTransport([fixture.step(.create, fixture.successResponse(.create))])

        let result = try await fixture.create(TestSetup.client(transport), fixture.request)

        #expect(result.outcome == .created)
        #expect(result.isNew)
        #expect(result.credential == fixture.expected)
        #expect(result.location?.path == fixture.memberPath)
        #expect(transport.isFinished)
    }

    /// Checks that a 303 with the existing credential in the body needs no second request.
    static func create303WithBody<R, C>(_ fixture: KindFixture<R, C>) async throws {
        let location = TestSetup.baseURL.absoluteString + fixture.memberPath
        let response = jsonResponse(303, fixture.responseJSON, headers: ["Location": location])
        let transport = FakeTransport([fixture.step(.create, response)])

        let result = try await fixture.create(TestSetup.client(transport), fixture.request)

        #expect(result.outcome == .existing)
        #expect(!result.isNew)
        #expect(result.credential == fixture.expected)
        #expect(result.location?.absoluteString == location)
        #expect(transport.requests.count == 1)
    }

    /// Checks that after a 303 with an empty body the client GETs `Location` with the API key.
    static func create303WithoutBody<R, C>(_ fixture: KindFixture<R, C>) async throws {
        let location = TestSetup.baseURL.absoluteString + fixture.memberPath
        let transport = FakeTransport([
            fixture.step(.create, HTTPResponse(status: 303, headers: ["Location": location])),
            FakeTransport.Step(
                method: .get, path: fixture.memberPath, body: nil,
                result: .success(jsonResponse(200, fixture.responseJSON))),
        ])

        let result = try await fixture.create(TestSetup.client(transport), fixture.request)

        #expect(result.outcome == .existing)
        #expect(result.credential == fixture.expected)
        #expect(result.location?.absoluteString == location)
        #expect(transport.isFinished)
    }

    /// Checks that a 401, 403, 404 or 422 is not retried and its typed error carries the problem.
    static func statusFailure<R, C>(_ fixture: KindFixture<R, C>, _ operation: OperationKind, status: Int) async {
        let invalidFields = status == 422 ? [InvalidField(field: "auth.password", message: "is required")] : []
        let body = problemBody(status, invalidFields: invalidFields.map { ["field": $0.field, "message": $0.message] })
        let transport = FakeTransport([fixture.step(operation, jsonResponse(status, body))])
        let client = TestSetup.client(transport)
        let line = fixture.requestLine(operation)
        let problem = problem(status, invalidFields: invalidFields)
        let expected = CredentialHashesClient.statusError(status, line: line, problem: problem)

        await expectAPIError(expected) { () async throws(APIError) in
            _ = try await fixture.run(operation, on: client)
        }

        #expect(transport.isFinished)
        #expect(expected.description.hasPrefix("\(line) failed with \(status)"))
        #expect(Canary.leaks(in: expected.description).isEmpty)
    }

    /// Checks that after a 429 with one of the wait headers the client waits as asked, then succeeds.
    static func rateLimited<R, C>(
        _ fixture: KindFixture<R, C>, _ operation: OperationKind, header: String, value: String,
        expectedWait: Duration
    ) async throws {
        let limited = jsonResponse(429, problemBody(429), headers: [header: value])
        let transport = FakeTransport([
            fixture.step(operation, limited), fixture.step(operation, fixture.successResponse(operation)),
        ])
        let clock = RecordingClock()
        let log = LogRecorder()
        let client = TestSetup.client(transport, clock: clock, log: log)

        let credential = try await fixture.run(operation, on: client)

        #expect(credential == fixture.expectedCredential(operation))
        #expect(clock.sleeps == [expectedWait])
        let retryLine = "retry 1 of 3 in \(CredentialHashesClient.format(expectedWait)) (\(header))"
        #expect(log.messages.contains { $0.contains(retryLine) })
        #expect(transport.isFinished)
    }

    /// Checks that with a 500 on every attempt the client backs off between attempts, then throws
    /// a server error.
    static func serverError<R, C>(_ fixture: KindFixture<R, C>, _ operation: OperationKind) async {
        let policy = RetryPolicy()
        let steps = (0..<policy.maxAttempts).map { _ in
            fixture.step(operation, jsonResponse(500, problemBody(500)))
        }
        let transport = FakeTransport(steps)
        let clock = RecordingClock(jitter: 0.5)
        let client = TestSetup.client(transport, clock: clock)
        let expected = APIError.server(
            fixture.requestLine(operation), status: 500, attempts: policy.maxAttempts, problem: problem(500))

        await expectAPIError(expected) { () async throws(APIError) in
            _ = try await fixture.run(operation, on: client)
        }

        // With jitter 0.5 each wait is 0.75 × 1 s × 2^(retry − 1).
        #expect(clock.sleeps == [.milliseconds(750), .milliseconds(1500), .milliseconds(3000)])
        #expect(transport.isFinished)
    }
}

/// The four wait headers of a 429, each asking for a different wait from ``RecordingClock/fixedNow``.
enum RateLimitHeader {
    static let retryAfterSeconds = (header: "Retry-After", value: "7", wait: Duration.seconds(7))
    static let retryAfterHTTPDate = (
        header: "Retry-After", value: "Tue, 14 Nov 2023 22:13:32 GMT", wait: Duration.seconds(12)
    )
    static let xRateLimitRetryAfter = (
        header: "X-RateLimit-Retry-After", value: "1700000015", wait: Duration.seconds(15)
    )
    static let rateLimitReset = (
        header: "Rate-Limit-Reset", value: "Tue, 14 Nov 2023 22:13:25 +0000", wait: Duration.seconds(5)
    )
}
