/// The rules of the credentials language: which fields each kind has, their types and defaults.
///
/// The validator, the JSON Schema printed by `credhash schema` and the reference documentation
/// all follow this one table, so they cannot disagree.
enum ConfigSchema {
    /// The language version this build reads.
    static let version = 1

    /// The pattern credential names must match, as a human-readable rule.
    static let namePattern = "^[a-z0-9][a-z0-9-]{0,62}$"

    /// How a field's scalar is read and checked.
    enum FieldType: Sendable, Equatable {
        /// Any non-empty text.
        case text
        /// An SMTP host name or IP address, without scheme, path or port.
        case hostName
        /// A webhook host: a bare host name, matched against the webhook URL's domain.
        case bareHostName
        /// An email address.
        case emailAddress
        /// A TCP port: an unquoted decimal integer from 1 to 65535.
        case port
        /// A secret that must come from `${env:…}` or `${file:…}`.
        case secret
        /// One of a fixed set of words.
        case choice([String])
    }

    /// One field of a credential or of its `auth` block.
    struct Field: Sendable {
        let name: String
        let type: FieldType
        let required: Bool
        let defaultValue: FieldValue?
        let summary: String

        init(_ name: String, _ type: FieldType, required: Bool = false, default defaultValue: FieldValue? = nil,
             _ summary: String) {
            self.name = name
            self.type = type
            self.required = required
            self.defaultValue = defaultValue
            self.summary = summary
        }
    }

    /// One `auth.type` value and the fields it needs; all of them are required.
    struct AuthVariant: Sendable {
        let type: String
        let fields: [Field]
    }

    /// The `auth` block of a kind.
    struct AuthRule: Sendable {
        let variants: [AuthVariant]
        /// Whether `type` must be written inside `auth`; when not, it defaults to `none`.
        let typeRequired: Bool

        var typeNames: [String] { variants.map(\.type) }

        func variant(_ type: String) -> AuthVariant? {
            variants.first { $0.type == type }
        }
    }

    /// The fields of one credential kind.
    struct KindRule: Sendable {
        let kind: CredentialKind
        let summary: String
        let fields: [Field]
        let auth: AuthRule?
    }

    static let username = Field("username", .text, required: true, "User name")
    static let password = Field("password", .secret, required: true, "Password")

    static let email = KindRule(
        kind: .email, summary: "SMTP server credentials",
        fields: [
            Field("host", .hostName, required: true, "SMTP host name"),
            Field("port", .port, default: .integer(25), "SMTP port, 1-65535"),
            Field("encryption", .choice(["none", "tls", "ssl"]), default: .text("none"), "Connection encryption"),
        ],
        auth: AuthRule(
            variants: [
                AuthVariant(type: "none", fields: []),
                AuthVariant(type: "plain", fields: [username, password]),
                AuthVariant(type: "login", fields: [username, password]),
                AuthVariant(type: "cram-md5", fields: [username, password]),
            ], typeRequired: false))

    static let webhook = KindRule(
        kind: .webhook, summary: "Credentials Rebilly sends with webhook calls to one host",
        fields: [Field("host", .bareHostName, required: true, "Host name of the webhook URL, without scheme, path or port")],
        auth: AuthRule(
            variants: [
                AuthVariant(type: "none", fields: []),
                AuthVariant(type: "basic", fields: [username, password]),
                AuthVariant(type: "digest", fields: [username, password]),
                AuthVariant(
                    type: "oauth1",
                    fields: [
                        Field("consumerKey", .text, required: true, "OAuth 1.0 consumer key"),
                        Field("consumerSecret", .secret, required: true, "OAuth 1.0 consumer secret"),
                        Field("token", .secret, required: true, "OAuth 1.0 token"),
                        Field("tokenSecret", .secret, required: true, "OAuth 1.0 token secret"),
                    ]),
            ], typeRequired: true))

    static let mailgun = KindRule(
        kind: .mailgun, summary: "Mailgun API credentials",
        fields: [
            Field("emailFrom", .emailAddress, required: true, "Sender address"),
            Field("apiKey", .secret, required: true, "Mailgun API key"),
            Field("domain", .bareHostName, required: true, "Mailgun sending domain"),
        ],
        auth: nil)

    static let awsSES = KindRule(
        kind: .awsSES, summary: "Amazon SES credentials",
        fields: [
            Field("key", .text, required: true, "AWS access key ID"),
            Field("secret", .secret, required: true, "AWS secret access key"),
            Field("region", .text, required: true, "AWS region, such as us-east-1"),
            Field("configurationSetName", .text, "SES configuration set name"),
        ],
        auth: nil)

    /// The rules of every kind, in the order the documentation lists them.
    static let kinds: [KindRule] = [email, webhook, mailgun, awsSES]

    /// The rules of `kind`.
    static func rule(for kind: CredentialKind) -> KindRule {
        // The table has one entry per case, which the schema tests check.
        kinds.first { $0.kind == kind } ?? email
    }

    /// The dotted paths of the non-secret and the secret fields a credential of `kind` can have.
    static func fieldPaths(of kind: CredentialKind) -> (plain: Set<String>, secret: Set<String>) {
        let rule = rule(for: kind)
        var fields = rule.fields.map { ($0.name, $0.type) }
        if let auth = rule.auth {
            fields.append(("auth.type", .text))
            for variant in auth.variants { fields += variant.fields.map { ("auth.\($0.name)", $0.type) } }
        }
        let plain = Set(fields.filter { $0.1 != .secret }.map(\.0))
        let secret = Set(fields.filter { $0.1 == .secret }.map(\.0))
        return (plain, secret)
    }

    /// Whether `name` follows the rule for credential names.
    static func isValidName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        let isAllowed: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        return !scalars.isEmpty && scalars.count <= 63 && isAllowed(scalars[0])
            && scalars.allSatisfy { isAllowed($0) || $0 == "-" }
    }

    /// The keys a credential of `rule`'s kind may hold besides its fields.
    static func credentialKeys(of rule: KindRule) -> [String] {
        ["type"] + rule.fields.map(\.name) + (rule.auth == nil ? [] : ["auth"]) + ["retire"]
    }

    /// The top-level keys of a file. Keys starting with `x-` are also accepted, to hold anchors.
    static let topLevelKeys = ["version", "credentials", "defaults", "safety", "state", "allowLiteralSecrets"]

    /// The keys of the top-level `state` block.
    static let stateKeys = ["backend", "schema", "name"]

    /// The keys of the top-level `safety` block, with their allowed ranges.
    static let safetyKeys: [(name: String, range: ClosedRange<Int>, summary: String)] = [
        ("minimumManaged", 0...1_000_000, "Managed credentials below which the percentage limits do not apply"),
        ("maxDeactivatePercent", 0...100, "Largest share of managed credentials one plan may deactivate or retire"),
        ("maxReplacePercent", 0...100, "Largest share of managed credentials one plan may replace"),
    ]

    /// The keys of the top-level `defaults` block.
    static let defaultsKeys = ["retire"]
}
