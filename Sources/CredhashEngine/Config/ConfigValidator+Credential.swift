import YAMLSupport

/// Fields collected for one credential while it is validated.
struct CredentialFieldsBuilder {
    var fields: [ConfigField] = []
    var secrets: [ConfigSecret] = []
}

extension ConfigValidator {
    /// The keys that some kind of credential accepts, sorted, for a credential without a kind.
    static let keysOfEveryKind = Set(ConfigSchema.kinds.flatMap(ConfigSchema.credentialKeys(of:))).sorted()

    /// Validates one entry of `credentials:`; returns `nil` when it has any error.
    mutating func readCredential(_ pair: YAMLPair) -> DesiredCredential? {
        let keyPath = "credentials.\(pair.key)"
        let errorsBefore = errorCount
        checkName(pair, keyPath: keyPath)
        guard let pairs = expectMapping(pair.value, keyPath: keyPath) else { return nil }
        let byKey = Dictionary(pairs.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        guard let kind = readKind(byKey["type"], nameLocation: pair.keyLocation, keyPath: keyPath) else {
            // Without a kind, keys are checked against those of every kind.
            for entry in pairs where !Self.keysOfEveryKind.contains(entry.key) {
                unknownKey(entry, allowed: Self.keysOfEveryKind, keyPath: "\(keyPath).\(entry.key)")
            }
            return nil
        }
        let rule = ConfigSchema.rule(for: kind)

        // Unknown keys are reported first, in file order, so a typo shows before "missing key".
        let allowed = ConfigSchema.credentialKeys(of: rule)
        for entry in pairs where !allowed.contains(entry.key) {
            unknownKey(entry, allowed: allowed, keyPath: "\(keyPath).\(entry.key)")
        }

        var builder = CredentialFieldsBuilder()
        for field in rule.fields {
            readField(
                field, from: byKey[field.name]?.value, pathPrefix: "", keyPath: keyPath,
                parentLocation: pair.keyLocation, credentialName: pair.key, into: &builder)
        }
        if let auth = rule.auth {
            readAuth(byKey["auth"], rule: auth, keyPath: keyPath, credentialName: pair.key, into: &builder)
        }
        var retire = defaultRetire
        if let retirePair = byKey["retire"], let policy = readRetire(retirePair.value, keyPath: "\(keyPath).retire") {
            retire = policy
        }

        guard errorCount == errorsBefore else { return nil }
        return DesiredCredential(
            name: pair.key, kind: kind, fields: builder.fields, secrets: builder.secrets, retire: retire,
            location: pair.keyLocation)
    }

    private mutating func checkName(_ pair: YAMLPair, keyPath: String) {
        let name = pair.key
        let location = pair.keyLocation
        if pair.keyStyle == .plain, let implicit = ImplicitScalarType.of(name), implicit != .null {
            error(
                "credential name \(Quote.text(name)) is read as a \(implicit.noun) by YAML 1.1",
                detail: "Quote the name, or choose one that starts with a letter.", at: location, keyPath: keyPath)
            return
        }
        guard !ConfigSchema.isValidName(name) else { return }
        error(
            "invalid credential name \(Quote.text(name))",
            detail: "Names are 1 to 63 lowercase letters, digits and '-', starting with a letter or digit, "
                + "such as 'smtp-main'.",
            at: location, keyPath: keyPath)
    }

    private mutating func readKind(_ pair: YAMLPair?, nameLocation: SourceLocation, keyPath: String) -> CredentialKind? {
        let names = CredentialKind.allCases.map(\.rawValue)
        guard let pair else {
            error(
                "missing required key 'type'", detail: "Set 'type' to one of \(ConfigValidator.list(names)).",
                at: nameLocation, keyPath: keyPath)
            return nil
        }
        guard let text = readChoice(pair.value, options: names, keyPath: "\(keyPath).type") else { return nil }
        return CredentialKind(rawValue: text)
    }

    mutating func readRetire(_ node: YAMLNode, keyPath: String) -> RetirePolicy? {
        let names = RetirePolicy.allCases.map(\.rawValue)
        return readChoice(node, options: names, keyPath: keyPath).flatMap(RetirePolicy.init(rawValue:))
    }

    /// Reads one field, or its default, into `builder`; a missing required field is an error at
    /// `parentLocation`, the key that holds the field's mapping.
    mutating func readField(
        _ field: ConfigSchema.Field, from node: YAMLNode?, pathPrefix: String, keyPath: String,
        parentLocation: SourceLocation, credentialName: String, into builder: inout CredentialFieldsBuilder
    ) {
        let path = pathPrefix + field.name
        let fieldKeyPath = "\(keyPath).\(field.name)"
        guard let node else {
            if field.required {
                error(
                    "missing required key '\(field.name)'", detail: "Add '\(field.name)': \(field.summary).",
                    at: parentLocation, keyPath: keyPath)
            } else if let value = field.defaultValue {
                builder.fields.append(ConfigField(path: path, value: value, location: nil))
            }
            return
        }
        if field.type == .secret {
            if let secret = readSecret(node, path: path, keyPath: fieldKeyPath, credentialName: credentialName) {
                builder.secrets.append(secret)
            }
        } else if let value = readValue(node, type: field.type, keyPath: fieldKeyPath) {
            builder.fields.append(ConfigField(path: path, value: value, location: node.location))
        }
    }

    private mutating func readValue(_ node: YAMLNode, type: ConfigSchema.FieldType, keyPath: String) -> FieldValue? {
        switch type {
        case .port:
            return readPort(node, keyPath: keyPath).map(FieldValue.integer)
        case .choice(let options):
            return readChoice(node, options: options, keyPath: keyPath).map(FieldValue.text)
        case .text, .hostName, .bareHostName, .emailAddress, .secret:
            guard let text = readText(node, keyPath: keyPath) else { return nil }
            guard checkFormat(text, type: type, at: node.location, keyPath: keyPath) else { return nil }
            return .text(text)
        }
    }
}
