import YAMLSupport

extension ConfigLoader {
    /// Reads only the `state` block of the file at `path`, for commands that need the state but
    /// not the credentials, such as `state list` and `force-unlock`.
    ///
    /// Secret references elsewhere in the file are not resolved, so a missing variable does not
    /// stop these commands.
    ///
    /// - Returns: The settings, `nil` when the file or its `state` block is absent, and the
    ///   diagnostics of the block. A file that is not valid YAML yields its parse error.
    public func loadStateSettings(path: String) -> (settings: StateBackendSettings?, diagnostics: [Diagnostic]) {
        guard case .success(let bytes) = RegularFileReader.contents(of: path, maximumBytes: limits.maximumInputBytes) else {
            return (nil, [])
        }
        guard Self.mayHaveStateBlock(bytes) else { return (nil, []) }
        let document: YAMLDocument
        do {
            document = try YAMLParser.parseDocument(bytes, limits: limits)
        } catch {
            return (nil, [Self.diagnostic(error, path: path)])
        }
        guard let pair = document.root.mappingPairs?.first(where: { $0.key == "state" }) else { return (nil, []) }

        let resolver = ReferenceResolver(environment: environment, baseDirectory: Self.directory(of: path), debugLog: debugLog)
        var validator = ConfigValidator(file: path, resolver: resolver)
        let settings = validator.readState(pair.value)
        return (validator.errorCount == 0 ? settings : nil, validator.diagnostics)
    }

    /// Checks whether the file may have a top-level `state` key, without parsing it.
    ///
    /// Commands that read the state in parallel with validating the file would otherwise parse
    /// a large file twice. The result is `false` only when every line that starts at column 0 is
    /// a comment or starts with a letter, digit or `_` and none starts with `state`. Anything
    /// else (flow style, quoted or complex keys, merge keys, directives, document markers, tabs)
    /// could hide the key and needs the parse.
    static func mayHaveStateBlock(_ bytes: [UInt8]) -> Bool {
        let state = Array("state".utf8)
        var lineStart = true
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\n") {
                lineStart = true
                continue
            }
            guard lineStart else { continue }
            lineStart = false
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "#"), UInt8(ascii: "\r"):
                continue
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                if bytes[index...].starts(with: state) { return true }
            default:
                return true
            }
        }
        return false
    }
}
