import Testing

@testable import RebillyAPI

/// Every documented status of the webhook operations, through a ``FakeTransport``.
struct WebhookCredentialTests {
    let fixture = Fixtures.webhook

    // MARK: - get

    @Test func getWebhookCredential_200() async throws {
        try await Scenarios.success(fixture, .get)
    }

    @Test func getWebhookCredential_401() async {
        await Scenarios.statusFailure(fixture, .get, status: 401)
    }

    @Test func getWebhookCredential_403() async {
        await Scenarios.statusFailure(fixture, .get, status: 403)
    }

    @Test func getWebhookCredential_404() async {
        await Scenarios.statusFailure(fixture, .get, status: 404)
    }

    @Test func getWebhookCredential_429_retryAfterSeconds() async throws {
        try await rateLimited(.get, RateLimitHeader.retryAfterSeconds)
    }

    @Test func getWebhookCredential_429_retryAfterHTTPDate() async throws {
        try await rateLimited(.get, RateLimitHeader.retryAfterHTTPDate)
    }

    @Test func getWebhookCredential_429_xRateLimitRetryAfter() async throws {
        try await rateLimited(.get, RateLimitHeader.xRateLimitRetryAfter)
    }

    @Test func getWebhookCredential_429_rateLimitReset() async throws {
        try await rateLimited(.get, RateLimitHeader.rateLimitReset)
    }

    @Test func getWebhookCredential_500() async {
        await Scenarios.serverError(fixture, .get)
    }

    // MARK: - create

    @Test func createWebhookCredential_201() async throws {
        try await Scenarios.create201(fixture)
    }

    @Test func createWebhookCredential_303_withBody() async throws {
        try await Scenarios.create303WithBody(fixture)
    }

    @Test func createWebhookCredential_303_withoutBody() async throws {
        try await Scenarios.create303WithoutBody(fixture)
    }

    @Test func createWebhookCredential_401() async {
        await Scenarios.statusFailure(fixture, .create, status: 401)
    }

    @Test func createWebhookCredential_403() async {
        await Scenarios.statusFailure(fixture, .create, status: 403)
    }

    @Test func createWebhookCredential_422() async {
        await Scenarios.statusFailure(fixture, .create, status: 422)
    }

    @Test func createWebhookCredential_429_retryAfterSeconds() async throws {
        try await rateLimited(.create, RateLimitHeader.retryAfterSeconds)
    }

    @Test func createWebhookCredential_429_retryAfterHTTPDate() async throws {
        try await rateLimited(.create, RateLimitHeader.retryAfterHTTPDate)
    }

    @Test func createWebhookCredential_429_xRateLimitRetryAfter() async throws {
        try await rateLimited(.create, RateLimitHeader.xRateLimitRetryAfter)
    }

    @Test func createWebhookCredential_429_rateLimitReset() async throws {
        try await rateLimited(.create, RateLimitHeader.rateLimitReset)
    }

    @Test func createWebhookCredential_500() async {
        await Scenarios.serverError(fixture, .create)
    }

    // MARK: - deactivate

    @Test func deactivateWebhookCredential_200() async throws {
        try await Scenarios.success(fixture, .deactivate)
    }

    @Test func deactivateWebhookCredential_401() async {
        await Scenarios.statusFailure(fixture, .deactivate, status: 401)
    }

    @Test func deactivateWebhookCredential_403() async {
        await Scenarios.statusFailure(fixture, .deactivate, status: 403)
    }

    @Test func deactivateWebhookCredential_404() async {
        await Scenarios.statusFailure(fixture, .deactivate, status: 404)
    }

    @Test func deactivateWebhookCredential_422() async {
        await Scenarios.statusFailure(fixture, .deactivate, status: 422)
    }

    @Test func deactivateWebhookCredential_429_retryAfterSeconds() async throws {
        try await rateLimited(.deactivate, RateLimitHeader.retryAfterSeconds)
    }

    @Test func deactivateWebhookCredential_429_retryAfterHTTPDate() async throws {
        try await rateLimited(.deactivate, RateLimitHeader.retryAfterHTTPDate)
    }

    @Test func deactivateWebhookCredential_429_xRateLimitRetryAfter() async throws {
        try await rateLimited(.deactivate, RateLimitHeader.xRateLimitRetryAfter)
    }

    @Test func deactivateWebhookCredential_429_rateLimitReset() async throws {
        try await rateLimited(.deactivate, RateLimitHeader.rateLimitReset)
    }

    @Test func deactivateWebhookCredential_500() async {
        await Scenarios.serverError(fixture, .deactivate)
    }

    private func rateLimited(
        _ operation: OperationKind, _ form: (header: String, value: String, wait: Duration)
    ) async throws {
        try await Scenarios.rateLimited(
            fixture, operation, header: form.header, value: form.value, expectedWait: form.wait)
    }
}
