import Foundation

/// The store and lock of a state: a file (``FileStateBackend``) or a row in a
/// PostgreSQL table (``PostgresStateBackend``).
///
/// Every backend passes the same conformance tests. A missing state reads as `nil`, and a write
/// is a compare-and-swap on the serial that rejects another lineage. The version a write
/// replaced is kept as a backup, and one lock at a time is granted.
public protocol StateBackend: Sendable {
    /// The state's location as messages show it: a file path, or `postgres:SCHEMA.NAME`.
    var location: String { get }

    /// Reads and strictly decodes the stored state.
    ///
    /// - Returns: The state, or `nil` when none is stored.
    func read() throws -> State?

    /// Replaces the stored state with `state`, keeping the replaced version as the backup.
    ///
    /// The write happens only when the stored serial is still `expectedSerial` (`nil` when no
    /// state was stored) and the stored lineage is the lineage of `state`.
    ///
    /// - Throws: `StateFileError.serialConflict` or `.removedSinceLoad` when another writer
    ///   changed the state, `StateFileError.lineageMismatch` for another lineage, and the
    ///   backend's own error when storing fails. The stored state is then unchanged.
    func write(_ state: State, expectedSerial: Int?) throws

    /// Reads the version that the last write replaced, or `nil` when there is none.
    func readBackup() throws -> State?

    /// Takes the exclusive lock of this state, waiting up to `timeout` for another holder.
    ///
    /// - Parameter shouldStop: Checked before each retry; `true` ends the wait.
    /// - Throws: `StateFileError.locked`, `.lockTimedOut` or `.lockWaitStopped` when another
    ///   holder keeps it, and the backend's own error when locking fails.
    func lock(command: String, timeout: Duration, shouldStop: () -> Bool) throws -> any StateBackendLock

    /// Clears the recorded holder whose lock ID is `id`, when that holder no longer holds the lock.
    func forceUnlock(id: String) throws -> ForceUnlockOutcome
}

/// A held state lock. The holder releases it by ``release()``, or by exiting.
public protocol StateBackendLock: AnyObject, Sendable {
    /// The lock's location as messages show it.
    var lockPath: String { get }
    /// The details recorded for other runs to show.
    var holder: LockHolder { get }
    /// Whether this process still holds the lock.
    var isHeld: Bool { get }
    /// Releases the lock. Later calls do nothing. Safe to call from a signal handler's queue.
    func release()
}

extension StateLock: StateBackendLock {}

/// The state kept in a file, locked with `flock` on `<state>.lock` (see ``StateFile`` and
/// ``StateLock``).
///
/// An apply commits the whole state after each action, so a write reuses the encoded text of
/// unchanged credentials, and skips decoding the file when it still contains the bytes this
/// backend last wrote.
public final class FileStateBackend: StateBackend, @unchecked Sendable {
    /// The state file.
    public let path: String
    private let encoder = StateEncoder()
    private let mutex = NSLock()
    /// The bytes, serial and lineage of the last write, or `nil` before it.
    private var lastWrite: (bytes: [UInt8], serial: Int, lineage: String)?

    public init(path: String) {
        self.path = path
    }

    public var location: String { path }

    public func read() throws -> State? {
        try StateFile.read(path: path)
    }

    public func write(_ state: State, expectedSerial: Int?) throws {
        try mutex.withLock {
            // Compare and swap: the file must still be the one the caller last read or wrote.
            let previous = try StateFile.readBytes(path: path)
            try checkUnchanged(previous, expectedSerial: expectedSerial, lineage: state.lineage)
            let bytes = try encoder.encode(state, path: path)
            _ = try StateFile.write(bytes, replacing: previous, at: targetPath)
            lastWrite = (bytes, state.serial, state.lineage)
        }
    }

    public func readBackup() throws -> State? {
        try StateFile.read(path: StateFile.backupPath(for: targetPath))
    }

    /// The file a write replaces: the file a symbolic link at `path` points to, so the link
    /// stays and the state does not fork into two files, else `path` itself.
    private var targetPath: String {
        RegularFileReader.isSymbolicLink(path) ? FilePaths.canonical(path) : path
    }

    public func lock(command: String, timeout: Duration, shouldStop: () -> Bool) throws -> any StateBackendLock {
        try StateLock.acquire(statePath: path, command: command, timeout: timeout, shouldStop: shouldStop)
    }

    public func forceUnlock(id: String) throws -> ForceUnlockOutcome {
        try StateLock.forceUnlock(statePath: path, id: id)
    }

    /// Throws unless `bytes`, the file on disk, still has serial `expectedSerial` and `lineage`.
    private func checkUnchanged(_ bytes: [UInt8]?, expectedSerial: Int?, lineage: String) throws {
        guard let bytes else {
            if let expectedSerial { throw StateFileError.removedSinceLoad(path: path, serial: expectedSerial) }
            return
        }
        if let lastWrite, lastWrite.serial == expectedSerial, lastWrite.lineage == lineage, lastWrite.bytes == bytes {
            return
        }
        let onDisk = try StateFile.decode(bytes, path: path)
        guard let expectedSerial, onDisk.serial == expectedSerial else {
            throw StateFileError.serialConflict(path: path, expected: expectedSerial ?? 0, found: onDisk.serial)
        }
        guard onDisk.lineage == lineage else {
            throw StateFileError.lineageMismatch(path: path, expected: lineage, found: onDisk.lineage)
        }
    }
}
