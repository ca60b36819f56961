import CryptoSupport
import Foundation
import RebillyAPI

/// The state of one command run: read once, changed in memory, and written back with
/// compare-and-swap.
///
/// A command that writes state takes the ``StateLock`` before it loads the store and releases
/// it after the last commit. The compare-and-swap in ``commit(_:)`` also catches a writer that
/// bypassed the lock, such as a run on another host that does not share the lock.
public struct StateStore: Sendable {
    /// The state file.
    public let path: String
    /// The state as last loaded or committed.
    public private(set) var state: State
    /// The key for the state's fingerprints, checked against the state's key check value.
    public let fingerprintKey: FingerprintKey
    /// The serial of the file on disk as last read or written, or `nil` while no file exists.
    public private(set) var serialOnDisk: Int?
    /// The bytes this store last wrote, or `nil` before the first write. A commit compares the
    /// file on disk with them and decodes the file only when the bytes differ.
    private var bytesWritten: [UInt8]?
    /// Shared by copies of the store, which an apply's writer makes for each commit.
    private let encoder = StateEncoder()

    /// Loads the state at `path`, or starts a new one when no file exists there.
    ///
    /// A new state has serial 0, a random lineage and a random salt, and is keyed exactly when
    /// `passphrase` is given. It is written only by the first commit that changes it.
    ///
    /// - Parameters:
    ///   - path: The state file.
    ///   - passphrase: The value of `CREDHASH_STATE_KEY`, or `nil` when it is not set.
    /// - Throws: `StateFileError` when the file cannot be read strictly (see
    ///   ``StateFile/read(path:)``) or the passphrase does not fit it (see
    ///   ``FingerprintKey/verified(for:passphrase:path:)``).
    public static func load(path: String, passphrase: Secret?) throws -> StateStore {
        try load(path: path, passphrase: passphrase, newStateSalt: nil)
    }

    /// Loads the state at `path`, or starts a new one with `newStateSalt` when no file exists there.
    ///
    /// `apply FILE` passes the salt a saved plan was made with, so a plan made before any state
    /// existed keeps its fingerprints valid. A random salt is used when `newStateSalt` is `nil`.
    ///
    /// - Throws: Everything ``load(path:passphrase:)`` throws, and `StateFileError.invalidValue`
    ///   when `newStateSalt` is not 32 bytes in hexadecimal.
    public static func load(path: String, passphrase: Secret?, newStateSalt: String?) throws -> StateStore {
        if let existing = try StateFile.read(path: path) {
            let key = try FingerprintKey.verified(for: existing, passphrase: passphrase, path: path)
            return StateStore(path: path, state: existing, fingerprintKey: key, serialOnDisk: existing.serial)
        }

        var generator = SystemRandomNumberGenerator()
        var salt = (0..<FingerprintKey.saltLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
        if let newStateSalt {
            guard let given = Hex.decode(newStateSalt), given.count == FingerprintKey.saltLength else {
                let detail = "expected \(FingerprintKey.saltLength * 2) hexadecimal digits"
                throw StateFileError.invalidValue(path: path, keyPath: "fingerprintSalt", detail: detail)
            }
            salt = given
        }
        let key = try FingerprintKey.derive(salt: salt, passphrase: passphrase, path: path)
        let state = State(
            serial: 0, lineage: UUID().uuidString.lowercased(), fingerprintSalt: Hex.encode(salt),
            fingerprintKeyed: key.isKeyed, fingerprintKeyCheck: key.checkValue)
        return StateStore(path: path, state: state, fingerprintKey: key, serialOnDisk: nil)
    }

    /// Writes `newState` when it differs from the current state, with the serial raised by one.
    ///
    /// The serial of `newState` is ignored: it becomes the current serial when nothing else
    /// changed, and the current serial plus one otherwise. Entries may be removed; the new state
    /// replaces the old one completely, and the old file becomes the backup.
    ///
    /// - Returns: Whether a new serial was written.
    /// - Throws: `StateFileError.lineageMismatch` when `newState` or the file on disk belongs to
    ///   another lineage. `StateFileError.serialConflict` when another writer changed the file
    ///   since it was loaded, and `StateFileError.removedSinceLoad` when it removed the file.
    ///   A read error when the file on disk is damaged, and `StateFileError.writeFailed` when
    ///   writing fails. After any error, ``state`` is unchanged and so is the file on disk,
    ///   except that a failed folder sync leaves the new file in place.
    @discardableResult
    public mutating func commit(_ newState: State) throws -> Bool {
        guard newState.lineage == state.lineage else {
            throw StateFileError.lineageMismatch(path: path, expected: state.lineage, found: newState.lineage)
        }
        var next = newState
        next.serial = state.serial
        if next == state { return false }
        next.serial = state.serial + 1

        // Compare and swap: the file must still be the one this store last read or wrote.
        let previous = try StateFile.readBytes(path: path)
        try checkUnchanged(previous)
        let bytes = try encoder.encode(next, path: path)
        _ = try StateFile.write(bytes, replacing: previous, at: path)

        bytesWritten = bytes
        state = next
        serialOnDisk = next.serial
        return true
    }

    /// Throws unless `bytes`, the file on disk, still has the serial and lineage last seen.
    private func checkUnchanged(_ bytes: [UInt8]?) throws {
        guard let bytes else {
            if let serialOnDisk { throw StateFileError.removedSinceLoad(path: path, serial: serialOnDisk) }
            return
        }
        if let bytesWritten, bytes == bytesWritten { return }
        let onDisk = try StateFile.decode(bytes, path: path)
        guard let serialOnDisk, onDisk.serial == serialOnDisk else {
            throw StateFileError.serialConflict(path: path, expected: serialOnDisk ?? 0, found: onDisk.serial)
        }
        guard onDisk.lineage == state.lineage else {
            throw StateFileError.lineageMismatch(path: path, expected: state.lineage, found: onDisk.lineage)
        }
    }
}
