import RebillyAPI

/// Why a reference could not be resolved. Messages name the variable or file, never a value.
enum ReferenceError: Error, Sendable, Equatable {
    case missingVariable(String)
    case emptyVariable(String)
    case file(String, FileReadError)
    case emptyFile(String)
    case fileNotUTF8(String)
    case variableNotUTF8(String)
    case variableTooLong(String, limit: Int)
    case containsNUL(String)
}

/// Resolves `${env:…}` and `${file:…}` references against an environment and a folder.
struct ReferenceResolver: Sendable {
    /// The largest secret file accepted: far more than any credential, small enough to read at once.
    static let maximumFileBytes = 64 * 1024

    /// The environment variables to read; passed in so the engine never reads the process's own.
    let environment: [String: String]
    /// The folder that relative `${file:…}` paths start from: the configuration file's folder.
    let baseDirectory: String
    /// Receives one debug line per file reference, naming where it resolved.
    let debugLog: @Sendable (String) -> Void

    /// Resolves every segment and joins the results, byte for byte.
    func resolve(_ segments: [ReferenceSegment]) -> Result<(value: String, origin: String), ReferenceError> {
        var value = ""
        var origins: [String] = []
        for segment in segments {
            switch segment {
            case .literal(let text):
                value += text
                origins.append("literal")
            case .environment(let name):
                switch environmentValue(name) {
                case .success(let text): value += text
                case .failure(let error): return .failure(error)
                }
                origins.append("env \(name)")
            case .file(let path):
                switch fileValue(path) {
                case .success(let text): value += text
                case .failure(let error): return .failure(error)
                }
                origins.append("file \(path)")
            }
        }
        return .success((value, origins.joined(separator: " + ")))
    }

    private func environmentValue(_ name: String) -> Result<String, ReferenceError> {
        guard let value = environment[name] else { return .failure(.missingVariable(name)) }
        guard !value.isEmpty else { return .failure(.emptyVariable(name)) }
        guard !value.utf8.contains(0) else { return .failure(.containsNUL("${env:\(name)}")) }
        guard value.utf8.count <= Self.maximumFileBytes else {
            return .failure(.variableTooLong(name, limit: Self.maximumFileBytes))
        }
        // The process environment is decoded with U+FFFD in place of invalid UTF-8, which would
        // send a different secret than the one set.
        guard !value.unicodeScalars.contains("\u{FFFD}") else { return .failure(.variableNotUTF8(name)) }
        return .success(value)
    }

    private func fileValue(_ path: String) -> Result<String, ReferenceError> {
        let fullPath = path.hasPrefix("/") ? path : baseDirectory + "/" + path
        var bytes: [UInt8]
        switch RegularFileReader.contents(of: fullPath, maximumBytes: Self.maximumFileBytes) {
        case .success(let contents): bytes = contents
        case .failure(let error): return .failure(.file(path, error))
        }
        logResolution(of: path, fullPath: fullPath)

        // One trailing line break is what editors and `echo` add; it is never part of a secret.
        if bytes.last == UInt8(ascii: "\n") {
            bytes.removeLast()
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        }
        guard !bytes.isEmpty else { return .failure(.emptyFile(path)) }
        guard !bytes.contains(0) else { return .failure(.containsNUL("${file:\(path)}")) }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .failure(.fileNotUTF8(path)) }
        return .success(text)
    }

    private func logResolution(of path: String, fullPath: String) {
        let resolved = RegularFileReader.resolvedPath(fullPath) ?? fullPath
        let base = RegularFileReader.resolvedPath(baseDirectory) ?? baseDirectory
        let inside = resolved.hasPrefix(base.hasSuffix("/") ? base : base + "/")
        let note = inside ? "" : " (outside the configuration folder \(base))"
        debugLog("config.resolve: ${file:\(path)} resolved to \(resolved)\(note)")
    }
}
