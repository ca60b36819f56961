import Testing

@testable import CryptoSupport

/// Known-answer vectors from RFC 7914, section 12. The fourth vector (N = 2^20) needs 1 GiB of
/// memory and is left out so the suite runs on small CI machines.
struct ScryptTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        let id: String
        let password: String
        let salt: String
        let parameters: Scrypt.Parameters
        let key: String
        var testDescription: String { id }
    }

    static let vectors: [Vector] = [
        Vector(
            id: "empty password and salt", password: "", salt: "",
            parameters: Scrypt.Parameters(cost: 16, blockSize: 1, parallelism: 1),
            key: "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"),
        Vector(
            id: "password NaCl", password: "password", salt: "NaCl",
            parameters: Scrypt.Parameters(cost: 1024, blockSize: 8, parallelism: 16),
            key: "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"),
        Vector(
            id: "pleaseletmein SodiumChloride", password: "pleaseletmein", salt: "SodiumChloride",
            parameters: Scrypt.Parameters(cost: 16384, blockSize: 8, parallelism: 1),
            key: "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
                + "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887"),
    ]

    @Test(arguments: vectors)
    func knownAnswer(_ vector: Vector) throws {
        let key = try Scrypt.deriveKey(
            password: Array(vector.password.utf8), salt: Array(vector.salt.utf8),
            parameters: vector.parameters, length: 64)
        #expect(Hex.encode(key) == vector.key)
    }

    @Test func costThatIsNotAPowerOfTwoIsRejected() {
        let parameters = Scrypt.Parameters(cost: 1000, blockSize: 8, parallelism: 1)
        #expect(throws: Scrypt.Error.derivationFailed(parameters)) {
            try Scrypt.deriveKey(password: [1], salt: [2], parameters: parameters, length: 32)
        }
    }
}
