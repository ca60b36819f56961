import CryptoSupport
import RebillyAPI

/// The key under which secret fields are fingerprinted, and the fingerprints themselves.
///
/// A fingerprint is HMAC-SHA-256 over the canonical encoding of one secret field.
/// With `CREDHASH_STATE_KEY` set, the key is scrypt of that passphrase with the state's random
/// salt, so the state alone does not let anyone test guesses. Without it, the key is the salt
/// itself: fingerprints still differ between states, but anyone holding the state file can test
/// guesses of a secret against it.
public struct FingerprintKey: Sendable {
    /// The text whose HMAC is stored as the key check value.
    static let checkMessage = Array("credhash fingerprint key check v1".utf8)
    /// The length of a new salt, in bytes.
    public static let saltLength = 32

    private let key: [UInt8]
    /// Whether the key comes from a passphrase.
    public let isKeyed: Bool

    /// Derives the key for `salt`, from `passphrase` when one is given.
    ///
    /// - Throws: `Scrypt.Error` when the key derivation fails.
    public static func derive(salt: [UInt8], passphrase: Secret?) throws -> FingerprintKey {
        guard let passphrase else { return unkeyed(salt: salt) }
        let key = try passphrase.withRevealedValue { value in
            try Scrypt.deriveKey(password: Array(value.utf8), salt: salt, parameters: .stateKey, length: 32)
        }
        return FingerprintKey(key: key, isKeyed: true)
    }

    /// The key used without `CREDHASH_STATE_KEY`: the salt itself.
    public static func unkeyed(salt: [UInt8]) -> FingerprintKey {
        FingerprintKey(key: salt, isKeyed: false)
    }

    /// The key check value stored in the state, in hexadecimal.
    public var checkValue: String {
        Hex.encode(HMACSHA256.authenticationCode(key: key, message: Self.checkMessage))
    }

    /// The fingerprint of one secret field, in hexadecimal.
    ///
    /// The message is the kind, the field's path and its value, each preceded by its length in
    /// bytes, so no two different inputs share an encoding. The credential's name is not part of
    /// it, so a renamed credential keeps its fingerprints.
    public func fingerprint(kind: CredentialKind, path: String, value: Secret) -> String {
        var message = Self.lengthPrefixed(kind.rawValue) + Self.lengthPrefixed(path)
        value.withRevealedValue { message += Self.lengthPrefixed($0) }
        return Hex.encode(HMACSHA256.authenticationCode(key: key, message: message))
    }

    /// The fingerprint of each secret field of a desired credential, by path.
    public func fingerprints(of credential: DesiredCredential) -> [String: String] {
        var result: [String: String] = [:]
        for secret in credential.secrets {
            result[secret.path] = fingerprint(kind: credential.kind, path: secret.path, value: secret.value)
        }
        return result
    }

    private static func lengthPrefixed(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        return Array("\(bytes.count):".utf8) + bytes
    }
}
