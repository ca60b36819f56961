import Testing

@testable import RebillyAPI

/// Every documented status of the email (SMTP) operations, through a ``FakeTransport``.
struct EmailCredentialTests {
    let fixture = Fixtures.email

    // MARK: - get

    @Test func getEmailCredential_200() async throws {
        try await Scenarios.success(fixture, .get)
    }

    @Test func getEmailCredential_401() async {
        await Scenarios.statusFailure(fixture, .get, status: 401)
    }

    @Test func getEmailCredential_403() async {
        await Scenarios.statusFailure(fixture, .get, status: 403)
    }

    @Test func getEmailCredential_404() async {
        await Scenarios.statusFailure(fixture, .get, status: 404)
    }

    @Test func getEmailCredential_429_retryAfterSeconds() async throws {
        try await rateLimited(.get, RateLimitHeader.retryAfterSeconds)
    }

    @Test func getEmailCredential_429_retryAfterHTTPDate() async throws {
        try await rateLimited(.get, RateLimitHeader.retryAfterHTTPDate)
    }

    @Test func getEmailCredential_429_xRateLimitRetryAfter() async throws {
        try await rateLimited(.get, RateLimitHeader.xRateLimitRetryAfter)
    }

    @Test func getEmailCredential_429_rateLimitReset() async throws {
        try await rateLimited(.get, RateLimitHeader.rateLimitReset)
    }

    @Test func getEmailCredential_500() async {
        await Scenarios.serverError(fixture, .get)
    }

    // MARK: - create

    @Test func createEmailCredential_201() async throws {
        try await Scenarios.create201(fixture)
    }

    @Test func createEmailCredential_303_withBody() async throws {
        try await Scenarios.create303WithBody(fixture)
    }

    @Test func createEmailCredential_303_withoutBody() async throws {
        try await Scenarios.create303WithoutBody(fixture)
    }

    @Test func createEmailCredential_401() async {
        await Scenarios.statusFailure(fixture, .create, status: 401)
    }

    @Test func createEmailCredential_403() async {
        await Scenarios.statusFailure(fixture, .create, status: 403)
    }

    @Test func createEmailCredential_422() async {
        await Scenarios.statusFailure(fixture, .create, status: 422)
    }

    @Test func createEmailCredential_429_retryAfterSeconds() async throws {
        try await rateLimited(.create, RateLimitHeader.retryAfterSeconds)
    }

    @Test func createEmailCredential_429_retryAfterHTTPDate() async throws {
        try await rateLimited(.create, RateLimitHeader.retryAfterHTTPDate)
    }

    @Test func createEmailCredential_429_xRateLimitRetryAfter() async throws {
        try await rateLimited(.create, RateLimitHeader.xRateLimitRetryAfter)
    }

    @Test func createEmailCredential_429_rateLimitReset() async throws {
        try await rateLimited(.create, RateLimitHeader.rateLimitReset)
    }

    @Test func createEmailCredential_500() async {
        await Scenarios.serverError(fixture, .create)
    }

    // MARK: - deactivate

    @Test func deactivateEmailCredential_200() async throws {
        try await Scenarios.success(fixture, .deactivate)
    }

    @Test func deactivateEmailCredential_401() async {
        await Scenarios.statusFailure(fixture, .deactivate, status: 401)
    }

    @Test func deactivateEmailCredential_403() async {
        await Scenarios.statusFailure(fixture, .deactivate, status: 403)
    }

    @Test func deactivateEmailCredential_404() async {
        await Scenarios.statusFailure(fixture, .deactivate, status: 404)
    }

    @Test func deactivateEmailCredential_422() async {
        await Scenarios.statusFailure(fixture, .deactivate, status: 422)
    }

    @Test func deactivateEmailCredential_429_retryAfterSeconds() async throws {
        try await rateLimited(.deactivate, RateLimitHeader.retryAfterSeconds)
    }

    @Test func deactivateEmailCredential_429_retryAfterHTTPDate() async throws {
        try await rateLimited(.deactivate, RateLimitHeader.retryAfterHTTPDate)
    }

    @Test func deactivateEmailCredential_429_xRateLimitRetryAfter() async throws {
        try await rateLimited(.deactivate, RateLimitHeader.xRateLimitRetryAfter)
    }

    @Test func deactivateEmailCredential_429_rateLimitReset() async throws {
        try await rateLimited(.deactivate, RateLimitHeader.rateLimitReset)
    }

    @Test func deactivateEmailCredential_500() async {
        await Scenarios.serverError(fixture, .deactivate)
    }

    private func rateLimited(
        _ operation: OperationKind, _ form: (header: String, value: String, wait: Duration)
    ) async throws {
        try await Scenarios.rateLimited(
            fixture, operation, header: form.header, value: form.value, expectedWait: form.wait)
    }
}
