import CryptoSupport
import RebillyAPI

extension FingerprintKey {
    /// Derives the key `state` was written with and checks it against the state's key check value.
    ///
    /// scrypt runs once, and only for a keyed state. A passphrase never keys a state that was
    /// written without one, because that would change every fingerprint and make the next plan
    /// replace every credential.
    ///
    /// - Parameters:
    ///   - state: A state read from `path`.
    ///   - passphrase: The value of `CREDHASH_STATE_KEY`, or `nil` when it is not set.
    ///   - path: The state file, for error messages.
    /// - Returns: The key for the state's fingerprints.
    /// - Throws: `StateFileError.keyRequired` for a keyed state without a passphrase,
    ///   `StateFileError.keyNotExpected` for a passphrase with an unkeyed state,
    ///   `StateFileError.keyMismatch` for a wrong passphrase, `StateFileError.invalidValue` when an
    ///   unkeyed state's check value does not match its salt, and
    ///   `StateFileError.keyDerivationFailed` when scrypt fails.
    public static func verified(for state: State, passphrase: Secret?, path: String) throws -> FingerprintKey {
        switch (state.fingerprintKeyed, passphrase) {
        case (true, nil): throw StateFileError.keyRequired(path: path)
        case (false, .some): throw StateFileError.keyNotExpected(path: path)
        default: break
        }

        // The reader checked the salt, but a state built in code may still have a wrong one.
        guard let salt = Hex.decode(state.fingerprintSalt), salt.count == saltLength else {
            let detail = "expected \(saltLength * 2) hexadecimal digits"
            throw StateFileError.invalidValue(path: path, keyPath: "fingerprintSalt", detail: detail)
        }
        let key = try derive(salt: salt, passphrase: passphrase, path: path)
        guard constantTimeEqual(key.checkValue, state.fingerprintKeyCheck) else {
            guard key.isKeyed else {
                let detail = "the key check value does not match the fingerprint salt"
                throw StateFileError.invalidValue(path: path, keyPath: "fingerprintKeyCheck", detail: detail)
            }
            throw StateFileError.keyMismatch(path: path)
        }
        return key
    }

    /// Derives the key for a new state, keyed when `passphrase` is given.
    ///
    /// - Throws: `StateFileError.keyDerivationFailed` when scrypt fails.
    static func derive(salt: [UInt8], passphrase: Secret?, path: String) throws -> FingerprintKey {
        do {
            return try derive(salt: salt, passphrase: passphrase)
        } catch {
            throw StateFileError.keyDerivationFailed(path: path, detail: "\(error)")
        }
    }

    /// Compares two check values without stopping at the first difference.
    private static func constantTimeEqual(_ left: String, _ right: String) -> Bool {
        let leftBytes = Array(left.utf8)
        let rightBytes = Array(right.utf8)
        guard leftBytes.count == rightBytes.count else { return false }
        return zip(leftBytes, rightBytes).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
