import YAMLSupport

extension ConfigValidator {
    /// Reads a credential's `auth` block: its `type` picks which further fields are required.
    mutating func readAuth(
        _ pair: YAMLPair?, rule: ConfigSchema.AuthRule, keyPath: String, credentialName: String,
        into builder: inout CredentialFieldsBuilder
    ) {
        let authKeyPath = "\(keyPath).auth"
        guard let pair else {
            builder.fields.append(ConfigField(path: "auth.type", value: .text("none"), location: nil))
            return
        }
        guard let pairs = expectMapping(pair.value, keyPath: authKeyPath) else { return }
        let byKey = Dictionary(pairs.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })

        // Without a valid type the other keys cannot be judged, so nothing more is reported.
        guard let type = readAuthType(byKey["type"], rule: rule, authLocation: pair.keyLocation, keyPath: authKeyPath),
            let variant = rule.variant(type)
        else { return }
        builder.fields.append(
            ConfigField(path: "auth.type", value: .text(type), location: byKey["type"]?.value.location))

        let allowed = ["type"] + variant.fields.map(\.name)
        for entry in pairs where !allowed.contains(entry.key) {
            reportUnusedAuthKey(entry, type: type, rule: rule, allowed: allowed, keyPath: authKeyPath)
        }
        for field in variant.fields {
            readField(
                field, from: byKey[field.name]?.value, pathPrefix: "auth.", keyPath: authKeyPath,
                parentLocation: pair.keyLocation, credentialName: credentialName, into: &builder)
        }
    }

    private mutating func readAuthType(
        _ pair: YAMLPair?, rule: ConfigSchema.AuthRule, authLocation: SourceLocation, keyPath: String
    ) -> String? {
        guard let pair else {
            if rule.typeRequired {
                error(
                    "missing required key 'type'",
                    detail: "Set 'type' to one of \(rule.typeNames.joined(separator: ", ")).",
                    at: authLocation, keyPath: keyPath)
                return nil
            }
            return "none"
        }
        return readChoice(pair.value, options: rule.typeNames, keyPath: "\(keyPath).type")
    }

    /// Reports a key that belongs to another auth type differently from a plain typo.
    private mutating func reportUnusedAuthKey(
        _ entry: YAMLPair, type: String, rule: ConfigSchema.AuthRule, allowed: [String], keyPath: String
    ) {
        let usingTypes = rule.variants.filter { $0.fields.contains { $0.name == entry.key } }.map(\.type)
        guard !usingTypes.isEmpty else {
            unknownKey(entry, allowed: allowed, keyPath: "\(keyPath).\(entry.key)")
            return
        }
        error(
            "key '\(entry.key)' is not used with auth type '\(type)'",
            detail: "Remove it, or set 'type' to \(usingTypes.map { "'\($0)'" }.joined(separator: " or ")).",
            at: entry.keyLocation, keyPath: "\(keyPath).\(entry.key)")
    }
}
