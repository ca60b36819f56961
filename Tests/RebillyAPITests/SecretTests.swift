import Foundation
import Testing

@testable import RebillyAPI

struct SecretTests {
    let canary = "canary-7d1f2e9b"

    @Test func descriptionIsRedacted() {
        let secret = Secret(canary)
        #expect(secret.description == "(sensitive)")
        #expect(secret.debugDescription == "(sensitive)")
    }

    @Test func interpolationIsRedacted() {
        let secret = Secret(canary)
        #expect("\(secret)" == "(sensitive)")
        #expect(String(describing: secret) == "(sensitive)")
        #expect(String(reflecting: secret) == "(sensitive)")
    }

    @Test func dumpIsRedacted() {
        var output = ""
        dump(Secret(canary), to: &output)
        #expect(!output.contains(canary))
        #expect(output.contains("(sensitive)"))
    }

    @Test func mirrorHasNoChildren() {
        let mirror = Mirror(reflecting: Secret(canary))
        #expect(mirror.children.isEmpty)
    }

    @Test func containerDumpIsRedacted() {
        struct Holder { let name: String; let password: Secret }
        var output = ""
        dump(Holder(name: "n", password: Secret(canary)), to: &output)
        #expect(!output.contains(canary))
        #expect("\(Holder(name: "n", password: Secret(canary)))".contains(canary) == false)
    }

    @Test func revealedValueIsTheOriginal() {
        #expect(Secret(canary).withRevealedValue { $0 } == canary)
    }
}

/// `Secret` conforms to no encoding protocol, so only the request encoder, which reads the value
/// through `withRevealedValue`, can put it on the wire.
struct SecretEncodingTests {
    @Test func secretIsNotEncodable() {
        let secret: Any = Secret("canary-encode-4c1e")
        #expect(!(secret is any Encodable))
        #expect(!(secret is any Decodable))
    }

    @Test func holderWithSecretCannotBeJSONEncoded() {
        let holder: [String: Any] = ["password": Secret("canary-encode-4c1e")]
        #expect(!JSONSerialization.isValidJSONObject(holder))
    }
}
