#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension SavedPlan {
    /// Checks that writing a saved plan to `path` destroys nothing: `path` must not be one of
    /// `protectedPaths` (the credentials file, the state and its backup and lock), and an
    /// existing file there must be a regular file that holds a saved plan.
    ///
    /// The write replaces the file by renaming a new one over it, which would also replace a
    /// symbolic link or a device such as `/dev/stdout`, so those are rejected too.
    ///
    /// - Throws: ``SavedPlanError/overwriteRejected(path:reason:)``.
    public static func checkTarget(_ path: String, protectedPaths: [String]) throws(SavedPlanError) {
        let target = RegularFileReader.canonicalPath(path)
        if let match = protectedPaths.first(where: { RegularFileReader.canonicalPath($0) == target }) {
            throw .overwriteRejected(path: path, reason: "it is '\(match)', which credhash needs")
        }
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw .overwriteRejected(path: path, reason: "it exists and is not a regular file")
        }
        do {
            _ = try read(path: path)
        } catch {
            throw .overwriteRejected(path: path, reason: "it exists and is not a saved plan")
        }
    }
}
