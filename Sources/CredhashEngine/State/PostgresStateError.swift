import PostgresSupport

/// A failure of the PostgreSQL state backend that is not a conflict between runs.
///
/// Conflicts between runs (a changed serial, another lineage, a held lock) are reported as the
/// same ``StateFileError`` cases that the file backend uses, so both map to the same exit codes.
/// No case carries the connection string: ``PostgresConnection`` removes it, and its password,
/// from every libpq message.
public enum PostgresStateError: Error, Sendable, CustomStringConvertible {
    /// `CREDHASH_PG_CONN` is unset or empty.
    case missingConnectionString(location: String)
    /// Connecting or running a query failed.
    case failed(location: String, step: String, error: PostgresError)
    /// A stored document or lock record could not be decoded.
    case invalidRecord(location: String, detail: String)
    /// force-unlock found the advisory lock held by a live session, which it does not break.
    case lockHolderRunning(location: String, holder: LockHolder, backendPID: Int)

    public var description: String {
        switch self {
        case .missingConnectionString(let location):
            return "state '\(location)' is kept in PostgreSQL, but CREDHASH_PG_CONN is not set; set it to a "
                + "libpq connection string such as 'host=/run/postgresql dbname=credhash'"
        case .failed(let location, let step, let error):
            return "failed \(step) for state '\(location)': \(error.message)" + Self.hint(for: error)
        case .invalidRecord(let location, let detail):
            return "invalid record for state '\(location)' in PostgreSQL: \(detail)"
        case .lockHolderRunning(let location, let holder, let backendPID):
            return "state lock '\(location)' is held by a live PostgreSQL session (backend pid \(backendPID)) of "
                + "\(holder), so it was not unlocked. Stop that process, or end its session with "
                + "'SELECT pg_terminate_backend(\(backendPID))' once it has stopped"
        }
    }

    /// Returns the next step for a failure whose cause the user can fix, or an empty text.
    private static func hint(for error: PostgresError) -> String {
        switch error.sqlState {
        case "42501":
            return ". The role lacks a privilege: grant it CREATE on the database, or have an administrator "
                + "create the schema and tables and grant the privileges that docs/state-backends.md lists"
        default:
            return ""
        }
    }
}
