import Foundation
import Testing

/// The connection string of the throwaway server `scripts/with-test-postgres.sh` starts.
private let testConnection = ProcessInfo.processInfo.environment["CREDHASH_TEST_PG_CONN"].flatMap { $0.isEmpty ? nil : $0 }
private let skipReason = "CREDHASH_TEST_PG_CONN is not set; 'make test' sets it after starting a PostgreSQL server"

/// Applies and state moves against a PostgreSQL state shared by several runs.
@Suite(.timeLimit(.minutes(1)), .enabled(if: testConnection != nil, Comment(rawValue: skipReason)))
struct PostgresStateTests {
    /// Copies the `apply-concurrent` fixture with a `state` block naming a PostgreSQL state of
    /// its own, and secrets that include the connection string and a password in it, so the scan
    /// for secrets covers both.
    private func makeWorkspace(_ scenario: String, emulatorArguments: [String] = []) throws -> (Workspace, String) {
        let stateName = "\(scenario)-\(UUID().uuidString.lowercased())"
        let password = "canary-\(scenario)-pg-5e19"
        var secrets = canarySecrets(scenario)
        secrets["E2E_PG_PASSWORD"] = password
        secrets["CREDHASH_PG_CONN"] = (testConnection ?? "") + " password=\(password)"
        let workspace = try Workspace(fixture: "apply-concurrent", secrets: secrets, emulatorArguments: emulatorArguments)
        let config = workspace.directory.appendingPathComponent("credentials.yaml")
        let text = try String(contentsOf: config, encoding: .utf8)
        let stateBlock = "state:\n  backend: postgres\n  schema: credhash_e2e\n  name: \(stateName)\n"
        try text.replacingOccurrences(of: "version: 1\n", with: "version: 1\n" + stateBlock)
            .write(to: config, atomically: true, encoding: .utf8)
        return (workspace, "postgres:credhash_e2e.\(stateName)")
    }

    @Test func concurrentApplyOneExitsFour() throws {
        // The latency keeps the first apply inside its lock long after the second one has started.
        let (workspace, location) = try makeWorkspace("pg-concurrent", emulatorArguments: ["--latency-ms", "500"])
        let first = try workspace.start(["apply", "--auto-approve"])
        let second = try workspace.start(["apply", "--auto-approve"])
        let results = [try first.finish(), try second.finish()]
        let pids = [first.child.pid, second.child.pid]

        #expect(results.map(\.status).sorted() == [0, 4], "\(results[0])\n\(results[1])")
        let winnerIndex = try #require(results.firstIndex { $0.status == 0 })
        let loser = results[1 - winnerIndex]
        #expect(loser.error.contains("state lock '\(location)'"), "\(loser)")
        let holder = "is held by pid \(pids[winnerIndex]) on host '\(currentHostName())' running 'apply'"
        #expect(loser.error.contains(holder), "\(loser)")
        #expect(loser.output.isEmpty, "the locked run printed a plan: \(loser.output)")
        #expect(results[winnerIndex].output.contains("apply finished: 3 succeeded, 0 failed"))

        let posts = try workspace.emulatorRequests().filter { $0.method == "POST" }
        #expect(posts.count == 3, "one create per address, all from the run that held the lock")
        let pulled = try workspace.run(["state", "pull"])
        #expect(pulled.status == 0, "\(pulled)")
        let state = try StateJSON(Data(pulled.output.utf8))
        #expect(state.hashes.count == 3)
        #expect(Set(state.hashes.values) == Set(try workspace.emulatorCredentials().map(\.hash)))
        #expect(state.pending.isEmpty)
        #expect(workspace.stateBytes() == nil, "a state file was written beside the credentials")
        try workspace.expectNoSecretWritten()
    }

    /// A holder killed with SIGKILL cannot clean up, but its closed connection ends its session,
    /// so the server drops the advisory lock and the next apply runs at once.
    @Test func killedHolderReleasesLock() throws {
        let (workspace, _) = try makeWorkspace("pg-kill", emulatorArguments: ["--latency-ms", "300"])
        let killed = try workspace.start(["apply", "--auto-approve", "--parallelism", "1"])
        try killed.waitForOutput(": created ")
        killed.child.send(SIGKILL)
        #expect(try killed.finish().signal == SIGKILL)

        let rerun = try workspace.run(["apply", "--auto-approve"])
        #expect(rerun.status == 0, "\(rerun)")
        #expect(!rerun.error.contains("is held by"), "\(rerun)")
        let state = try StateJSON(Data(try workspace.run(["state", "pull"]).output.utf8))
        #expect(state.hashes.count == 3)
        #expect(state.pending.isEmpty)
        #expect(Set(state.hashes.values) == Set(try workspace.emulatorCredentials().map(\.hash)))
        try workspace.expectNoSecretWritten()
    }

    @Test func pushThenPullRoundTrip() throws {
        let (workspace, location) = try makeWorkspace("pg-push")
        let file = ["CREDHASH_STATE_BACKEND": "file"]
        #expect(try workspace.run(["apply", "--auto-approve"], environment: file).status == 0)
        let fileBytes = try #require(workspace.stateBytes())

        let pushed = try workspace.run(["state", "push", "credhash.state.json"])
        #expect(pushed.status == 0, "\(pushed)")
        #expect(pushed.error.contains("'\(location)' is at serial"), "\(pushed)")
        let pulled = try workspace.run(["state", "pull"])
        #expect(pulled.status == 0, "\(pulled)")
        #expect(Data(pulled.output.utf8) == fileBytes)

        let plan = try workspace.run(["plan", "--detailed-exitcode"])
        #expect(plan.status == 0, "the pushed state should leave nothing to do: \(plan)")
        try workspace.expectNoSecretWritten()
    }

    @Test func pushRejectsOlderSerialAndOtherLineage() throws {
        let (workspace, _) = try makeWorkspace("pg-reject")
        let file = ["CREDHASH_STATE_BACKEND": "file"]
        #expect(try workspace.run(["apply", "--auto-approve"], environment: file).status == 0)
        #expect(try workspace.run(["state", "push", "credhash.state.json"]).status == 0)

        let older = try workspace.run(["state", "push", "credhash.state.json.backup"])
        #expect(older.status == 1, "\(older)")
        #expect(older.error.contains("older than serial"), "\(older)")

        let other = workspace.directory.appendingPathComponent("other.state.json")
        let text = try String(contentsOf: workspace.directory.appendingPathComponent("credhash.state.json"), encoding: .utf8)
        let lineage = try #require(
            (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["lineage"] as? String)
        try text.replacingOccurrences(of: lineage, with: "00000000-0000-4000-8000-000000000000")
            .write(to: other, atomically: true, encoding: .utf8)
        let foreign = try workspace.run(["state", "push", "other.state.json"])
        #expect(foreign.status == 1, "\(foreign)")
        #expect(foreign.error.contains("has lineage '00000000-0000-4000-8000-000000000000'"), "\(foreign)")
    }

    @Test func missingConnectionStringNamed() throws {
        let (workspace, _) = try makeWorkspace("pg-missing")
        let result = try workspace.run(["state", "list"], environment: ["CREDHASH_PG_CONN": ""])
        #expect(result.status == 1, "\(result)")
        #expect(result.error.contains("CREDHASH_PG_CONN is not set"), "\(result)")
    }

    @Test func statePathRefusedWithPostgres() throws {
        let (workspace, location) = try makeWorkspace("pg-state-path")
        let rejected = try workspace.run(["plan", "--state", "other.state.json"])
        #expect(rejected.status == 1, "\(rejected)")
        #expect(rejected.error.contains("names a state file, but the state is kept in '\(location)'"), "\(rejected)")

        let warned = try workspace.run(["state", "list"], environment: ["CREDHASH_STATE": "other.state.json"])
        #expect(warned.status == 0, "\(warned)")
        #expect(warned.error.contains("CREDHASH_STATE 'other.state.json' is ignored"), "\(warned)")
    }
}
