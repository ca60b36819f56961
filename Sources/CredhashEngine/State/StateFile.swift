import Foundation

/// Reads and writes the state file, strictly and atomically.
///
/// Reading treats only a missing file as empty, never a damaged one. Writing keeps the
/// previous file as `<state>.backup` and never rewrites a file whose bytes would not change.
/// Neither takes the state lock; commands that write state hold a ``StateLock`` around both.
public enum StateFile {
    /// The largest state file read, in bytes. An email credential with two fields takes about 410
    /// bytes, so this is room for well over 100,000 credentials.
    public static let maximumBytes = 64 << 20

    /// Returns the path of the backup kept beside `path`.
    public static func backupPath(for path: String) -> String {
        path + ".backup"
    }

    /// Reads and strictly decodes the state file at `path`.
    ///
    /// - Returns: The state, or `nil` when no file exists at `path`.
    /// - Throws: `StateFileError` when the file is unreadable, empty, not valid JSON, of a newer
    ///   format version, or has an unknown, missing or invalid field. The file is left as it is.
    public static func read(path: String) throws -> State? {
        guard let bytes = try readBytes(path: path) else { return nil }
        return try decode(bytes, path: path)
    }

    /// Writes `state` to `path` atomically, keeping the previous file as its backup.
    ///
    /// The encoding is deterministic: pretty-printed JSON with sorted keys and a trailing newline.
    /// When the file already contains exactly these bytes, nothing is written, so the backup
    /// and the file's modification time stay as they were.
    ///
    /// - Returns: Whether the file was written.
    /// - Throws: `StateFileError.encodingFailed` or `StateFileError.writeFailed`. The file at `path`
    ///   is never truncated or removed by a failure.
    @discardableResult
    public static func write(_ state: State, to path: String) throws -> Bool {
        try write(encode(state, path: path), replacing: readBytes(path: path), at: path)
    }

    /// Returns the bytes `write(_:to:)` stores for `state`.
    public static func encode(_ state: State, path: String) throws -> [UInt8] {
        do {
            return Array(try JSONCoding.makeEncoder().encode(state)) + [UInt8(ascii: "\n")]
        } catch {
            throw StateFileError.encodingFailed(path: path, detail: "\(error)")
        }
    }

    /// Replaces the file at `path`, whose current bytes are `previous`, with `bytes`.
    ///
    /// `previous` becomes the backup: a second name of the old file, so a commit syncs only the
    /// new file and the folder. The old file keeps its name until the new one is renamed over
    /// it, so a crash at any point leaves a complete state file.
    static func write(_ bytes: [UInt8], replacing previous: [UInt8]?, at path: String) throws -> Bool {
        if bytes == previous { return false }
        if let previous {
            try AtomicFileWriter.keepAsBackup(path, at: backupPath(for: path), contents: previous)
        }
        try AtomicFileWriter.replace(path, with: bytes)
        return true
    }

    /// Returns the bytes of the file at `path`, or `nil` when it does not exist.
    static func readBytes(path: String) throws -> [UInt8]? {
        switch RegularFileReader.contents(of: path, maximumBytes: maximumBytes) {
        case .success(let bytes):
            return bytes
        case .failure(.notFound):
            // A symbolic link to a missing file is a state that is not there (an unmounted
            // volume, a moved folder), not a new empty state.
            if RegularFileReader.isSymbolicLink(path) {
                throw StateFileError.unreadable(path: path, reason: "it is a symbolic link to a file that does not exist")
            }
            return nil
        case .failure(.isDirectory):
            throw StateFileError.unreadable(path: path, reason: "it is a folder")
        case .failure(.notRegularFile):
            throw StateFileError.unreadable(path: path, reason: "it is not a regular file")
        case .failure(.tooLarge(let limit)):
            throw StateFileError.unreadable(path: path, reason: "it is larger than \(limit >> 20) MiB")
        case .failure(.unreadable(let code)):
            throw StateFileError.unreadable(path: path, reason: RegularFileReader.describe(errno: code))
        }
    }

    /// Strictly decodes state file bytes read from `path`.
    static func decode(_ bytes: [UInt8], path: String) throws -> State {
        let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        guard bytes.contains(where: { !whitespace.contains($0) }) else { throw StateFileError.empty(path: path) }
        do {
            return try JSONDecoder().decode(State.self, from: Data(bytes))
        } catch let issue as StateDecodingIssue {
            throw StateFileError(issue, path: path)
        } catch let error as DecodingError {
            throw StateFileError(error, path: path, bytes: bytes)
        }
    }
}
