import CryptoSupport
import YAMLSupport

/// The outcome of loading a configuration file.
public struct ConfigLoadResult: Sendable {
    /// The validated configuration, or `nil` when any diagnostic is an error.
    public var config: DesiredConfig?
    /// Every problem found, in the order found.
    public var diagnostics: [Diagnostic]
}

/// Reads, parses and validates a `credentials.yaml` file: the first stage of every command.
///
/// This stage may read the configuration file and the files its `${file:…}` references name. It
/// reads environment variables only from the dictionary it is given, and prints nothing.
public struct ConfigLoader: Sendable {
    /// The environment that `${env:…}` references read.
    public var environment: [String: String]
    /// The limits on the YAML input.
    public var limits: YAMLLimits
    /// Receives debug lines; never given a secret.
    public var debugLog: @Sendable (String) -> Void

    /// Creates a loader.
    public init(
        environment: [String: String], limits: YAMLLimits = .standard,
        debugLog: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.environment = environment
        self.limits = limits
        self.debugLog = debugLog
    }

    /// Loads the file at `path`.
    public func load(path: String) -> ConfigLoadResult {
        switch RegularFileReader.contents(of: path, maximumBytes: limits.maximumInputBytes) {
        case .success(let bytes):
            return load(bytes: bytes, path: path)
        case .failure(let error):
            return failure(Self.describe(error, path: path), path: path)
        }
    }

    /// Loads configuration `bytes` as if read from `path`, which names the file in diagnostics
    /// and is the base of relative `${file:…}` paths.
    public func load(bytes: [UInt8], path: String) -> ConfigLoadResult {
        let document: YAMLDocument
        do {
            document = try YAMLParser.parseDocument(bytes, limits: limits)
        } catch {
            return ConfigLoadResult(config: nil, diagnostics: [Self.diagnostic(error, path: path)])
        }

        let resolver = ReferenceResolver(
            environment: environment, baseDirectory: Self.directory(of: path), debugLog: debugLog)
        var validator = ConfigValidator(file: path, resolver: resolver)
        let (version, credentials) = validator.validate(document.root)
        let diagnostics = Self.merge(
            yaml: document.problems.map { Self.diagnostic($0, path: path) }, validator.diagnostics,
            omitted: validator.omittedDiagnostics)
        debugLog(
            "config.load: \(path): \(credentials.count) \(credentials.count == 1 ? "credential" : "credentials"), "
                + "\(diagnostics.count) \(diagnostics.count == 1 ? "diagnostic" : "diagnostics")")
        guard let version, validator.errorCount == 0, !diagnostics.hasErrors else {
            return ConfigLoadResult(config: nil, diagnostics: diagnostics)
        }
        let config = DesiredConfig(
            path: path, version: version, credentials: credentials, digest: Hex.encode(SHA256.hash(bytes)),
            safety: validator.safety, stateBackend: validator.stateBackend)
        return ConfigLoadResult(config: config, diagnostics: diagnostics)
    }

    /// The maximum number of diagnostics reported for one file; a note counts the rest.
    public static let maximumDiagnostics = 200

    /// Joins YAML and validation diagnostics in file order. A validation diagnostic at the same
    /// place as a YAML one is a consequence of it (an unknown alias reads as a missing value) and
    /// is dropped.
    static func merge(yaml: [Diagnostic], _ validation: [Diagnostic], omitted: Int = 0) -> [Diagnostic] {
        let yamlPlaces = Set(yaml.compactMap(\.location).map { "\($0.line ?? 0):\($0.column ?? 0)" })
        let kept = validation.filter { diagnostic in
            guard let location = diagnostic.location else { return true }
            return !yamlPlaces.contains("\(location.line ?? 0):\(location.column ?? 0)")
        }
        let merged = (yaml + kept).enumerated().sorted { first, second in
            let a = (first.element.location?.line ?? 0, first.element.location?.column ?? 0, first.offset)
            let b = (second.element.location?.line ?? 0, second.element.location?.column ?? 0, second.offset)
            return a < b
        }.map(\.element)
        let left = max(merged.count - maximumDiagnostics, 0) + omitted
        guard left > 0 else { return merged }
        return Array(merged.prefix(maximumDiagnostics)) + [
            Diagnostic(.note, "\(left) more \(left == 1 ? "problem" : "problems") not shown; fix these first")
        ]
    }

    static func diagnostic(_ error: YAMLError, path: String) -> Diagnostic {
        let location = error.location.map { Diagnostic.Location(file: path, $0) } ?? .init(file: path)
        return Diagnostic(.error, error.description, detail: error.hint, location: location, keyPath: error.keyPath)
    }

    private func failure(_ message: (String, String?), path: String) -> ConfigLoadResult {
        ConfigLoadResult(
            config: nil, diagnostics: [Diagnostic(.error, message.0, detail: message.1, location: .init(file: path))])
    }

    private static func describe(_ error: FileReadError, path: String) -> (String, String?) {
        switch error {
        case .notFound:
            return ("configuration file not found", "Check the path, or name another file with -c FILE or CREDHASH_CONFIG.")
        case .isDirectory: return ("configuration path is a directory, expected a file", nil)
        case .notRegularFile: return ("configuration path is not a regular file", nil)
        case .tooLarge(let limit): return ("configuration file is larger than \(limit) bytes", nil)
        case .unreadable(let code): return ("failed reading configuration file: \(RegularFileReader.describe(errno: code))", nil)
        }
    }

    /// The folder part of `path`, or `.` when it has none.
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
