import Foundation
import PostgresSupport

/// A state lock held as a session-level PostgreSQL advisory lock on a dedicated connection.
///
/// The server drops a session's advisory locks when its connection ends, so a process that
/// crashes or is killed releases the lock as soon as the server notices the closed connection.
/// A host that vanishes without closing it keeps the lock until the server's TCP keepalive
/// gives up on the connection. The holder's details sit in the `state_locks` table beside
/// the session's backend pid. A row whose session has ended is a leftover and is ignored.
///
/// NOTE: The lock is not checked again once taken. When its connection breaks during a
/// command, another run can take the lock, and only the compare-and-swap on the serial still
/// keeps the two runs from overwriting each other's state.
public final class PostgresStateLock: StateBackendLock, @unchecked Sendable {
    public let lockPath: String
    public let holder: LockHolder
    private let name: String
    private let tables: PostgresStateTables
    private let mutex = NSLock()
    /// The dedicated connection, or `nil` once released.
    private var connection: PostgresConnection?

    private init(connection: PostgresConnection, tables: PostgresStateTables, name: String, location: String, holder: LockHolder) {
        self.connection = connection
        self.tables = tables
        self.name = name
        self.lockPath = location
        self.holder = holder
    }

    deinit {
        release()
    }

    public var isHeld: Bool {
        mutex.withLock { connection != nil }
    }

    /// Deletes the holder record, unlocks and closes the connection. Closing alone would also
    /// release the lock, so failures of the first two steps are ignored.
    public func release() {
        mutex.withLock {
            guard let connection else { return }
            _ = try? connection.execute(
                "DELETE FROM \(tables.locks) WHERE name = $1 AND backend_pid = pg_backend_pid()", [name])
            _ = try? connection.execute(
                "SELECT pg_advisory_unlock(\(PostgresStateTables.lockKeySQL))", [tables.lockKeyText(name: name)])
            connection.close()
            self.connection = nil
        }
    }

    /// Takes the advisory lock of state `name` on `connection`, which the lock then owns.
    ///
    /// Retries every ``StateLock/pollInterval`` until `timeout` has passed.
    static func acquire(
        on connection: PostgresConnection, tables: PostgresStateTables, name: String, location: String,
        command: String, timeout: Duration, shouldStop: () -> Bool
    ) throws -> PostgresStateLock {
        let deadline = ContinuousClock.now + timeout
        do {
            while true {
                if try tryLock(connection, tables: tables, name: name) {
                    let holder = LockHolder.current(command: command)
                    try record(holder, on: connection, tables: tables, name: name)
                    return PostgresStateLock(
                        connection: connection, tables: tables, name: name, location: location, holder: holder)
                }
                let remaining = deadline - ContinuousClock.now
                guard remaining > .zero else {
                    let holder = try awaitHolder(connection, tables: tables, name: name)?.holder
                    if timeout == .zero { throw StateFileError.locked(lockPath: location, holder: holder) }
                    throw StateFileError.lockTimedOut(lockPath: location, holder: holder, timeout: timeout)
                }
                if shouldStop() {
                    let holder = try liveHolder(connection, tables: tables, name: name)?.holder
                    throw StateFileError.lockWaitStopped(lockPath: location, holder: holder)
                }
                LockFile.sleep(min(remaining, StateLock.pollInterval))
            }
        } catch let error as PostgresError {
            connection.close()
            throw PostgresStateError.failed(location: location, step: "locking the state", error: error)
        } catch {
            connection.close()
            throw error
        }
    }

    /// Clears the leftover holder record whose lock ID is `id`.
    ///
    /// A lock held by a live session is never broken, because ending that session would let
    /// its process go on creating credentials without the lock. The error names the session's
    /// backend pid, so an administrator who has made sure the process stopped can end it.
    static func forceUnlock(
        on connection: PostgresConnection, tables: PostgresStateTables, name: String, location: String, id: String
    ) throws -> ForceUnlockOutcome {
        do {
            let recorded = try recordedHolder(connection, tables: tables, name: name)
            guard let recorded, recorded.holder.id == id else {
                throw StateFileError.unlockIDMismatch(lockPath: location, id: id, holder: recorded?.holder)
            }
            guard try tryLock(connection, tables: tables, name: name) else {
                throw PostgresStateError.lockHolderRunning(
                    location: location, holder: recorded.holder, backendPID: recorded.backendPID)
            }
            try connection.execute("DELETE FROM \(tables.locks) WHERE name = $1", [name])
            try connection.execute(
                "SELECT pg_advisory_unlock(\(PostgresStateTables.lockKeySQL))", [tables.lockKeyText(name: name)])
            return .clearedStaleHolder(lockPath: location, holder: recorded.holder)
        } catch let error as PostgresError {
            throw PostgresStateError.failed(location: location, step: "force-unlocking the state", error: error)
        }
    }

    private static func tryLock(_ connection: PostgresConnection, tables: PostgresStateTables, name: String) throws -> Bool {
        let result = try connection.execute(
            "SELECT pg_try_advisory_lock(\(PostgresStateTables.lockKeySQL))", [tables.lockKeyText(name: name)])
        return result.rows.first?.first == "t"
    }

    private static func record(_ holder: LockHolder, on connection: PostgresConnection, tables: PostgresStateTables, name: String) throws {
        let json = String(decoding: try JSONEncoder().encode(holder), as: UTF8.self)
        try connection.execute(
            """
            INSERT INTO \(tables.locks) (name, holder, backend_pid) VALUES ($1, $2::json, pg_backend_pid())
            ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, backend_pid = EXCLUDED.backend_pid, locked_at = now()
            """, [name, json])
    }

    /// A holder record and the backend pid of the session that wrote it.
    struct Record {
        let holder: LockHolder
        let backendPID: Int
    }

    /// Returns the recorded holder, whether or not its session is still connected.
    private static func recordedHolder(_ connection: PostgresConnection, tables: PostgresStateTables, name: String) throws -> Record? {
        let rows = try connection.execute("SELECT holder::text, backend_pid FROM \(tables.locks) WHERE name = $1", [name]).rows
        return rows.first.flatMap(decode)
    }

    /// Returns the recorded holder when the session that recorded it is still connected.
    private static func liveHolder(_ connection: PostgresConnection, tables: PostgresStateTables, name: String) throws -> Record? {
        let rows = try connection.execute(
            """
            SELECT holder::text, backend_pid FROM \(tables.locks)
            WHERE name = $1 AND backend_pid IN (SELECT pid FROM pg_stat_activity)
            """, [name]
        ).rows
        return rows.first.flatMap(decode)
    }

    /// Returns the live holder, waiting up to ``StateLock/holderRecordWait`` while none is
    /// recorded, because a holder records its details just after its lock succeeds.
    private static func awaitHolder(_ connection: PostgresConnection, tables: PostgresStateTables, name: String) throws -> Record? {
        let deadline = ContinuousClock.now + StateLock.holderRecordWait
        while true {
            if let record = try liveHolder(connection, tables: tables, name: name) { return record }
            guard ContinuousClock.now < deadline else { return nil }
            LockFile.sleep(.milliseconds(10))
        }
    }

    private static func decode(_ row: [String?]) -> Record? {
        guard let text = row[0], let holder = try? JSONDecoder().decode(LockHolder.self, from: Data(text.utf8)) else {
            return nil
        }
        return Record(holder: holder, backendPID: Int(row[1] ?? "") ?? 0)
    }
}
