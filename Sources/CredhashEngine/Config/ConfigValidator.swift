import YAMLSupport

/// Turns a parsed configuration document into credentials, collecting every problem it finds.
///
/// The validator never stops at the first problem: each one becomes a ``Diagnostic`` with the
/// file, line, column and key path, and the caller decides from them whether the run failed.
/// It reads secret files through the resolver but prints nothing and holds no global state.
struct ConfigValidator {
    let file: String
    let resolver: ReferenceResolver
    var diagnostics: [Diagnostic] = []
    var allowLiteralSecrets = false
    var defaultRetire = RetirePolicy.manual
    var safety: [String: Int] = [:]

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
        checkTopLevelKeys(pairs)

        // The version decides how everything else is read, so nothing more is checked without it.
        guard let version = readVersion(top["version"], root: root) else { return (nil, []) }

        // Settings that change how credentials are read come first.
        if let pair = top["allowLiteralSecrets"] {
            allowLiteralSecrets = readBoolean(pair.value, keyPath: "allowLiteralSecrets") ?? false
        }
        if let pair = top["defaults"] { readDefaults(pair.value) }
        if let pair = top["safety"] { readSafety(pair.value) }

        guard let credentialsPair = top["credentials"] else {
            error(
                "missing required key 'credentials'", detail: "Add a 'credentials:' mapping of names to credentials.",
                at: root.location)
            return (version, [])
        }
        return (version, readCredentials(credentialsPair.value))
    }

    private mutating func checkTopLevelKeys(_ pairs: [YAMLPair]) {
        for pair in pairs where !ConfigSchema.topLevelKeys.contains(pair.key) && !pair.key.hasPrefix("x-") {
            unknownKey(pair, allowed: ConfigSchema.topLevelKeys, keyPath: pair.key, extra: "Keys starting with 'x-' are ignored and can hold anchors.")
        }
    }

    private mutating func readVersion(_ pair: YAMLPair?, root: YAMLNode) -> Int? {
        guard let pair else {
            error("missing required key 'version'", detail: "Add 'version: 1' at the top of the file.", at: root.location)
            return nil
        }
        guard case .scalar(let text, .plain) = pair.value.content, pair.value.tag == nil,
            let version = Int(text), String(version) == text
        else {
            error("invalid version, expected the number 1", detail: "Write 'version: 1' without quotes.", at: pair.value.location, keyPath: "version")
            return nil
        }
        guard version == ConfigSchema.version else {
            error(
                "unsupported version '\(version)'",
                detail: "This credhash reads version \(ConfigSchema.version); a newer credhash may read this file.",
                at: pair.value.location, keyPath: "version")
            return nil
        }
        return version
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

    mutating func error(_ summary: String, detail: String? = nil, at location: SourceLocation, keyPath: String? = nil) {
        diagnostics.append(
            Diagnostic(.error, summary, detail: detail, location: .init(file: file, location), keyPath: keyPath))
    }

    mutating func unknownKey(_ pair: YAMLPair, allowed: [String], keyPath: String, extra: String? = nil) {
        var detail = ""
        if let suggestion = Suggestion.closest(to: pair.key, in: allowed) { detail = "Did you mean '\(suggestion)'? " }
        detail += "Keys allowed here: \(allowed.joined(separator: ", "))."
        if let extra { detail += " " + extra }
        error("unknown key '\(pair.key)'", detail: detail, at: pair.keyLocation, keyPath: keyPath)
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
