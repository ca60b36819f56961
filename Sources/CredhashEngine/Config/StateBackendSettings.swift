/// The state backend a credentials file selects in its `state:` block.
public enum StateBackendSettings: Sendable, Equatable {
    /// A state file beside the credentials file, or named by `--state` or `CREDHASH_STATE`.
    case file
    /// A row of a PostgreSQL table; the connection string comes from `CREDHASH_PG_CONN`.
    case postgres(schema: String, name: String)

    /// The backend names `state.backend` and `CREDHASH_STATE_BACKEND` accept.
    public static let backendNames = ["file", "postgres"]
    /// The schema used when `state.schema` is absent.
    public static let defaultSchema = "credhash"
    /// The state name used when `state.name` is absent.
    public static let defaultName = "default"

    /// The pattern of `state.schema`: a lowercase PostgreSQL identifier outside the names the
    /// server reserves for its own schemas (`pg_…` and `information_schema`).
    static let schemaPattern = "^(?!pg_)(?!information_schema$)[a-z_][a-z0-9_]{0,62}$"
    /// The pattern of `state.name`.
    static let namePattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"

    /// Checks whether `schema` is a lowercase identifier that the server lets users create.
    ///
    /// Reserved SQL words such as `select` are accepted: the backend quotes the schema in SQL.
    public static func isValidSchema(_ schema: String) -> Bool {
        let scalars = Array(schema.unicodeScalars)
        let isStart: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || $0 == "_" }
        guard !schema.hasPrefix("pg_"), schema != "information_schema" else { return false }
        return !scalars.isEmpty && scalars.count <= 63 && isStart(scalars[0])
            && scalars.allSatisfy { isStart($0) || ("0"..."9").contains($0) }
    }

    /// Checks whether `name` is 1 to 128 letters, digits, `.`, `_` and `-`, starting with a letter or digit.
    public static func isValidStateName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        let isStart: (Unicode.Scalar) -> Bool = {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        }
        return !scalars.isEmpty && scalars.count <= 128 && isStart(scalars[0])
            && scalars.allSatisfy { isStart($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }
}
