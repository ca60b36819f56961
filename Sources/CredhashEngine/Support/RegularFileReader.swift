#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a file could not be read.
enum FileReadError: Error, Sendable, Equatable {
    case notFound
    case isDirectory
    case notRegularFile
    case tooLarge(limit: Int)
    case unreadable(errno: Int32)
}

/// Path comparisons for the commands that write files beside the state.
public enum FilePaths {
    /// The absolute path of `path` with symbolic links resolved, of the file when it exists and
    /// else of its folder, so that two spellings of one file compare equal.
    public static func canonical(_ path: String) -> String {
        RegularFileReader.canonicalPath(path)
    }
}

/// Reads configuration files and the files that `${file:…}` references name.
///
/// Only regular files are read. A FIFO or device is refused before it is opened, because opening
/// or reading one can block forever, and the file is opened non-blocking in case it is swapped
/// for one between the check and the open.
enum RegularFileReader {
    /// Reads the whole file at `path`, failing once it contains more than `maximumBytes`.
    static func contents(of path: String, maximumBytes: Int) -> Result<[UInt8], FileReadError> {
        var status = stat()
        guard stat(path, &status) == 0 else {
            return .failure(errno == ENOENT || errno == ENOTDIR ? .notFound : .unreadable(errno: errno))
        }
        if status.st_mode & S_IFMT == S_IFDIR { return .failure(.isDirectory) }
        guard status.st_mode & S_IFMT == S_IFREG else { return .failure(.notRegularFile) }

        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(.unreadable(errno: errno)) }
        defer { close(descriptor) }
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            return .failure(.notRegularFile)
        }
        return readAll(descriptor, maximumBytes: maximumBytes)
    }

    private static func readAll(_ descriptor: Int32, maximumBytes: Int) -> Result<[UInt8], FileReadError> {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(errno: errno))
            }
            if count == 0 { return .success(bytes) }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > maximumBytes { return .failure(.tooLarge(limit: maximumBytes)) }
        }
    }

    /// The absolute path of `path` with symbolic links resolved: of the file itself when it
    /// exists, else of its folder, so the result is stable before and after the file is created.
    static func canonicalPath(_ path: String) -> String {
        if let resolved = resolvedPath(path) { return resolved }
        let folder = ConfigLoader.directory(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let resolvedFolder = resolvedPath(folder) ?? folder
        return (resolvedFolder == "/" ? "" : resolvedFolder) + "/" + name
    }

    /// Whether `path` itself is a symbolic link, whatever it points to.
    static func isSymbolicLink(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
    }

    /// Returns the canonical absolute path of `path`, following symbolic links, if it exists.
    static func resolvedPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The system's description of an `errno` value.
    static func describe(errno code: Int32) -> String {
        String(cString: strerror(code))
    }
}
