import Foundation
import PostgresSupport
import RebillyAPI
import Testing

@testable import CredhashEngine

/// Behaviour of the PostgreSQL backend beyond the shared conformance suite.
@Suite(
    .timeLimit(.minutes(1)),
    .enabled(if: StateBackendKind.postgresSkipReason == nil, Comment(rawValue: StateBackendKind.postgresSkipReason ?? "")))
struct PostgresStateBackendTests {
    private func connect() throws -> PostgresConnection {
        try PostgresConnection(connectionString: StateBackendKind.postgresConnection ?? "")
    }

    @Test func historyKeepsLastTen() throws {
        let fixture = try StateBackendFixture(.postgres)
        var store = try StateStore.load(backend: fixture.makeBackend(), passphrase: nil, newStateSalt: nil)
        for number in 1...13 { try store.commit(StateStoreTests.adding(number, to: store.state)) }

        let rows = try connect().execute(
            "SELECT serial FROM credhash_test.state_history WHERE name = $1 ORDER BY serial", [fixture.stateName]
        ).rows.compactMap { $0[0] }
        #expect(rows == (3...12).map(String.init))
    }

    @Test func forceUnlockClearsLeftoverHolder() throws {
        let fixture = try StateBackendFixture(.postgres)
        let lock = try fixture.makeBackend().lock(command: "apply", timeout: .zero, shouldStop: { false })
        let holder = lock.holder
        lock.release()

        // A process that died left its record behind; its session, and so its lock, are gone.
        let json = String(decoding: try JSONEncoder().encode(holder), as: UTF8.self)
        try connect().execute(
            "INSERT INTO credhash_test.state_locks (name, holder, backend_pid) VALUES ($1, $2::json, 0)",
            [fixture.stateName, json])

        let outcome = try fixture.makeBackend().forceUnlock(id: holder.id)
        #expect(outcome == .clearedStaleHolder(lockPath: "postgres:credhash_test.\(fixture.stateName)", holder: holder))
        let left = try connect().execute(
            "SELECT count(*) FROM credhash_test.state_locks WHERE name = $1", [fixture.stateName])
        #expect(left.rows.first?.first == "0")
    }

    @Test func closedConnectionReleasesLock() throws {
        let fixture = try StateBackendFixture(.postgres)
        let other = try connect()
        let key = "credhash:lock:credhash_test.\(fixture.stateName)"
        let lockResult = try other.execute("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", [key])
        #expect(lockResult.rows.first?.first == "t")
        #expect(throws: StateFileError.self) {
            _ = try fixture.makeBackend().lock(command: "apply", timeout: .zero, shouldStop: { false })
        }

        // The server ends the closed session a moment after the client closes it.
        other.close()
        let lock = try fixture.makeBackend().lock(command: "apply", timeout: .seconds(10), shouldStop: { false })
        #expect(lock.isHeld)
        lock.release()
    }

    @Test func reservedWordSchemaWorks() throws {
        let name = "reserved-\(UUID().uuidString)"
        let backend = PostgresStateBackend(
            connectionString: Secret(StateBackendKind.postgresConnection ?? ""), schema: "select", name: name)
        var store = try StateStore.load(backend: backend, passphrase: nil, newStateSalt: nil)
        try store.commit(StateStoreTests.adding(1, to: store.state))

        let stored = try #require(try backend.read())
        #expect(stored.serial == store.state.serial)
        try connect().execute("DELETE FROM \"select\".states WHERE name = $1", [name])
    }

    @Test func connectionErrorHidesPassword() throws {
        let password = "s3cret-Passw0rd"
        let connection = (StateBackendKind.postgresConnection ?? "") + " user=nobody password=\(password)"
        let backend = PostgresStateBackend(connectionString: Secret(connection), schema: "credhash_test", name: "x")

        let error = #expect(throws: PostgresStateError.self) { _ = try backend.read() }
        let message = "\(String(describing: error))"
        #expect(!message.contains(password))
        #expect(message.contains("nobody"))
    }
}
