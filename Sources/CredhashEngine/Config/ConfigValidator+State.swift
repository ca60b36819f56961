import YAMLSupport

extension ConfigValidator {
    /// Reads the `state` block: `backend`, and for `postgres` the `schema` and state `name`.
    mutating func readState(_ node: YAMLNode) -> StateBackendSettings? {
        guard let pairs = expectMapping(node, keyPath: "state") else { return nil }
        var values: [String: (text: String, pair: YAMLPair)] = [:]
        for pair in pairs {
            let keyPath = "state.\(pair.key)"
            guard ConfigSchema.stateKeys.contains(pair.key) else {
                unknownKey(pair, allowed: ConfigSchema.stateKeys, keyPath: keyPath)
                continue
            }
            if let (text, _) = scalar(pair.value, keyPath: keyPath) { values[pair.key] = (text, pair) }
        }

        guard let backend = values["backend"] else {
            if pairs.allSatisfy({ $0.key != "backend" }) {
                error(
                    "missing required key 'backend'", detail: "Add 'backend: file' or 'backend: postgres'.",
                    at: node.location, keyPath: "state")
            }
            return nil
        }
        switch backend.text {
        case "file":
            for key in ["schema", "name"] {
                guard let value = values[key] else { continue }
                error(
                    "'state.\(key)' applies only to backend 'postgres'", detail: "Remove it, or set 'backend: postgres'.",
                    at: value.pair.keyLocation, keyPath: "state.\(key)")
            }
            return .file
        case "postgres":
            return readPostgresState(schema: values["schema"], name: values["name"])
        default:
            let hint = Suggestion.closest(to: backend.text, in: StateBackendSettings.backendNames).map { "Did you mean '\($0)'?" }
            error(
                "invalid value \(Quote.text(backend.text)), expected one of "
                    + Self.list(StateBackendSettings.backendNames),
                detail: hint, at: backend.pair.value.location,
                keyPath: "state.backend")
            return nil
        }
    }

    private mutating func readPostgresState(
        schema: (text: String, pair: YAMLPair)?, name: (text: String, pair: YAMLPair)?
    ) -> StateBackendSettings? {
        var valid = true
        if let schema, !StateBackendSettings.isValidSchema(schema.text) {
            error(
                "invalid schema name \(Quote.text(schema.text))",
                detail: "Use 1 to 63 lowercase letters, digits and '_', starting with a letter or '_'. "
                    + "Names starting with 'pg_' and 'information_schema' belong to PostgreSQL "
                    + "(\(StateBackendSettings.schemaPattern)).",
                at: schema.pair.value.location, keyPath: "state.schema")
            valid = false
        }
        if let name, !StateBackendSettings.isValidStateName(name.text) {
            error(
                "invalid state name \(Quote.text(name.text))",
                detail: "Use 1 to 128 letters, digits, '.', '_' and '-', starting with a letter or digit "
                    + "(\(StateBackendSettings.namePattern)).",
                at: name.pair.value.location, keyPath: "state.name")
            valid = false
        }
        guard valid else { return nil }
        return .postgres(
            schema: schema?.text ?? StateBackendSettings.defaultSchema, name: name?.text ?? StateBackendSettings.defaultName)
    }
}
