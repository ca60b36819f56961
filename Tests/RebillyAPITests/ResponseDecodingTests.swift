import Foundation
import Testing

@testable import RebillyAPI

/// Decoding of response bodies: API defaults, auth variants and invalid bodies.
struct ResponseDecodingTests {
    private func decode<C: DecodableCredential>(_ type: C.Type, _ json: String) throws -> C {
        try JSONDecoder().decode(C.self, from: Data(json.utf8))
    }

    @Test func emailDefaultsApply() throws {
        let credential = try decode(EmailCredential.self, #"{"hash":"h1","host":"smtp.example.com"}"#)

        #expect(credential.port == 25)
        #expect(credential.encryption == .none)
        #expect(credential.auth == .none)
        #expect(credential.status == nil)
        #expect(credential.links.isEmpty)
    }

    @Test func emailAuthWithoutTypeIsNone() throws {
        let credential = try decode(EmailCredential.self, #"{"hash":"h1","host":"h","auth":{}}"#)

        #expect(credential.auth == .none)
    }

    @Test func maskedPasswordIsNil() throws {
        let json = #"{"hash":"h1","host":"h","auth":{"type":"cram-md5","username":"u"}}"#
        let credential = try decode(EmailCredential.self, json)

        #expect(credential.auth == .cramMD5(username: "u", password: nil))
        #expect(credential.auth.type == .cramMD5)
    }

    @Test func webhookBasicAndDigest() throws {
        let basic = try decode(
            WebhookCredential.self, #"{"hash":"h","host":"x","auth":{"type":"basic","username":"u","password":"p"}}"#)
        let digest = try decode(
            WebhookCredential.self, #"{"hash":"h","host":"x","auth":{"type":"digest","username":"u"}}"#)

        #expect(basic.auth == .basic(username: "u", password: Secret("p")))
        #expect(digest.auth == .digest(username: "u", password: nil))
    }

    @Test func deactivationTimeWithFraction() throws {
        let json = #"{"hash":"h","host":"x","status":"deactivated","deactivationTime":"2023-11-14T22:13:20.250Z"}"#
        let credential = try decode(WebhookCredential.self, json)

        #expect(credential.deactivationTime == Date(timeIntervalSince1970: 1_700_000_000.25))
    }

    @Test func sesWithoutConfigurationSet() throws {
        let credential = try decode(AWSSESCredential.self, #"{"hash":"h","key":"k","region":"eu-west-1"}"#)

        #expect(credential.configurationSetName == nil)
        #expect(credential.secret == nil)
    }

    @Test(arguments: [
        (#"{"hash":"h"}"#, "missing field 'host'"),
        (#"{"hash":"h","host":"x","port":"25"}"#, "wrong type for field 'port'"),
        (#"{"hash":"h","host":"x","encryption":"starttls"}"#, "invalid value in field 'encryption'"),
        (
            #"{"hash":"h","host":"x","auth":{"type":"login","password":"canary-smtp-password-8c1e"}}"#,
            "missing field 'auth.username'"
        ),
        (#"{"hash":"h","host":"x","deactivationTime":"yesterday"}"#, "invalid value in field 'deactivationTime'"),
        ("not json", "the body is not valid JSON"),
    ])
    func invalidBodyNamesFieldOnly(json: String, reason: String) async {
        let fixture = Fixtures.email
        let transport = FakeTransport([fixture.step(.get, jsonResponse(200, json))])
        let expected = APIError.invalidResponse(fixture.requestLine(.get), status: 200, reason: reason)

        await expectAPIError(expected) { () async throws(APIError) in
            _ = try await fixture.get(TestSetup.client(transport), fixture.hash)
        }

        #expect(Canary.leaks(in: expected.description).isEmpty)
    }

    @Test func requestEncodingIsDeterministic() {
        let first = RequestEncoder.encode(Fixtures.webhook.request.wireValue)
        let second = RequestEncoder.encode(Fixtures.webhook.request.wireValue)

        #expect(first == second)
        #expect(String(decoding: first, as: UTF8.self).hasPrefix(#"{"auth":{"consumerKey":"consumer-1""#))
    }

    @Test func emailRequestSendsDefaults() {
        let request = EmailCredentialRequest(host: "smtp.example.com")
        let json = String(decoding: RequestEncoder.encode(request.wireValue), as: UTF8.self)

        #expect(json == #"{"auth":{"type":"none"},"encryption":"none","host":"smtp.example.com","port":25}"#)
    }
}
