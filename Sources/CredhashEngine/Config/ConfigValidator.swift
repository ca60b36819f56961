import YAMLSupport

/// Turns a parsed configuration document into credentials, collecting every problem it finds.
///
/// The validator never stops at the first problem: each one becomes a ``Diagnostic`` with the
/// file, line, column and key path, and the caller decides from them whether the run failed.
/// It reads secret files through the resolver, but it prints nothing and keeps no global state.
struct ConfigValidator {
    let file: String
    let resolver: ReferenceResolver
    var diagnostics: [Diagnostic] = []
    /// The number of error diagnostics, kept as they are added so checking it costs nothing.
    private(set) var errorCount = 0
    /// Diagnostics found but not kept, because far more were found than anyone reads.
    private(set) var omittedDiagnostics = 0
    var allowLiteralSecrets = false
    var defaultRetire = RetirePolicy.manual
    var safety: [String: Int] = [:]
    var stateBackend: StateBackendSettings?

    init(file: String, resolver: ReferenceResolver) {
        self.file = file
        self.resolver = resolver
    }

    /// Validates the whole document and returns the version and the credentials it describes.
    mutating func validate(_ root: YAMLNode) -> (version: Int?, credentials: [DesiredCredential]) {
        guard let pairs = root.mappingPairs else {
            error(
                "expected a mapping with 'version' and 'credentials', found a \(root.kindName)",
                detail: "Start the file with 'version: 1' and a 'credentials:' mapping.", at: root.location)
            return (nil, [])
        }
        let top = Dictionary(pairs.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var tagPath: [String] = []
        reportTags(in: root, path: &tagPath)
        checkTopLevelKeys(pairs)

        // A newer version may mean anything, so nothing more is checked. A missing or malformed
        // version is reported, and the rest is still checked as version 1.
        let version = readVersion(top["version"], root: root)
        if case .unsupported = version { return (nil, []) }

        // Settings that change how credentials are read come first.
        if let pair = top["allowLiteralSecrets"] {
            allowLiteralSecrets = readBoolean(pair.value, keyPath: "allowLiteralSecrets") ?? false
        }
        if let pair = top["defaults"] { readDefaults(pair.value) }
        if let pair = top["safety"] { readSafety(pair.value) }
        if let pair = top["state"] { stateBackend = readState(pair.value) }

        guard let credentialsPair = top["credentials"] else {
            error(
                "missing required key 'credentials'", detail: "Add a 'credentials:' mapping of names to credentials.",
                at: root.location)
            return (nil, [])
        }
        let credentials = readCredentials(credentialsPair.value)
        guard case .supported(let number) = version else { return (nil, credentials) }
        return (number, credentials)
    }

    /// Reports every explicit tag, on keys and on values: credhash reads each value as its
    /// field's type, so a tag would be ignored or misread. The tag's text is not quoted, because
    /// an unquoted secret starting with '!' arrives here as a tag.
    ///
    /// `path` contains the keys and indexes down to `node`, and is joined only for a report, so a
    /// large document without tags costs no string per node.
    private mutating func reportTags(in node: YAMLNode, path: inout [String]) {
        if node.tag != nil, !node.isAlias {
            error(
                "YAML tags are not supported",
                detail: "Remove the tag, or quote a value that starts with '!'; credhash reads each value as its field's type.",
                at: node.location, keyPath: Self.join(path))
        }
        switch node.content {
        case .scalar: break
        case .sequence(let items):
            for (index, item) in items.enumerated() {
                path.append(String(index))
                reportTags(in: item, path: &path)
                path.removeLast()
            }
        case .mapping(let pairs):
            for pair in pairs {
                path.append(pair.key)
                if pair.keyTag != nil {
                    error("YAML tags are not supported", detail: "Remove the tag from the key.", at: pair.keyLocation, keyPath: Self.join(path))
                }
                if !pair.value.isAlias { reportTags(in: pair.value, path: &path) }
                path.removeLast()
            }
        }
    }

    /// Joins `components` into a dotted key path, or returns `nil` for the root.
    private static func join(_ components: [String]) -> String? {
        components.isEmpty ? nil : components.joined(separator: ".")
    }

    private mutating func checkTopLevelKeys(_ pairs: [YAMLPair]) {
        for pair in pairs where !ConfigSchema.topLevelKeys.contains(pair.key) && !pair.key.hasPrefix("x-") {
            unknownKey(pair, allowed: ConfigSchema.topLevelKeys, keyPath: pair.key, extra: "Keys starting with 'x-' are ignored and can hold anchors.")
        }
    }

    /// The outcome of reading `version`.
    enum VersionReading {
        case supported(Int)
        case invalid
        case unsupported
    }

    private mutating func readVersion(_ pair: YAMLPair?, root: YAMLNode) -> VersionReading {
        guard let pair else {
            error("missing required key 'version'", detail: "Add 'version: 1' at the top of the file.", at: root.location)
            return .invalid
        }
        guard case .scalar(let text, let style) = pair.value.content, pair.value.tag == nil, style == .plain,
            let version = Int(text), String(version) == text
        else {
            var quoted = false
            if case .scalar(_, let style) = pair.value.content { quoted = style == .singleQuoted || style == .doubleQuoted }
            error(
                "invalid version, expected the number 1",
                detail: quoted ? "Write 'version: 1' without quotes." : "Write 'version: 1'.",
                at: pair.value.location, keyPath: "version")
            return .invalid
        }
        guard version == ConfigSchema.version else {
            error(
                "unsupported version '\(version)'",
                detail: "This credhash reads version \(ConfigSchema.version); a newer credhash may read this file.",
                at: pair.value.location, keyPath: "version")
            return .unsupported
        }
        return .supported(version)
    }

    private mutating func readDefaults(_ node: YAMLNode) {
        guard let pairs = expectMapping(node, keyPath: "defaults") else { return }
        for pair in pairs {
            guard pair.key == "retire" else {
                unknownKey(pair, allowed: ConfigSchema.defaultsKeys, keyPath: "defaults.\(pair.key)")
                continue
            }
            if let policy = readRetire(pair.value, keyPath: "defaults.retire") { defaultRetire = policy }
        }
    }

    private mutating func readSafety(_ node: YAMLNode) {
        guard let pairs = expectMapping(node, keyPath: "safety") else { return }
        let names = ConfigSchema.safetyKeys.map(\.name)
        for pair in pairs {
            guard let rule = ConfigSchema.safetyKeys.first(where: { $0.name == pair.key }) else {
                unknownKey(pair, allowed: names, keyPath: "safety.\(pair.key)")
                continue
            }
            let keyPath = "safety.\(pair.key)"
            guard let (text, style) = scalar(pair.value, keyPath: keyPath) else { continue }
            guard style == .plain, let number = Int(text), String(number) == text, rule.range.contains(number) else {
                error(
                    "invalid value '\(text)', expected a whole number from \(rule.range.lowerBound) to \(rule.range.upperBound)",
                    at: pair.value.location, keyPath: keyPath)
                continue
            }
            safety[pair.key] = number
        }
    }

    private mutating func readCredentials(_ node: YAMLNode) -> [DesiredCredential] {
        guard let pairs = expectMapping(node, keyPath: "credentials") else { return [] }
        var credentials: [DesiredCredential] = []
        for pair in pairs {
            if let credential = readCredential(pair) { credentials.append(credential) }
        }
        return credentials.sorted { $0.address < $1.address }
    }

    // MARK: Diagnostics

    /// Records an error. The summary and detail are built only while fewer diagnostics are kept
    /// than the cap, so a file with a hundred thousand errors costs a count for most of them.
    mutating func error(
        _ summary: @autoclosure () -> String, detail: @autoclosure () -> String? = nil, at location: SourceLocation,
        keyPath: String? = nil
    ) {
        errorCount += 1
        guard diagnostics.count < ConfigLoader.maximumDiagnostics * 2 else {
            omittedDiagnostics += 1
            return
        }
        diagnostics.append(
            Diagnostic(.error, summary(), detail: detail(), location: .init(file: file, location), keyPath: keyPath))
    }

    mutating func unknownKey(_ pair: YAMLPair, allowed: [String], keyPath: String, extra: String? = nil) {
        error(
            "unknown key \(Quote.text(pair.key))", detail: Self.unknownKeyDetail(pair.key, allowed: allowed, extra: extra),
            at: pair.keyLocation, keyPath: keyPath)
    }

    private static func unknownKeyDetail(_ key: String, allowed: [String], extra: String?) -> String {
        var detail = ""
        if let suggestion = Suggestion.closest(to: key, in: allowed) { detail = "Did you mean '\(suggestion)'? " }
        detail += "Keys allowed here: \(allowed.joined(separator: ", "))."
        if let extra { detail += " " + extra }
        return detail
    }

    /// Lists allowed words for a message: `'none', 'tls', 'ssl'`.
    static func list(_ words: [String]) -> String {
        words.map { "'\($0)'" }.joined(separator: ", ")
    }

    mutating func expectMapping(_ node: YAMLNode, keyPath: String) -> [YAMLPair]? {
        if let pairs = node.mappingPairs { return pairs }
        if case .scalar(let text, .plain) = node.content, ImplicitScalarType.of(text) == .null {
            error("missing value, expected a mapping", at: node.location, keyPath: keyPath)
        } else {
            error("expected a mapping, found a \(node.kindName)", at: node.location, keyPath: keyPath)
        }
        return nil
    }
}
