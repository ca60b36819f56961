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
}
