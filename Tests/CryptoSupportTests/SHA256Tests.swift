import Testing

@testable import CryptoSupport

/// Known-answer vectors from FIPS 180-2, appendix B, and the NIST example values.
struct SHA256Tests {
    struct Vector: CustomTestStringConvertible, Sendable {
        let id: String
        let input: [UInt8]
        let digest: String
        var testDescription: String { id }
    }

    static let vectors: [Vector] = [
        Vector(
            id: "empty", input: [],
            digest: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        Vector(
            id: "abc", input: Array("abc".utf8),
            digest: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        Vector(
            id: "448 bits", input: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
            digest: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        Vector(
            id: "896 bits",
            input: Array(
                ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                    + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu").utf8),
            digest: "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        Vector(
            id: "one million a", input: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000),
            digest: "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ]

    @Test(arguments: vectors)
    func knownAnswer(_ vector: Vector) {
        #expect(Hex.encode(SHA256.hash(vector.input)) == vector.digest)
    }

    @Test func stringInputHashesUTF8Bytes() {
        #expect(SHA256.hash("abc") == SHA256.hash(Array("abc".utf8)))
    }
}
