import Testing

@testable import RebillyAPI

/// Every documented status of the Amazon SES operations, through a ``FakeTransport``.
struct AWSSESCredentialTests {
    let fixture = Fixtures.awsSES

    // MARK: - get

    @Test func getAWSSESCredential_200() async throws {
        try await Scenarios.success(fixture, .get)
    }

    @Test func getAWSSESCredential_401() async {
        await Scenarios.statusFailure(fixture, .get, status: 401)
    }

    @Test func getAWSSESCredential_403() async {
        await Scenarios.statusFailure(fixture, .get, status: 403)
    }

    @Test func getAWSSESCredential_404() async {
        await Scenarios.statusFailure(fixture, .get, status: 404)
    }

    @Test func getAWSSESCredential_429_retryAfterSeconds() async throws {
        try await rateLimited(.get, RateLimitHeader.retryAfterSeconds)
    }

    @Test func getAWSSESCredential_429_retryAfterHTTPDate() async throws {
        try await rateLimited(.get, RateLimitHeader.retryAfterHTTPDate)
    }

    @Test func getAWSSESCredential_429_xRateLimitRetryAfter() async throws {
        try await rateLimited(.get, RateLimitHeader.xRateLimitRetryAfter)
    }

    @Test func getAWSSESCredential_429_rateLimitReset() async throws {
        try await rateLimited(.get, RateLimitHeader.rateLimitReset)
    }

    @Test func getAWSSESCredential_500() async {
        await Scenarios.serverError(fixture, .get)
    }

    // MARK: - create

    @Test func createAWSSESCredential_201() async throws {
        try await Scenarios.create201(fixture)
    }

    @Test func createAWSSESCredential_303_withBody() async throws {
        try await Scenarios.create303WithBody(fixture)
    }

    @Test func createAWSSESCredential_303_withoutBody() async throws {
        try await Scenarios.create303WithoutBody(fixture)
    }

    @Test func createAWSSESCredential_401() async {
        await Scenarios.statusFailure(fixture, .create, status: 401)
    }

    @Test func createAWSSESCredential_403() async {
        await Scenarios.statusFailure(fixture, .create, status: 403)
    }

    @Test func createAWSSESCredential_422() async {
        await Scenarios.statusFailure(fixture, .create, status: 422)
    }

    @Test func createAWSSESCredential_429_retryAfterSeconds() async throws {
        try await rateLimited(.create, RateLimitHeader.retryAfterSeconds)
    }

    @Test func createAWSSESCredential_429_retryAfterHTTPDate() async throws {
        try await rateLimited(.create, RateLimitHeader.retryAfterHTTPDate)
    }

    @Test func createAWSSESCredential_429_xRateLimitRetryAfter() async throws {
        try await rateLimited(.create, RateLimitHeader.xRateLimitRetryAfter)
    }

    @Test func createAWSSESCredential_429_rateLimitReset() async throws {
        try await rateLimited(.create, RateLimitHeader.rateLimitReset)
    }

    @Test func createAWSSESCredential_500() async {
        await Scenarios.serverError(fixture, .create)
    }

    // MARK: - deactivate

    @Test func deactivateAWSSESCredential_200() async throws {
        try await Scenarios.success(fixture, .deactivate)
    }

    @Test func deactivateAWSSESCredential_401() async {
        await Scenarios.statusFailure(fixture, .deactivate, status: 401)
    }

    @Test func deactivateAWSSESCredential_403() async {
        await Scenarios.statusFailure(fixture, .deactivate, status: 403)
    }

    @Test func deactivateAWSSESCredential_404() async {
        await Scenarios.statusFailure(fixture, .deactivate, status: 404)
    }

    @Test func deactivateAWSSESCredential_422() async {
        await Scenarios.statusFailure(fixture, .deactivate, status: 422)
    }

    @Test func deactivateAWSSESCredential_429_retryAfterSeconds() async throws {
        try await rateLimited(.deactivate, RateLimitHeader.retryAfterSeconds)
    }

    @Test func deactivateAWSSESCredential_429_retryAfterHTTPDate() async throws {
        try await rateLimited(.deactivate, RateLimitHeader.retryAfterHTTPDate)
    }

    @Test func deactivateAWSSESCredential_429_xRateLimitRetryAfter() async throws {
        try await rateLimited(.deactivate, RateLimitHeader.xRateLimitRetryAfter)
    }

    @Test func deactivateAWSSESCredential_429_rateLimitReset() async throws {
        try await rateLimited(.deactivate, RateLimitHeader.rateLimitReset)
    }

    @Test func deactivateAWSSESCredential_500() async {
        await Scenarios.serverError(fixture, .deactivate)
    }

    private func rateLimited(
        _ operation: OperationKind, _ form: (header: String, value: String, wait: Duration)
    ) async throws {
        try await Scenarios.rateLimited(
            fixture, operation, header: form.header, value: form.value, expectedWait: form.wait)
    }
}
