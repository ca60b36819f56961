#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// An exclusive lock on a state file, held by a command that may write it.
///
/// The lock is a `flock` on `<state>.lock`, which also records the ``LockHolder`` so a blocked
/// run can report the holder. The kernel drops a `flock` when its process exits, even after
/// SIGKILL, so holder details left by a dead process do not block the next run. The lock file is
/// never removed, because another process may be waiting on that very file.
///
/// Limits: `flock` coordinates processes on one host only. On a folder shared between hosts, a
/// network file system may not pass the lock on at all. A recorded holder from another host
/// therefore counts as holding the lock until `credhash force-unlock` clears it, even when this
/// host's `flock` succeeds. Two hosts that start at the same moment can still both get the lock,
/// and the state's compare-and-swap commit is the remaining guard then.
public final class StateLock: @unchecked Sendable {
    /// How often a waiting ``acquire(statePath:command:timeout:)`` tries again.
    public static let pollInterval = Duration.milliseconds(100)

    /// How long a run that found the lock held waits for the holder's details to appear.
    ///
    /// A holder records them just after its `flock` succeeds, so a run that starts at the same
    /// moment can find the lock held and the file still empty.
    static let holderRecordWait = Duration.milliseconds(500)

    /// The lock file.
    public let lockPath: String
    /// The details this process recorded.
    public let holder: LockHolder

    /// Guards `descriptor`, because a signal handler may release the lock from another thread.
    private let mutex = NSLock()
    /// The open lock file, or -1 once released.
    private var descriptor: Int32

    private init(lockPath: String, holder: LockHolder, descriptor: Int32) {
        self.lockPath = lockPath
        self.holder = holder
        self.descriptor = descriptor
    }

    deinit {
        release()
    }

    /// Returns the lock file path for the state file at `statePath`.
    ///
    /// The state path is resolved first, so two runs that name one file by different paths (a
    /// symbolic link, `./`) take the same lock.
    public static func lockPath(forStatePath statePath: String) -> String {
        RegularFileReader.canonicalPath(statePath) + ".lock"
    }

    /// Takes the lock of the state file at `statePath`, waiting up to `timeout` for it.
    ///
    /// While it waits, it blocks the calling thread and tries again every ``pollInterval``.
    ///
    /// Install the signal handlers that call ``release()`` before calling this. Their
    /// registration takes effect asynchronously, so handlers installed after the lock is taken
    /// can miss a signal that arrives right away.
    ///
    /// - Parameters:
    ///   - statePath: The state file; the lock file is this path with `.lock` appended.
    ///   - command: The command taking the lock, recorded for other runs to show.
    ///   - timeout: How long to wait for another holder. Zero fails at once.
    ///   - shouldStop: Checked before each retry; `true` ends the wait, for a signal that arrived.
    /// - Returns: The held lock; it is released by ``release()`` or when it is deallocated.
    /// - Throws: `StateFileError.locked` when `timeout` is zero and the lock is held,
    ///   `StateFileError.lockTimedOut` when it stayed held for `timeout`,
    ///   `StateFileError.lockWaitStopped` when `shouldStop` ended the wait, and
    ///   `StateFileError.lockFailed` when the lock file cannot be opened, locked or written.
    public static func acquire(
        statePath: String, command: String, timeout: Duration = .zero, shouldStop: () -> Bool = { false }
    ) throws -> StateLock {
        let lockPath = lockPath(forStatePath: statePath)
        let descriptor = try LockFile.openForLocking(lockPath, create: true)
        let deadline = ContinuousClock.now + timeout
        do {
            while true {
                if let lock = try attempt(descriptor, lockPath: lockPath, command: command) { return lock }
                let remaining = deadline - ContinuousClock.now
                guard remaining > .zero else { throw expired(lockPath, descriptor: descriptor, timeout: timeout) }
                if shouldStop() {
                    throw StateFileError.lockWaitStopped(lockPath: lockPath, holder: LockFile.readHolder(descriptor))
                }
                LockFile.sleep(min(remaining, pollInterval))
            }
        } catch {
            close(descriptor)
            throw error
        }
    }

    /// Takes the lock once without waiting, or returns `nil` when another holder has it.
    private static func attempt(_ descriptor: Int32, lockPath: String, command: String) throws -> StateLock? {
        guard try LockFile.tryLock(descriptor, lockPath: lockPath) else { return nil }

        // A holder recorded by another host may still be running, because this host's flock
        // cannot see it.
        if let recorded = LockFile.readHolder(descriptor), recorded.host != LockHolder.currentHost() {
            flock(descriptor, LOCK_UN)
            return nil
        }

        let holder = LockHolder.current(command: command)
        do {
            try LockFile.writeHolder(holder, to: descriptor, lockPath: lockPath)
        } catch {
            flock(descriptor, LOCK_UN)
            throw error
        }
        return StateLock(lockPath: lockPath, holder: holder, descriptor: descriptor)
    }

    /// Returns the error for a lock still held when the wait ends, naming the holder as recorded now.
    private static func expired(_ lockPath: String, descriptor: Int32, timeout: Duration) -> StateFileError {
        let holder = awaitHolder(descriptor)
        if timeout == .zero { return .locked(lockPath: lockPath, holder: holder) }
        return .lockTimedOut(lockPath: lockPath, holder: holder, timeout: timeout)
    }

    /// Returns the recorded holder, waiting up to ``holderRecordWait`` while none is recorded.
    ///
    /// - Returns: `nil` when no holder recorded its details in that time, for example because
    ///   the lock was released meanwhile.
    private static func awaitHolder(_ descriptor: Int32) -> LockHolder? {
        let deadline = ContinuousClock.now + holderRecordWait
        while true {
            if let holder = LockFile.readHolder(descriptor) { return holder }
            guard ContinuousClock.now < deadline else { return nil }
            LockFile.sleep(.milliseconds(10))
        }
    }

    /// Whether this process still holds the lock.
    public var isHeld: Bool {
        mutex.withLock { descriptor >= 0 }
    }

    /// Clears the holder details and releases the lock. Later calls do nothing.
    ///
    /// Safe to call from a signal handler's dispatch queue while another thread uses the lock.
    public func release() {
        mutex.withLock {
            guard descriptor >= 0 else { return }
            // Clearing first means no later reader mistakes this process for a live holder.
            _ = ftruncate(descriptor, 0)
            flock(descriptor, LOCK_UN)
            close(descriptor)
            descriptor = -1
        }
    }
}
