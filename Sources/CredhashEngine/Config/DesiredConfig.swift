import RebillyAPI
import YAMLSupport

/// A non-secret field value as it will be sent to Rebilly.
public enum FieldValue: Sendable, Equatable, CustomStringConvertible {
    /// Text, such as a host name or an enum value.
    case text(String)
    /// A whole number, such as a port.
    case integer(Int)

    /// The value as the plan and `validate` show it.
    public var description: String {
        switch self {
        case .text(let text): return text
        case .integer(let number): return String(number)
        }
    }
}

/// A validated non-secret field of a credential.
public struct ConfigField: Sendable, Equatable {
    /// The field's dotted path in the API's terms (`port`, `auth.username`).
    public var path: String
    /// The value, with defaults filled in.
    public var value: FieldValue
    /// Where the value was written, or `nil` when it is a default.
    public var location: SourceLocation?
}

/// A validated secret field of a credential.
public struct ConfigSecret: Sendable, Equatable {
    /// The field's dotted path in the API's terms (`auth.password`, `apiKey`).
    public var path: String
    /// The resolved value.
    public var value: Secret
    /// Where the value came from, for messages: `env SMTP_PASSWORD`, `file secrets/key`, or `literal`.
    public var origin: String
    /// Where the reference was written.
    public var location: SourceLocation
}

/// One credential as the configuration describes it, validated and with its references resolved.
public struct DesiredCredential: Sendable, Equatable {
    /// The name, unique within the file.
    public var name: String
    /// The kind, from `type:`.
    public var kind: CredentialKind
    /// The non-secret fields in schema order, defaults included.
    public var fields: [ConfigField]
    /// The secret fields in schema order.
    public var secrets: [ConfigSecret]
    /// What to do with a hash this credential's replace supersedes.
    public var retire: RetirePolicy
    /// Where the credential's name is written.
    public var location: SourceLocation

    /// Whether `name` follows the rule for credential names: 1 to 63 lowercase letters, digits
    /// and `-`, starting with a letter or digit.
    public static func isValidName(_ name: String) -> Bool {
        ConfigSchema.isValidName(name)
    }

    /// The address that identifies the credential in plans and state: `<type>.<name>`.
    public var address: String { "\(kind.rawValue).\(name)" }

    /// The value of the non-secret field at `path`, if set.
    public func field(_ path: String) -> FieldValue? {
        fields.first { $0.path == path }?.value
    }

    /// The secret at `path`, if set.
    public func secret(_ path: String) -> Secret? {
        secrets.first { $0.path == path }?.value
    }
}

/// A whole configuration file after validation.
public struct DesiredConfig: Sendable, Equatable {
    /// The path of the file, as the user gave it.
    public var path: String
    /// The language version the file declares.
    public var version: Int
    /// The credentials, sorted by address.
    public var credentials: [DesiredCredential]
    /// The SHA-256 of the file's bytes, in hexadecimal.
    public var digest: String
    /// The safety limits the file sets, by key (`maxReplacePercent`); absent keys keep the defaults.
    public var safety: [String: Int] = [:]
    /// The state backend from the `state` block, or `nil` when the file has none.
    public var stateBackend: StateBackendSettings?
}
