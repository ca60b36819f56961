import Foundation
import Testing

@testable import RebillyAPI

/// Checks every ``APIError`` message against the project's message style.
struct ErrorStyleTests {
    static let line = RequestLine(method: .post, path: "/credential-hashes/emails")
    static let problem = Problem(title: "Validation error", status: 422, detail: "detail text")

    /// One value of every case, with payloads that exercise each branch of `description`.
    static let allErrors: [APIError] = [
        .missingAPIKey,
        .invalidAPIKey,
        .invalidEnvironment("prod"),
        .invalidEnvironment("it's"),
        .invalidAPIURL("ftp://x"),
        .invalidOrganizationID("a/b"),
        .invalidHash("../x"),
        .invalidHash(String(repeating: "x", count: 200)),
        .unauthorized(line, nil),
        .forbidden(line, problem),
        .notFound(line, nil),
        .validation(line, invalidFields: [], problem: nil),
        .validation(
            line,
            invalidFields: [
                InvalidField(field: "auth.password", message: "is required"), InvalidField(field: "", message: "bad"),
            ],
            problem: problem),
        .rateLimited(line, status: 429, attempts: 4, retryAfterSeconds: 120),
        .rateLimited(line, status: 503, attempts: 1, retryAfterSeconds: nil),
        .server(line, status: 500, attempts: 4, problem: nil),
        .unexpectedStatus(line, status: 400, problem: problem),
        .transport(line, .timedOut(seconds: 30), attempts: 4),
        .transport(line, .connectionRefused, attempts: 1),
        .transport(line, .connectionLost, attempts: 2),
        .transport(line, .hostNotFound, attempts: 2),
        .transport(line, .tls(reason: "SSL certificate problem: self-signed certificate"), attempts: 1),
        .transport(line, .cancelled, attempts: 1),
        .transport(line, .other(code: -1), attempts: 1),
        .invalidResponse(line, status: 201, reason: "missing field 'host'"),
        .locationRejected(
            line, status: 303, location: "https://elsewhere.invalid/x", apiOrigin: "https://api.invalid:443"),
    ]

    @Test(arguments: allErrors)
    func messageFollowsStyle(error: APIError) throws {
        let message = error.description
        let first = try #require(message.first)
        let startsWithMethod = ["GET ", "POST ", "PATCH "].contains { message.hasPrefix($0) }

        #expect(first.isLowercase || startsWithMethod, "must start lowercase or with the HTTP method: \(message)")
        #expect(!message.hasSuffix("."), "must not end with a period: \(message)")
        #expect(message.filter { $0 == "'" }.count % 2 == 0, "unbalanced quotes: \(message)")
        #expect(!message.contains("\n"), "must be one line: \(message)")
        #expect(!message.contains("detail text"), "must not contain the problem detail: \(message)")
    }

    @Test func validationMessageListsFields() {
        let error = APIError.validation(
            Self.line, invalidFields: [InvalidField(field: "auth.password", message: "is required")], problem: nil)

        #expect(
            error.description
                == "POST /credential-hashes/emails failed with 422 validation error: auth.password: is required")
    }

    @Test func quotedValueIsCutAndCleaned() {
        #expect(quoted("a'b\nc") == "'a?b?c'")
        #expect(quoted(String(repeating: "x", count: 81)) == "'\(String(repeating: "x", count: 80))…'")
    }
}
