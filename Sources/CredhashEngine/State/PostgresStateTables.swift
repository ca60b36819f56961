import PostgresSupport

/// The SQL of the PostgreSQL state backend, for one schema.
///
/// Three tables hold every state in the database: `states` (one row per state name with the
/// JSON document, serial and lineage), `state_history` (the versions writes replaced, the last
/// ``historyLimit`` per name) and `state_locks` (the holder of each advisory lock).
struct PostgresStateTables: Sendable {
    /// The number of replaced versions kept per state name.
    static let historyLimit = 10

    /// The schema, already checked against ``StateBackendSettings/isValidSchema(_:)``: it contains
    /// no quote, but may be a reserved word such as `select`, so SQL always quotes it.
    let schema: String

    /// The schema as a quoted SQL identifier.
    var quotedSchema: String { "\"\(schema)\"" }
    var states: String { "\(quotedSchema).states" }
    var history: String { "\(quotedSchema).state_history" }
    var locks: String { "\(quotedSchema).state_locks" }

    /// Creates the schema and tables when they are missing.
    ///
    /// Existing tables are looked up first, because `CREATE SCHEMA IF NOT EXISTS` needs the
    /// CREATE privilege on the database even when the schema exists. A transaction-level
    /// advisory lock serialises the creation, because two sessions running `CREATE TABLE IF NOT
    /// EXISTS` at once can both try to create the table and one fails.
    func create(on connection: PostgresConnection) throws {
        let existing = try connection.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename IN ('states', 'state_history', 'state_locks')",
            [schema])
        if existing.rows.first?.first == "3" { return }

        try PostgresTransaction.run(on: connection) {
            try connection.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", ["credhash:setup:\(schema)"])
            try connection.execute("CREATE SCHEMA IF NOT EXISTS \(quotedSchema)")
            try connection.execute(
                """
                CREATE TABLE IF NOT EXISTS \(states) (
                    name text PRIMARY KEY, serial bigint NOT NULL CHECK (serial >= 0), lineage text NOT NULL,
                    document json NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())
                """)
            try connection.execute(
                """
                CREATE TABLE IF NOT EXISTS \(history) (
                    id bigserial PRIMARY KEY, name text NOT NULL, serial bigint NOT NULL, lineage text NOT NULL,
                    document json NOT NULL, replaced_at timestamptz NOT NULL DEFAULT now())
                """)
            try connection.execute("CREATE INDEX IF NOT EXISTS state_history_name ON \(history) (name, id)")
            try connection.execute(
                """
                CREATE TABLE IF NOT EXISTS \(locks) (
                    name text PRIMARY KEY, holder json NOT NULL, backend_pid integer NOT NULL,
                    locked_at timestamptz NOT NULL DEFAULT now())
                """)
        }
    }

    /// The SQL expression of an advisory lock key, which the server hashes from the text in `$1`.
    static let lockKeySQL = "hashtextextended($1, 0)"

    /// Returns the text whose hash is the advisory lock key of state `name`.
    ///
    /// Advisory lock keys are one 64-bit space per database, so the text carries a prefix and
    /// the schema to stay apart from other users of advisory locks.
    func lockKeyText(name: String) -> String {
        "credhash:lock:\(schema).\(name)"
    }
}

/// Runs statements between BEGIN and COMMIT, rolling back when one throws.
enum PostgresTransaction {
    static func run<Value>(on connection: PostgresConnection, _ body: () throws -> Value) throws -> Value {
        try connection.execute("BEGIN")
        do {
            let value = try body()
            try connection.execute("COMMIT")
            return value
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }
}
