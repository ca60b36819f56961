import Foundation
import Testing

@testable import RebillyAPI

/// Secret values that must never show up in a message, a log line or a description.
enum Canary {
    static let emailPassword = "canary-smtp-password-8c1e"
    static let webhookConsumerSecret = "canary-consumer-secret-27b4"
    static let webhookToken = "canary-token-51fa"
    static let webhookTokenSecret = "canary-token-secret-9d03"
    static let mailgunAPIKey = "canary-mailgun-key-f6a2"
    static let sesSecret = "canary-ses-secret-3e7b"

    /// Every canary, the test API key included.
    static let all = [
        emailPassword, webhookConsumerSecret, webhookToken, webhookTokenSecret, mailgunAPIKey, sesSecret, TestSetup.apiKey,
    ]

    /// Returns the canaries that occur in `text`.
    static func leaks(in text: String) -> [String] {
        all.filter { text.contains($0) }
    }
}

/// The operation a scenario exercises.
enum OperationKind: Sendable {
    case get, create, deactivate
}

/// Everything the shared scenarios need to exercise one credential kind.
struct KindFixture<Request: Sendable, Credential: CredentialResource & Equatable>: Sendable {
    let collectionPath: String
    let hash: String
    let request: Request
    /// The body the create request must send.
    let requestJSON: String
    /// The active credential as the server returns it, echoing its secrets.
    let responseFields: [String: any Sendable]
    /// The model decoded from ``responseFields``.
    let expected: Credential
    /// The model decoded from the deactivated variant of ``responseFields``.
    let expectedDeactivated: Credential
    let create: @Sendable (CredentialHashesClient, Request) async throws(APIError) -> CreateResult<Credential>
    let get: @Sendable (CredentialHashesClient, String) async throws(APIError) -> Credential
    let deactivate: @Sendable (CredentialHashesClient, String) async throws(APIError) -> Credential

    /// The time the deactivated variant reports.
    static var deactivationTimeText: String { "2023-11-14T22:13:20Z" }

    var memberPath: String { "\(collectionPath)/\(hash)" }

    var responseJSON: String { jsonText(responseFields) }

    var deactivatedJSON: String {
        var fields = responseFields
        fields["status"] = "deactivated"
        fields["deactivationTime"] = Self.deactivationTimeText
        return jsonText(fields)
    }

    func method(_ operation: OperationKind) -> HTTPMethod {
        switch operation {
        case .get: return .get
        case .create: return .post
        case .deactivate: return .patch
        }
    }

    func path(_ operation: OperationKind) -> String {
        operation == .create ? collectionPath : memberPath
    }

    func requestLine(_ operation: OperationKind) -> RequestLine {
        RequestLine(method: method(operation), path: path(operation))
    }

    /// Returns the body the operation must send.
    func body(_ operation: OperationKind) -> String? {
        switch operation {
        case .get: return nil
        case .create: return requestJSON
        case .deactivate: return #"{"status":"deactivated"}"#
        }
    }

    /// Returns the documented success response of the operation.
    func successResponse(_ operation: OperationKind) -> HTTPResponse {
        switch operation {
        case .get: return jsonResponse(200, responseJSON)
        case .create:
            return jsonResponse(201, responseJSON, headers: ["Location": TestSetup.baseURL.absoluteString + memberPath])
        case .deactivate: return jsonResponse(200, deactivatedJSON)
        }
    }

    func expectedCredential(_ operation: OperationKind) -> Credential {
        operation == .deactivate ? expectedDeactivated : expected
    }

    /// Returns a scripted step for `operation` that returns `response`.
    func step(_ operation: OperationKind, _ response: HTTPResponse) -> FakeTransport.Step {
        FakeTransport.Step(
            method: method(operation), path: path(operation), body: body(operation), result: .success(response))
    }

    /// Returns a scripted step for `operation` that fails with `error`.
    func step(_ operation: OperationKind, failing error: TransportError) -> FakeTransport.Step {
        FakeTransport.Step(
            method: method(operation), path: path(operation), body: body(operation), result: .failure(error))
    }

    /// Calls `operation` on `client` and returns the credential.
    func run(_ operation: OperationKind, on client: CredentialHashesClient) async throws(APIError) -> Credential {
        switch operation {
        case .get: return try await get(client, hash)
        case .create: return try await create(client, request).credential
        case .deactivate: return try await deactivate(client, hash)
        }
    }
}

/// Returns the metadata of an active or deactivated test credential.
func testMetadata(hash: String, path: String, deactivated: Bool, links: Bool = true) -> CredentialMetadata {
    CredentialMetadata(
        hash: hash, status: deactivated ? .deactivated : .active,
        deactivationTime: deactivated ? Date(timeIntervalSince1970: 1_700_000_000) : nil,
        links: links ? [CredentialLink(href: TestSetup.baseURL.absoluteString + path, rel: "self")] : [])
}

/// Returns the `_links` array for a credential at `path`.
func selfLinks(_ path: String) -> [[String: String]] {
    [["href": TestSetup.baseURL.absoluteString + path, "rel": "self"]]
}
