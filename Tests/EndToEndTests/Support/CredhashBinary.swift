import Foundation

/// The `credhash` executable that `swift build` placed beside the test bundle.
enum CredhashBinary {
    struct Missing: Error, CustomStringConvertible {
        let searched: [String]

        var description: String {
            "credhash binary not found; run 'swift build' first. Searched: " + searched.joined(separator: ", ")
        }
    }

    /// The repository's root folder, from this file's place in `Tests/EndToEndTests/Support`.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The absolute path of the binary.
    ///
    /// The test bundle and `credhash` share one build folder (`.build/<triple>/debug`), so the
    /// folders of the running test executable come first. The repository's `.build/debug` is the
    /// fallback for runners that start the bundle from elsewhere.
    static func path() throws -> String {
        var folders: [URL] = []
        if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
        if let running = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            folders.append(URL(fileURLWithPath: running).deletingLastPathComponent())
        }
        folders.append(repositoryRoot.appendingPathComponent(".build/debug"))

        let candidates = folders.map { $0.appendingPathComponent("credhash").standardizedFileURL.path }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw Missing(searched: candidates)
    }
}
