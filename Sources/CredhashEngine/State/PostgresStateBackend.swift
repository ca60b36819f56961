import Foundation
import PostgresSupport
import RebillyAPI

/// The state kept as one row of a PostgreSQL table, for teams whose runs share no folder.
///
/// Each write is a compare-and-swap on the serial inside a transaction (`SELECT … FOR UPDATE`,
/// then `UPDATE`), and copies the replaced version into the history table. The lock is a
/// session-level advisory lock on its own connection (see ``PostgresStateLock``).
public final class PostgresStateBackend: StateBackend, @unchecked Sendable {
    /// The schema that contains the tables.
    public let schema: String
    /// The state name. One database can contain many states, one row each.
    public let name: String
    private let connectionString: Secret
    private let tables: PostgresStateTables
    /// Reuses the encoded text of unchanged credentials from one write to the next.
    private let encoder = StateEncoder()
    private let mutex = NSLock()
    /// The connection for reads and writes, opened on first use.
    private var connection: PostgresConnection?

    /// Creates a backend for state `name` in `schema`. Nothing is opened until the first call.
    ///
    /// - Parameters:
    ///   - connectionString: A libpq connection string, never shown.
    ///   - schema: A schema name that ``StateBackendSettings/isValidSchema(_:)`` accepts.
    ///   - name: A state name that ``StateBackendSettings/isValidStateName(_:)`` accepts.
    public init(connectionString: Secret, schema: String, name: String) {
        self.connectionString = connectionString
        self.schema = schema
        self.name = name
        tables = PostgresStateTables(schema: schema)
    }

    public var location: String { "postgres:\(schema).\(name)" }

    public func read() throws -> State? {
        let rows = try run("reading the state") { connection in
            try connection.execute("SELECT document::text FROM \(tables.states) WHERE name = $1", [name]).rows
        }
        return try rows.first.map { try decode($0[0]) }
    }

    public func write(_ state: State, expectedSerial: Int?) throws {
        let document = String(decoding: try encoder.encode(state, path: location), as: UTF8.self)
        try run("writing the state") { connection in
            try PostgresTransaction.run(on: connection) {
                try swap(state, document: document, expectedSerial: expectedSerial, on: connection)
            }
        }
    }

    public func readBackup() throws -> State? {
        let rows = try run("reading the previous state") { connection in
            try connection.execute(
                "SELECT document::text FROM \(tables.history) WHERE name = $1 ORDER BY id DESC LIMIT 1", [name]
            ).rows
        }
        return try rows.first.map { try decode($0[0]) }
    }

    public func lock(command: String, timeout: Duration, shouldStop: () -> Bool) throws -> any StateBackendLock {
        let connection = try open(step: "connecting for the state lock")
        return try PostgresStateLock.acquire(
            on: connection, tables: tables, name: name, location: location, command: command, timeout: timeout,
            shouldStop: shouldStop)
    }

    public func forceUnlock(id: String) throws -> ForceUnlockOutcome {
        let connection = try open(step: "connecting for force-unlock")
        defer { connection.close() }
        return try PostgresStateLock.forceUnlock(
            on: connection, tables: tables, name: name, location: location, id: id)
    }

    /// Checks the stored row against `expectedSerial` and replaces it, inside a transaction.
    private func swap(_ state: State, document: String, expectedSerial: Int?, on connection: PostgresConnection) throws {
        let current = try connection.execute(
            "SELECT serial, lineage, document::text FROM \(tables.states) WHERE name = $1 FOR UPDATE", [name]
        ).rows.first
        guard let current else {
            // NOTE: This error's message advises restoring '<location>.backup'. For this backend
            // the previous version is the newest row of the state_history table.
            if let expectedSerial { throw StateFileError.removedSinceLoad(path: location, serial: expectedSerial) }
            try insert(state, document: document, on: connection)
            return
        }

        let storedSerial = Int(current[0] ?? "") ?? -1
        guard let expectedSerial, storedSerial == expectedSerial else {
            throw StateFileError.serialConflict(path: location, expected: expectedSerial ?? 0, found: storedSerial)
        }
        guard current[1] == state.lineage else {
            throw StateFileError.lineageMismatch(path: location, expected: state.lineage, found: current[1] ?? "")
        }
        try keepHistory(serial: storedSerial, lineage: state.lineage, document: current[2] ?? "", on: connection)
        try connection.execute(
            """
            UPDATE \(tables.states) SET serial = $2, lineage = $3, document = $4::json, updated_at = now()
            WHERE name = $1 AND serial = $5
            """, [name, String(state.serial), state.lineage, document, String(expectedSerial)])
    }

    /// Inserts the first row of state `name`. A row that another writer inserted first is a conflict.
    private func insert(_ state: State, document: String, on connection: PostgresConnection) throws {
        let inserted = try connection.execute(
            """
            INSERT INTO \(tables.states) (name, serial, lineage, document) VALUES ($1, $2, $3, $4::json)
            ON CONFLICT (name) DO NOTHING
            """, [name, String(state.serial), state.lineage, document])
        guard inserted.affectedRows == 1 else {
            let found = try connection.execute("SELECT serial FROM \(tables.states) WHERE name = $1", [name])
            let serial = found.rows.first.flatMap { $0[0] }.flatMap { Int($0) } ?? 0
            throw StateFileError.serialConflict(path: location, expected: 0, found: serial)
        }
    }

    /// Copies the replaced version into the history and drops all but the newest versions.
    private func keepHistory(serial: Int, lineage: String, document: String, on connection: PostgresConnection) throws {
        try connection.execute(
            "INSERT INTO \(tables.history) (name, serial, lineage, document) VALUES ($1, $2, $3, $4::json)",
            [name, String(serial), lineage, document])
        try connection.execute(
            """
            DELETE FROM \(tables.history) WHERE name = $1 AND id NOT IN (
                SELECT id FROM \(tables.history) WHERE name = $1 ORDER BY id DESC LIMIT \(PostgresStateTables.historyLimit))
            """, [name])
    }

    private func decode(_ document: String?) throws -> State {
        guard let document else { throw PostgresStateError.invalidRecord(location: location, detail: "the document is NULL") }
        return try StateFile.decode(Array(document.utf8), path: location)
    }

    /// Runs `body` on the shared connection, opening it and creating the tables on first use.
    private func run<Value>(_ step: String, _ body: (PostgresConnection) throws -> Value) throws -> Value {
        try mutex.withLock {
            if connection == nil { connection = try open(step: "connecting") }
            guard let connection else { throw PostgresStateError.missingConnectionString(location: location) }
            do {
                return try body(connection)
            } catch let error as PostgresError {
                throw PostgresStateError.failed(location: location, step: step, error: error)
            }
        }
    }

    /// Opens a new connection and creates the tables when they are missing.
    func open(step: String) throws -> PostgresConnection {
        guard !connectionString.withRevealedValue({ $0.isEmpty }) else { throw PostgresStateError.missingConnectionString(location: location) }
        let connection: PostgresConnection
        do {
            connection = try connectionString.withRevealedValue { try PostgresConnection(connectionString: $0) }
        } catch let error as PostgresError {
            throw PostgresStateError.failed(location: location, step: step, error: error)
        }
        do {
            try tables.create(on: connection)
        } catch let error as PostgresError {
            throw PostgresStateError.failed(location: location, step: "creating the state tables", error: error)
        }
        return connection
    }
}
