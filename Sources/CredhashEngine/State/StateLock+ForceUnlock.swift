#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The result of `credhash force-unlock` on a state lock.
public enum ForceUnlockOutcome: Sendable, Equatable, CustomStringConvertible {
    /// The lock was free on this host, and the details of `holder`, which named this host and
    /// so belonged to a process that has exited, were cleared.
    case clearedStaleHolder(lockPath: String, holder: LockHolder)
    /// The lock was free on this host, and the details of `holder` on another host were cleared.
    /// That process may still be running, because this host cannot see its lock.
    case clearedOtherHostHolder(lockPath: String, holder: LockHolder)

    public var description: String {
        switch self {
        case .clearedStaleHolder(let lockPath, let holder):
            return "state lock '\(lockPath)' was not held, so the leftover details of \(holder) were cleared"
        case .clearedOtherHostHolder(let lockPath, let holder):
            return "cleared \(holder) from state lock '\(lockPath)', but that process may still be running "
                + "on host '\(holder.host)', so make sure it has stopped before the next run"
        }
    }
}

extension StateLock {
    /// Clears the recorded holder of the state lock at `statePath` when its lock ID is `id`.
    ///
    /// This is for a holder that can no longer release the lock itself: a process on another
    /// host sharing the folder, or details left behind by a process that has exited. A lock held
    /// through `flock` by a live process is never broken; that process must be stopped.
    ///
    /// - Parameters:
    ///   - statePath: The state file whose lock is cleared.
    ///   - id: The lock ID that the blocked run reported.
    /// - Returns: What was cleared.
    /// - Throws: `StateFileError.unlockIDMismatch` when no holder is recorded or its ID is not `id`,
    ///   `StateFileError.lockHolderRunning` when a process holds the `flock`, and
    ///   `StateFileError.lockFailed` when the lock file cannot be opened or changed.
    public static func forceUnlock(statePath: String, id: String) throws -> ForceUnlockOutcome {
        let lockPath = lockPath(forStatePath: statePath)
        let descriptor: Int32
        do {
            descriptor = try LockFile.openForLocking(lockPath, create: false)
        } catch StateFileError.lockFailed(_, _, ENOENT) {
            throw StateFileError.unlockIDMismatch(lockPath: lockPath, id: id, holder: nil)
        }
        defer { close(descriptor) }

        let holder = try recordedHolder(descriptor, lockPath: lockPath, id: id)
        guard try LockFile.tryLock(descriptor, lockPath: lockPath) else {
            throw StateFileError.lockHolderRunning(lockPath: lockPath, holder: holder)
        }
        defer { flock(descriptor, LOCK_UN) }

        // Read the holder again under the lock, because another run may have replaced it meanwhile.
        _ = try recordedHolder(descriptor, lockPath: lockPath, id: id)
        try LockFile.clearHolder(descriptor, lockPath: lockPath)
        if holder.host == LockHolder.currentHost() {
            return .clearedStaleHolder(lockPath: lockPath, holder: holder)
        }
        return .clearedOtherHostHolder(lockPath: lockPath, holder: holder)
    }

    /// Returns the recorded holder, throwing unless its lock ID is `id`.
    private static func recordedHolder(_ descriptor: Int32, lockPath: String, id: String) throws -> LockHolder {
        let holder = LockFile.readHolder(descriptor)
        guard let holder, holder.id == id else {
            throw StateFileError.unlockIDMismatch(lockPath: lockPath, id: id, holder: holder)
        }
        return holder
    }
}
