import Foundation
import Testing

@testable import RebillyAPI

/// A create's answer is recorded as the credential's hash, so one that names another kind or
/// another hash is rejected.
struct CreateAnswerCheckTests {
    static let line = RequestLine(method: .post, path: "/credential-hashes/emails")
    static let hash = "b120c2ca-6c2b-4690-9dff-3b0d87852dc7"

    static func check(_ hash: String, location: String?) throws(APIError) {
        try CredentialHashesClient.checkCreated(
            hash, location: location.flatMap(URL.init(string:)), collectionPath: "/credential-hashes/emails",
            status: 303, line: line)
    }

    @Test func matchingAnswerPasses() throws {
        try Self.check(Self.hash, location: "http://127.0.0.1:8080/credential-hashes/emails/\(Self.hash)")
        try Self.check(Self.hash, location: "http://127.0.0.1:8080/organizations/o-1/credential-hashes/emails/\(Self.hash)")
        try Self.check(Self.hash, location: nil)
    }

    @Test func locationOfAnotherKindIsRejected() {
        #expect(throws: APIError.self) {
            try Self.check(Self.hash, location: "http://127.0.0.1:8080/credential-hashes/webhooks/\(Self.hash)")
        }
    }

    @Test func locationOfAnotherHashIsRejected() {
        #expect(throws: APIError.self) {
            try Self.check(Self.hash, location: "http://127.0.0.1:8080/credential-hashes/emails/1111")
        }
    }

    @Test func unsafeHashIsRejected() {
        #expect(throws: APIError.self) { try Self.check("../x", location: nil) }
        #expect(throws: APIError.self) { try Self.check("", location: nil) }
    }
}
