import Testing

@testable import CryptoSupport

/// Known-answer vectors from RFC 4231, section 4 (HMAC-SHA-256 column).
struct HMACSHA256Tests {
    struct Vector: CustomTestStringConvertible, Sendable {
        let id: String
        let key: [UInt8]
        let message: [UInt8]
        let code: String
        var testDescription: String { id }
    }

    static let vectors: [Vector] = [
        Vector(
            id: "test case 1", key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8),
            code: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Vector(
            id: "test case 2", key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8),
            code: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Vector(
            id: "test case 3", key: [UInt8](repeating: 0xaa, count: 20),
            message: [UInt8](repeating: 0xdd, count: 50),
            code: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Vector(
            id: "test case 4", key: Array(1...25), message: [UInt8](repeating: 0xcd, count: 50),
            code: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Vector(
            id: "test case 6", key: [UInt8](repeating: 0xaa, count: 131),
            message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            code: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Vector(
            id: "test case 7", key: [UInt8](repeating: 0xaa, count: 131),
            message: Array(
                ("This is a test using a larger than block-size key and a larger than block-size data. "
                    + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
            code: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: vectors)
    func knownAnswer(_ vector: Vector) {
        let code = HMACSHA256.authenticationCode(key: vector.key, message: vector.message)
        #expect(Hex.encode(code) == vector.code)
    }

    /// RFC 4231 test case 5 checks only the first 128 bits of the code.
    @Test func truncatedOutput() {
        let code = HMACSHA256.authenticationCode(
            key: [UInt8](repeating: 0x0c, count: 20), message: Array("Test With Truncation".utf8))
        #expect(Hex.encode(Array(code.prefix(16))) == "a3b6167473100ee06e0c796c2955552b")
    }

    @Test func emptyKeyAndMessage() {
        let code = HMACSHA256.authenticationCode(key: [], message: [])
        #expect(Hex.encode(code) == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }
}
