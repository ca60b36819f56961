import Testing

@testable import RebillyAPI

/// Every documented status of the Mailgun operations, through a ``FakeTransport``.
struct MailgunCredentialTests {
    let fixture = Fixtures.mailgun

    // MARK: - get

    @Test func getMailgunCredential_200() async throws {
        try await Scenarios.success(fixture, .get)
    }

    @Test func getMailgunCredential_401() async {
        await Scenarios.statusFailure(fixture, .get, status: 401)
    }

    @Test func getMailgunCredential_403() async {
        await Scenarios.statusFailure(fixture, .get, status: 403)
    }

    @Test func getMailgunCredential_404() async {
        await Scenarios.statusFailure(fixture, .get, status: 404)
    }

    @Test func getMailgunCredential_429_retryAfterSeconds() async throws {
        try await rateLimited(.get, RateLimitHeader.retryAfterSeconds)
    }

    @Test func getMailgunCredential_429_retryAfterHTTPDate() async throws {
        try await rateLimited(.get, RateLimitHeader.retryAfterHTTPDate)
    }

    @Test func getMailgunCredential_429_xRateLimitRetryAfter() async throws {
        try await rateLimited(.get, RateLimitHeader.xRateLimitRetryAfter)
    }

    @Test func getMailgunCredential_429_rateLimitReset() async throws {
        try await rateLimited(.get, RateLimitHeader.rateLimitReset)
    }

    @Test func getMailgunCredential_500() async {
        await Scenarios.serverError(fixture, .get)
    }

    // MARK: - create

    @Test func createMailgunCredential_201() async throws {
        try await Scenarios.create201(fixture)
    }

    @Test func createMailgunCredential_303_withBody() async throws {
        try await Scenarios.create303WithBody(fixture)
    }

    @Test func createMailgunCredential_303_withoutBody() async throws {
        try await Scenarios.create303WithoutBody(fixture)
    }

    @Test func createMailgunCredential_401() async {
        await Scenarios.statusFailure(fixture, .create, status: 401)
    }

    @Test func createMailgunCredential_403() async {
        await Scenarios.statusFailure(fixture, .create, status: 403)
    }

    @Test func createMailgunCredential_422() async {
        await Scenarios.statusFailure(fixture, .create, status: 422)
    }

    @Test func createMailgunCredential_429_retryAfterSeconds() async throws {
        try await rateLimited(.create, RateLimitHeader.retryAfterSeconds)
    }

    @Test func createMailgunCredential_429_retryAfterHTTPDate() async throws {
        try await rateLimited(.create, RateLimitHeader.retryAfterHTTPDate)
    }

    @Test func createMailgunCredential_429_xRateLimitRetryAfter() async throws {
        try await rateLimited(.create, RateLimitHeader.xRateLimitRetryAfter)
    }

    @Test func createMailgunCredential_429_rateLimitReset() async throws {
        try await rateLimited(.create, RateLimitHeader.rateLimitReset)
    }

    @Test func createMailgunCredential_500() async {
        await Scenarios.serverError(fixture, .create)
    }

    // MARK: - deactivate

    @Test func deactivateMailgunCredential_200() async throws {
        try await Scenarios.success(fixture, .deactivate)
    }

    @Test func deactivateMailgunCredential_401() async {
        await Scenarios.statusFailure(fixture, .deactivate, status: 401)
    }

    @Test func deactivateMailgunCredential_403() async {
        await Scenarios.statusFailure(fixture, .deactivate, status: 403)
    }

    @Test func deactivateMailgunCredential_404() async {
        await Scenarios.statusFailure(fixture, .deactivate, status: 404)
    }

    @Test func deactivateMailgunCredential_422() async {
        await Scenarios.statusFailure(fixture, .deactivate, status: 422)
    }

    @Test func deactivateMailgunCredential_429_retryAfterSeconds() async throws {
        try await rateLimited(.deactivate, RateLimitHeader.retryAfterSeconds)
    }

    @Test func deactivateMailgunCredential_429_retryAfterHTTPDate() async throws {
        try await rateLimited(.deactivate, RateLimitHeader.retryAfterHTTPDate)
    }

    @Test func deactivateMailgunCredential_429_xRateLimitRetryAfter() async throws {
        try await rateLimited(.deactivate, RateLimitHeader.xRateLimitRetryAfter)
    }

    @Test func deactivateMailgunCredential_429_rateLimitReset() async throws {
        try await rateLimited(.deactivate, RateLimitHeader.rateLimitReset)
    }

    @Test func deactivateMailgunCredential_500() async {
        await Scenarios.serverError(fixture, .deactivate)
    }

    private func rateLimited(
        _ operation: OperationKind, _ form: (header: String, value: String, wait: Duration)
    ) async throws {
        try await Scenarios.rateLimited(
            fixture, operation, header: form.header, value: form.value, expectedWait: form.wait)
    }
}
