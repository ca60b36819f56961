#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// System calls on a state lock file: open, `flock` and the recorded holder.
enum LockFile {
    /// The maximum number of bytes of holder details read. A real record is about 200.
    static let maximumHolderBytes = 4096

    /// Opens the lock file for reading and writing, with mode 0600 when it is created.
    ///
    /// A symbolic link is never followed and anything but a regular file is rejected, because
    /// the holder's details are written into the file: a link committed to the repository could
    /// otherwise make credhash overwrite the file it points to.
    ///
    /// - Throws: `StateFileError.lockNotRegularFile` for a link or another kind of file, and
    ///   `StateFileError.lockFailed` when the file cannot be opened, or does not exist and
    ///   `create` is `false`.
    static func openForLocking(_ lockPath: String, create: Bool) throws -> Int32 {
        let flags = O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | (create ? O_CREAT : 0)
        let descriptor = open(lockPath, flags, AtomicFileWriter.fileMode)
        guard descriptor >= 0 else {
            let code = errno
            if code == ELOOP { throw StateFileError.lockNotRegularFile(lockPath: lockPath, isSymbolicLink: true) }
            throw StateFileError.lockFailed(lockPath: lockPath, operation: "opening", errno: code)
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw StateFileError.lockNotRegularFile(lockPath: lockPath, isSymbolicLink: false)
        }
        return descriptor
    }

    /// Tries to take the exclusive `flock` without blocking.
    ///
    /// - Returns: `true` when it is taken, `false` when another open file description has it.
    static func tryLock(_ descriptor: Int32, lockPath: String) throws -> Bool {
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            switch errno {
            case EINTR: continue
            case EWOULDBLOCK: return false
            case let code: throw StateFileError.lockFailed(lockPath: lockPath, operation: "locking", errno: code)
            }
        }
        return true
    }

    /// Returns the holder recorded in the lock file, or `nil` when none is recorded or it is unreadable.
    ///
    /// A holder writes its details just after taking the lock, so a reader can briefly see an
    /// empty or partial record. That also returns `nil`.
    static func readHolder(_ descriptor: Int32) -> LockHolder? {
        var buffer = [UInt8](repeating: 0, count: maximumHolderBytes)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return try? JSONDecoder().decode(LockHolder.self, from: Data(buffer[0..<count]))
    }

    /// Replaces the recorded holder with `holder` and syncs the file.
    static func writeHolder(_ holder: LockHolder, to descriptor: Int32, lockPath: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes: [UInt8]
        do {
            bytes = Array(try encoder.encode(holder)) + [UInt8(ascii: "\n")]
        } catch {
            throw StateFileError.encodingFailed(path: lockPath, detail: "\(error)")
        }
        try clearHolder(descriptor, lockPath: lockPath)
        try AtomicFileWriter.writeAll(bytes, to: descriptor, path: lockPath)
        guard fsync(descriptor) == 0 else {
            throw StateFileError.lockFailed(lockPath: lockPath, operation: "syncing", errno: errno)
        }
    }

    /// Empties the lock file and moves its offset to the start.
    static func clearHolder(_ descriptor: Int32, lockPath: String) throws {
        guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw StateFileError.lockFailed(lockPath: lockPath, operation: "clearing", errno: errno)
        }
    }

    /// Blocks the calling thread for `duration`.
    static func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        // nanosleep returns early when a signal arrives, so the remaining time is slept again.
        while nanosleep(&request, &remaining) != 0 && errno == EINTR {
            request = remaining
        }
    }
}
