#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failure to read, write or lock the state file, or to open it with the right fingerprint key.
///
/// Every case that concerns a file names it. No case carries a secret: the passphrase in
/// `CREDHASH_STATE_KEY` is only ever named, never shown.
public enum StateFileError: Error, Sendable, Equatable, CustomStringConvertible {
    // MARK: Reading

    /// The file exists but could not be read: it is a folder, a device, too large or unreadable.
    case unreadable(path: String, reason: String)
    /// The file is empty or contains only whitespace.
    case empty(path: String)
    /// The file is not valid JSON, for example because it was truncated.
    case invalidJSON(path: String, detail: String)
    /// The file is valid JSON, but its top level is not an object.
    case notAnObject(path: String)
    /// The file has a format version newer than `supported`, the newest this build reads.
    case unsupportedFormatVersion(path: String, found: Int, supported: Int)
    /// An object in the file has a key the format does not define.
    case unknownField(path: String, keyPath: String)
    /// An object in the file lacks a key the format requires.
    case missingField(path: String, keyPath: String)
    /// A value in the file has the wrong type or an invalid content.
    case invalidValue(path: String, keyPath: String, detail: String)

    // MARK: Writing

    /// The state could not be encoded as JSON.
    case encodingFailed(path: String, detail: String)
    /// A system call failed while writing `path`. `operation` is a verb phrase such as `renaming`.
    case writeFailed(path: String, operation: String, errno: Int32)
    /// The state to write, or the file on disk, belongs to another lineage than the loaded state.
    case lineageMismatch(path: String, expected: String, found: String)
    /// Another writer changed the file after it was loaded: its serial is no longer `expected`.
    case serialConflict(path: String, expected: Int, found: Int)
    /// The file was loaded at serial `serial` and has been removed since.
    case removedSinceLoad(path: String, serial: Int)

    // MARK: Fingerprint key

    /// The state is keyed, but no passphrase was given.
    case keyRequired(path: String)
    /// A passphrase was given, but the state is not keyed.
    case keyNotExpected(path: String)
    /// The passphrase does not produce the state's key check value.
    case keyMismatch(path: String)
    /// scrypt failed to derive the key.
    case keyDerivationFailed(path: String, detail: String)

    // MARK: Locking

    /// Another process holds the lock. `holder` is `nil` when it has not recorded its details yet.
    case locked(lockPath: String, holder: LockHolder?)
    /// The lock file is a symbolic link or not a regular file, so credhash does not write to it.
    case lockNotRegularFile(lockPath: String, isSymbolicLink: Bool)
    /// The lock stayed held for the whole `timeout`.
    case lockTimedOut(lockPath: String, holder: LockHolder?, timeout: Duration)
    /// A signal stopped the wait for a lock that another process holds.
    case lockWaitStopped(lockPath: String, holder: LockHolder?)
    /// A system call on the lock file failed. `operation` is a verb phrase such as `opening`.
    case lockFailed(lockPath: String, operation: String, errno: Int32)
    /// A force-unlock found the lock held by a running process, which must be stopped instead.
    case lockHolderRunning(lockPath: String, holder: LockHolder)
    /// A force-unlock named a lock ID that is not the recorded holder's, or no holder is recorded.
    case unlockIDMismatch(lockPath: String, id: String, holder: LockHolder?)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "failed reading state file '\(path)': \(reason)"
        case .empty(let path):
            return "state file '\(path)' is empty" + Self.leftUnchanged(path)
        case .invalidJSON(let path, let detail):
            return "state file '\(path)' is not valid JSON (\(detail))" + Self.leftUnchanged(path)
        case .notAnObject(let path):
            return "state file '\(path)' does not contain a JSON object" + Self.leftUnchanged(path)
        case .unsupportedFormatVersion(let path, let found, let supported):
            return "state file '\(path)' has format version \(found), newer than version \(supported) "
                + "this credhash reads, so upgrade credhash"
        case .unknownField(let path, let keyPath):
            return "state file '\(path)' has unknown field '\(keyPath)'" + Self.leftUnchanged(path)
        case .missingField(let path, let keyPath):
            return "state file '\(path)' is missing field '\(keyPath)'" + Self.leftUnchanged(path)
        case .invalidValue(let path, let keyPath, let detail):
            return "invalid value for '\(keyPath)' in state file '\(path)', \(detail)" + Self.leftUnchanged(path)
        case .encodingFailed(let path, let detail):
            return "failed encoding the state for '\(path)': \(detail)"
        case .writeFailed(let path, let operation, let code):
            return "failed \(operation) '\(path)': \(Self.describe(code))"
        case .lineageMismatch(let path, let expected, let found):
            return "state file '\(path)' has lineage '\(found)' but lineage '\(expected)' was loaded, "
                + "so credhash did not overwrite it"
        case .serialConflict(let path, let expected, let found):
            return "state file '\(path)' was changed by another run (serial \(expected) when loaded, now "
                + "\(found)), so credhash did not overwrite it. Run the command again"
        case .removedSinceLoad(let path, let serial):
            return "state file '\(path)' was removed after it was loaded at serial \(serial), so credhash "
                + "did not write it. Restore it from '\(path).backup' and run the command again"
        case .keyRequired(let path):
            return "state file '\(path)' is keyed with a passphrase, so set CREDHASH_STATE_KEY to it"
        case .keyNotExpected(let path):
            return "CREDHASH_STATE_KEY is set but state file '\(path)' is not keyed, so unset it "
                + "(keying an existing state would change every fingerprint and replace every credential)"
        case .keyMismatch(let path):
            return "CREDHASH_STATE_KEY does not match the key this state was written with ('\(path)')"
        case .keyDerivationFailed(let path, let detail):
            return "failed deriving the fingerprint key for state file '\(path)': \(detail)"
        case .locked(let lockPath, let holder):
            let wait = ". To wait for it, pass --lock-timeout SECONDS"
            return "state lock '\(lockPath)' is held by " + Self.describe(holder) + Self.forceUnlockHint(holder) + wait
        case .lockTimedOut(let lockPath, let holder, let timeout):
            return "timed out after \(Self.describe(timeout)) waiting for state lock '\(lockPath)', held by "
                + Self.describe(holder) + Self.forceUnlockHint(holder)
        case .lockWaitStopped(let lockPath, let holder):
            return "stopped waiting for state lock '\(lockPath)', held by " + Self.describe(holder)
                + ", because a signal arrived"
        case .lockNotRegularFile(let lockPath, let isSymbolicLink):
            let kind = isSymbolicLink ? "a symbolic link, which credhash does not follow" : "not a regular file"
            return "invalid state lock '\(lockPath)': it is \(kind). Remove it, and credhash creates the lock file itself"
        case .lockFailed(let lockPath, let operation, let code):
            return "failed \(operation) state lock '\(lockPath)': \(Self.describe(code))"
        case .lockHolderRunning(let lockPath, let holder):
            return "state lock '\(lockPath)' is held by a running process, \(holder), so it was not "
                + "unlocked. Stop that process instead"
        case .unlockIDMismatch(let lockPath, let id, nil):
            return "state lock '\(lockPath)' records no holder, so lock ID '\(id)' cannot be unlocked"
        case .unlockIDMismatch(let lockPath, let id, let holder?):
            return "lock ID '\(id)' does not match the holder of state lock '\(lockPath)', \(holder)"
        }
    }

    /// Returns the ending of every message about a file that credhash read but could not use.
    private static func leftUnchanged(_ path: String) -> String {
        ", so credhash left it unchanged (an earlier version may be in '\(path).backup')"
    }

    private static func describe(_ holder: LockHolder?) -> String {
        holder.map { "\($0)" } ?? "another process that has not recorded its details yet"
    }

    /// Returns a hint for a holder on another host, whose process this host cannot see.
    private static func forceUnlockHint(_ holder: LockHolder?) -> String {
        guard let holder, holder.host != LockHolder.currentHost() else { return "" }
        return ". If that process has stopped, run 'credhash force-unlock \(holder.id)'"
    }

    private static func describe(_ timeout: Duration) -> String {
        let (seconds, attoseconds) = timeout.components
        if attoseconds == 0 { return seconds == 1 ? "1 second" : "\(seconds) seconds" }
        return "\(Double(seconds) + Double(attoseconds) / 1e18) seconds"
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
