import Foundation

/// Builds the JSON Schema (draft 2020-12) of the credentials language from ``ConfigSchema``.
///
/// Editors use it through yaml-language-server. It describes the shape of the file; rules that
/// need YAML's own view (quoting, YAML 1.1 booleans) or the environment are checked only by
/// `credhash validate`.
public enum ConfigJSONSchema {
    /// The schema as pretty-printed JSON with sorted keys.
    public static func render() -> String {
        let options: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // The document holds only strings, numbers, booleans, arrays and dictionaries.
        guard let data = try? JSONSerialization.data(withJSONObject: document(), options: options) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The schema as a JSON object.
    static func document() -> [String: Any] {
        var definitions: [String: Any] = [
            "retire": [
                "enum": RetirePolicy.allCases.map(\.rawValue), "default": RetirePolicy.manual.rawValue,
                "description": "What happens to a hash a replace supersedes",
            ],
            "credential": credentialDispatch(),
        ]
        for rule in ConfigSchema.kinds { definitions[rule.kind.rawValue] = kindSchema(rule) }
        return [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "credhash credentials file",
            "type": "object",
            "required": ["version", "credentials"],
            "additionalProperties": false,
            "patternProperties": ["^x-": ["description": "Ignored by credhash; a place for YAML anchors"]],
            "properties": topLevelProperties(),
            "$defs": definitions,
        ]
    }

    private static func topLevelProperties() -> [String: Any] {
        [
            "version": ["const": ConfigSchema.version, "description": "Language version"],
            "allowLiteralSecrets": [
                "type": "boolean", "default": false,
                "description": "Accept secrets written as literal text instead of ${env:…} or ${file:…}",
            ],
            "defaults": [
                "type": "object", "additionalProperties": false,
                "properties": ["retire": ["$ref": "#/$defs/retire"]],
            ],
            "safety": [
                "type": "object", "additionalProperties": false,
                "properties": Dictionary(uniqueKeysWithValues: ConfigSchema.safetyKeys.map { key in
                    (key.name, ["type": "integer", "minimum": key.range.lowerBound, "maximum": key.range.upperBound,
                        "description": key.summary] as [String: Any])
                }),
            ],
            "state": [
                "type": "object", "additionalProperties": false, "required": ["backend"],
                "description": "Where the state is kept; CREDHASH_STATE_BACKEND overrides backend",
                "properties": [
                    "backend": ["enum": StateBackendSettings.backendNames, "default": "file"],
                    "schema": [
                        "type": "string", "pattern": StateBackendSettings.schemaPattern,
                        "default": StateBackendSettings.defaultSchema,
                        "description": "PostgreSQL schema of the state tables (backend postgres only)",
                    ],
                    "name": [
                        "type": "string", "pattern": StateBackendSettings.namePattern,
                        "default": StateBackendSettings.defaultName,
                        "description": "Name of this state among those in the database (backend postgres only)",
                    ],
                ],
            ],
            "credentials": [
                "type": "object",
                "propertyNames": ["pattern": ConfigSchema.namePattern],
                "additionalProperties": ["$ref": "#/$defs/credential"],
            ],
        ]
    }

    private static func credentialDispatch() -> [String: Any] {
        let kinds = ConfigSchema.kinds.map(\.kind.rawValue)
        return [
            "type": "object", "required": ["type"],
            "properties": ["type": ["enum": kinds]],
            "allOf": kinds.map { kind in
                ["if": ["properties": ["type": ["const": kind]], "required": ["type"]], "then": ["$ref": "#/$defs/\(kind)"]]
            },
        ]
    }

    private static func kindSchema(_ rule: ConfigSchema.KindRule) -> [String: Any] {
        var properties: [String: Any] = [
            "type": ["const": rule.kind.rawValue], "retire": ["$ref": "#/$defs/retire"],
        ]
        for field in rule.fields { properties[field.name] = fieldSchema(field) }
        if let auth = rule.auth { properties["auth"] = authSchema(auth) }
        return [
            "type": "object", "description": rule.summary, "additionalProperties": false,
            "required": ["type"] + rule.fields.filter(\.required).map(\.name),
            "properties": properties,
        ]
    }

    private static func authSchema(_ auth: ConfigSchema.AuthRule) -> [String: Any] {
        var typeSchema: [String: Any] = ["enum": auth.typeNames]
        if !auth.typeRequired { typeSchema["default"] = "none" }
        let variants: [[String: Any]] = auth.variants.map { variant in
            var properties: [String: Any] = ["type": ["const": variant.type]]
            for field in variant.fields { properties[field.name] = fieldSchema(field) }
            return [
                "if": variant.type == "none" && !auth.typeRequired
                    ? ["properties": ["type": ["const": variant.type]]] as [String: Any]
                    : ["properties": ["type": ["const": variant.type]], "required": ["type"]],
                "then": ["required": variant.fields.map(\.name), "properties": properties, "additionalProperties": false],
            ]
        }
        return [
            "type": "object", "required": auth.typeRequired ? ["type"] : [String](),
            "properties": ["type": typeSchema], "allOf": variants,
        ]
    }

    private static func fieldSchema(_ field: ConfigSchema.Field) -> [String: Any] {
        var schema: [String: Any] = ["description": field.summary]
        switch field.type {
        case .text: schema.merge(["type": "string", "minLength": 1]) { $1 }
        case .hostName, .bareHostName: schema.merge(["type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9.-]*$"]) { $1 }
        case .emailAddress: schema.merge(["type": "string", "format": "email"]) { $1 }
        case .port: schema.merge(["type": "integer", "minimum": 1, "maximum": 65535]) { $1 }
        case .choice(let options): schema["enum"] = options
        case .secret:
            schema.merge(["type": "string", "description": "\(field.summary); write ${env:NAME} or ${file:PATH}"]) { $1 }
        }
        switch field.defaultValue {
        case .integer(let number): schema["default"] = number
        case .text(let text): schema["default"] = text
        case nil: break
        }
        return schema
    }
}
