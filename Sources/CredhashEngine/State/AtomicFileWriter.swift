#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import CryptoSupport

/// Replaces files so that readers see either the old or the new contents, never a mix.
///
/// Each replace writes a temporary file with mode 0600 in the target's folder, syncs it, renames
/// it over the target and syncs the folder, so the new contents survive a crash once it returns.
/// Foundation's atomic `Data.write` is not used because it resets the mode to 0644 and does not
/// sync the folder.
///
/// NOTE: A process killed between creating and renaming its temporary file leaves that file
/// behind, named `.<target>.tmp-…`. Later writes neither reuse nor remove it. A target that is a
/// symbolic link is replaced by a regular file, so the state backend resolves such links first.
enum AtomicFileWriter {
    /// The mode of every file written: readable and writable by the owner only.
    static let fileMode: mode_t = 0o600

    /// Replaces the file at `path` with `bytes`, creating it when it does not exist.
    ///
    /// The file at `path` is never opened for writing, so a failure leaves it as it was and
    /// removes the temporary file.
    ///
    /// - Throws: `StateFileError.writeFailed` naming the failed step. When only the final folder
    ///   sync fails, the new contents are already in place but may not survive a crash.
    static func replace(_ path: String, with bytes: [UInt8]) throws {
        let temporaryPath = temporaryPath(for: path)
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        guard descriptor >= 0 else {
            throw StateFileError.writeFailed(path: path, operation: "creating a temporary file for", errno: errno)
        }

        // Write and sync the temporary file, then move it into place.
        do {
            try writeContents(bytes, to: descriptor, path: path)
            try check(rename(temporaryPath, path), path: path, operation: "replacing")
        } catch {
            unlink(temporaryPath)
            throw error
        }

        // Persist the rename itself, which lives in the folder's entries.
        try syncFolder(of: path)
    }

    /// Gives the file at `path` a second name, `backupPath`, so that its contents become the
    /// backup when the next ``replace(_:with:)`` of `path` moves a new file over it.
    ///
    /// A hard link copies nothing and needs no sync of its own: the folder sync of that replace
    /// persists both names. When the file system refuses the link, `contents` (the file's
    /// bytes) are written to `backupPath` as a replace does.
    static func keepAsBackup(_ path: String, at backupPath: String, contents: [UInt8]) throws {
        let temporaryPath = temporaryPath(for: backupPath)
        guard linkat(AT_FDCWD, path, AT_FDCWD, temporaryPath, AT_SYMLINK_FOLLOW) == 0 else {
            try replace(backupPath, with: contents)
            return
        }
        do {
            // The inode is the current state file's, whose mode a checkout may have widened.
            try check(chmod(temporaryPath, fileMode), path: backupPath, operation: "setting the mode of")
            try check(rename(temporaryPath, backupPath), path: backupPath, operation: "replacing")
        } catch {
            unlink(temporaryPath)
            throw error
        }
    }

    /// Writes, syncs and closes a new temporary file, and closes it on failure too.
    private static func writeContents(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
        do {
            // fchmod because the umask may have narrowed the mode given to open.
            try check(fchmod(descriptor, fileMode), path: path, operation: "setting the mode of")
            try writeAll(bytes, to: descriptor, path: path)
            try check(fsync(descriptor), path: path, operation: "syncing")
        } catch {
            close(descriptor)
            throw error
        }
        try check(close(descriptor), path: path, operation: "closing")
    }

    /// Writes every byte, retrying after interrupted and partial writes.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw StateFileError.writeFailed(path: path, operation: "writing", errno: errno)
            }
            offset += written
        }
    }

    private static func syncFolder(of path: String) throws {
        let descriptor = open(folder(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StateFileError.writeFailed(path: path, operation: "opening the folder of", errno: errno)
        }
        defer { close(descriptor) }

        // Some file systems cannot sync a folder and return EINVAL, which leaves nothing to do.
        if fsync(descriptor) != 0 && errno != EINVAL {
            throw StateFileError.writeFailed(path: path, operation: "syncing the folder of", errno: errno)
        }
    }

    private static func check(_ result: Int32, path: String, operation: String) throws {
        if result != 0 {
            throw StateFileError.writeFailed(path: path, operation: operation, errno: errno)
        }
    }

    /// Returns the folder part of `path`, or `.` when it has none.
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Returns a new hidden name beside `path`, random so that no other writer picks it.
    private static func temporaryPath(for path: String) -> String {
        let name = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        var generator = SystemRandomNumberGenerator()
        let suffix = Hex.encode((0..<6).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return folder(of: path) + "/.\(name).tmp-\(getpid())-\(suffix)"
    }
}
