import CredhashEngine
import CredhashTestSupport
import Foundation
import Testing

@testable import CredhashCLI

/// A folder with a credentials file and a state path, and an emulator to apply against.
struct ApplyFixture {
    let emulator: EmulatorProcess
    let configPath: String
    var statePath: String { configPath.replacingOccurrences(of: "credentials.yaml", with: "credhash.state.json") }

    init(_ yaml: String) throws {
        emulator = try EmulatorProcess()
        configPath = try CLITestSupport.temporaryFile(yaml)
    }

    func write(_ yaml: String) throws {
        try yaml.write(toFile: configPath, atomically: false, encoding: .utf8)
    }

    func run(
        _ arguments: [String], password: String = "pw-first-7f3a", terminal: Bool = false, input: [String] = []
    ) async -> RunResult {
        var environment = emulator.environment
        environment["SMTP_PASSWORD"] = password
        return await CLITestSupport.run(
            arguments + ["--config", configPath], environment: environment, terminal: terminal, input: input)
    }

    func state() throws -> State {
        try #require(try StateFile.read(path: statePath))
    }

    /// The number of create requests the emulator received.
    func createCount() throws -> Int {
        try emulator.requests().filter { ($0["method"] as? String) == "POST" }.count
    }

    static func yaml(name: String = "smtp-main", retire: String = "manual", hook: Bool = true) -> String {
        var text = """
            version: 1
            credentials:
              \(name):
                type: email
                host: smtp.example.com
                auth:
                  type: login
                  username: mailer
                  password: ${env:SMTP_PASSWORD}
                retire: \(retire)

            """
        if hook { text += "  hooks:\n    type: webhook\n    host: hooks.example.com\n" }
        return text
    }
}

@Suite(.timeLimit(.minutes(1))) struct ApplyCommandTests {
    @Test func applyFromEmptyThenNoChanges() async throws {
        let fixture = try ApplyFixture(ApplyFixture.yaml())
        let first = await fixture.run(["apply", "--auto-approve"])
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output.contains("email.smtp-main: created "))
        #expect(try fixture.state().credentials.count == 2)
        #expect(try fixture.emulator.credentials().count == 2)

        let plan = await fixture.run(["plan", "--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.output)")
        let second = await fixture.run(["apply", "--auto-approve"])
        #expect(second.status == 0)
        #expect(try fixture.createCount() == 2)
        #expect(!(first.output + first.error).contains("pw-first-7f3a"), "a secret value was printed")
    }

    @Test func rotatedSecretIsReplacedAndMapped() async throws {
        let fixture = try ApplyFixture(ApplyFixture.yaml(retire: "immediately"))
        _ = await fixture.run(["apply", "--auto-approve"])
        let oldHash = try #require(try fixture.state().credentials["email.smtp-main"]?.hash)

        let rotated = await fixture.run(["apply", "--auto-approve"], password: "pw-second-9c1e")
        #expect(rotated.status == 0, "\(rotated.error)")
        let state = try fixture.state()
        let newHash = try #require(state.credentials["email.smtp-main"]?.hash)
        #expect(newHash != oldHash)
        #expect(state.replacements.map(\.oldHash) == [oldHash])
        #expect(state.retirements.isEmpty)
        let old = try fixture.emulator.credentials().first { ($0["hash"] as? String) == oldHash }
        #expect(old?["status"] as? String == "deactivated")

        let mapping = await fixture.run(["mapping"])
        #expect(mapping.output.contains("\(oldHash) → \(newHash)"))
        let output = await fixture.run(["output", "email.smtp-main"])
        #expect(output.output == newHash + "\n")
    }

    @Test func removedCredentialIsDeactivated() async throws {
        let fixture = try ApplyFixture(ApplyFixture.yaml())
        _ = await fixture.run(["apply", "--auto-approve"])
        let hookHash = try #require(try fixture.state().credentials["webhook.hooks"]?.hash)

        try fixture.write(ApplyFixture.yaml(hook: false))
        let result = await fixture.run(["apply", "--auto-approve"])
        #expect(result.status == 0, "\(result.error)")
        #expect(try fixture.state().credentials["webhook.hooks"] == nil)
        let hook = try fixture.emulator.credentials().first { ($0["hash"] as? String) == hookHash }
        #expect(hook?["status"] as? String == "deactivated")
    }

    @Test func renameSendsNoChange() async throws {
        let fixture = try ApplyFixture(ApplyFixture.yaml())
        _ = await fixture.run(["apply", "--auto-approve"])
        let hash = try #require(try fixture.state().credentials["email.smtp-main"]?.hash)
        let before = try fixture.emulator.requests().filter { ($0["method"] as? String) != "GET" }.count

        try fixture.write(ApplyFixture.yaml(name: "smtp-primary"))
        let result = await fixture.run(["apply", "--auto-approve"])
        #expect(result.status == 0, "\(result.error)")
        #expect(try fixture.state().credentials["email.smtp-primary"]?.hash == hash)
        let after = try fixture.emulator.requests().filter { ($0["method"] as? String) != "GET" }.count
        #expect(after == before)
    }

    @Test func savedPlanAppliedTwiceIsStale() async throws {
        let fixture = try ApplyFixture(ApplyFixture.yaml())
        let planPath = fixture.configPath.replacingOccurrences(of: "credentials.yaml", with: "plan.json")
        _ = await fixture.run(["plan", "--out", planPath])

        let first = await fixture.run(["apply", planPath])
        #expect(first.status == 0, "\(first.error)")
        let requests = try fixture.emulator.requests().count
        let second = await fixture.run(["apply", planPath])
        #expect(second.status == 5)
        #expect(second.error.contains("saved plan is stale: the plan was made before any state existed"))
        #expect(try fixture.emulator.requests().count == requests)
    }

    @Test func rotatedSecretMakesSavedPlanStale() async throws {
        let fixture = try ApplyFixture(ApplyFixture.yaml())
        _ = await fixture.run(["apply", "--auto-approve"])
        let planPath = fixture.configPath.replacingOccurrences(of: "credentials.yaml", with: "plan.json")
        _ = await fixture.run(["plan", "--out", planPath])

        let result = await fixture.run(["apply", planPath], password: "pw-second-9c1e")
        #expect(result.status == 5)
        #expect(result.error.contains("secrets changed for 'email.smtp-main'"))
    }

    @Test func heldLockExitsFour() async throws {
        let fixture = try ApplyFixture(ApplyFixture.yaml())
        let lock = try StateLock.acquire(statePath: fixture.statePath, command: "test")
        defer { lock.release() }

        let result = await fixture.run(["apply", "--auto-approve"])
        #expect(result.status == 4)
        #expect(result.error.contains("is held by"))
        #expect(try fixture.emulator.requests().isEmpty)
    }

    @Test func noTerminalWithoutApprovalExitsOne() async throws {
        let fixture = try ApplyFixture(ApplyFixture.yaml())
        let result = await fixture.run(["apply"])
        #expect(result.status == 1)
        #expect(result.error.contains("standard input is not a terminal"))
        #expect(try fixture.createCount() == 0)
    }

    @Test func thresholdRefusalExitsSix() async throws {
        var yaml = "version: 1\ncredentials:\n"
        for index in 0..<10 { yaml += "  hook\(index):\n    type: webhook\n    host: h\(index).example.com\n" }
        let fixture = try ApplyFixture(yaml)
        _ = await fixture.run(["apply", "--auto-approve"])
        try fixture.write("version: 1\ncredentials:\n  hook0:\n    type: webhook\n    host: h0.example.com\n")

        let result = await fixture.run(["apply", "--auto-approve"])
        #expect(result.status == 6)
        #expect(try fixture.state().credentials.count == 10)
    }

    @Test func partialFailureExitsThree() async throws {
        let fixture = try ApplyFixture(ApplyFixture.yaml())
        try fixture.emulator.setFaults(["rate_limit_every": 2, "rate_limit_delay_s": 100])
        let result = await fixture.run(["apply", "--auto-approve", "--parallelism", "1"])
        #expect(result.status == 3, "\(result.error)")
        #expect(try fixture.state().credentials.count == 1)
    }

    @Test func droppedAnswerConvergesWithoutDuplicate() async throws {
        let fixture = try ApplyFixture(ApplyFixture.yaml(hook: false))
        try fixture.emulator.setFaults(["drop_after_create": 1])
        _ = await fixture.run(["apply", "--auto-approve"])
        _ = await fixture.run(["apply", "--auto-approve"])

        #expect(try fixture.state().credentials.count == 1)
        #expect(try fixture.state().pending.isEmpty)
        #expect(try fixture.emulator.credentials().count == 1)
    }

    @Test func pendingCreateIsAdopted() async throws {
        let fixture = try ApplyFixture(ApplyFixture.yaml(hook: false))
        _ = await fixture.run(["apply", "--auto-approve"])
        let hash = try #require(try fixture.state().credentials["email.smtp-main"]?.hash)

        // A process killed between the create and its state write leaves only the journal entry.
        var store = try StateStore.load(path: fixture.statePath, passphrase: nil)
        var state = store.state
        let fingerprint = try journalFingerprint(fixture, store)
        state.credentials = [:]
        state.pending = [PendingCreate(address: "email.smtp-main", type: .email, requestFingerprint: fingerprint, time: "2026-01-01T00:00:00Z")]
        try store.commit(state)

        let result = await fixture.run(["apply", "--auto-approve"])
        #expect(result.status == 0, "\(result.error)")
        #expect(try fixture.state().credentials["email.smtp-main"]?.hash == hash)
        #expect(try fixture.state().pending.isEmpty)
        #expect(try fixture.emulator.credentials().count == 1)
    }

    private func journalFingerprint(_ fixture: ApplyFixture, _ store: StateStore) throws -> String {
        let loaded = ConfigLoader(environment: ["SMTP_PASSWORD": "pw-first-7f3a"]).load(path: fixture.configPath)
        let credential = try #require(loaded.config?.credentials.first)
        return store.fingerprintKey.requestFingerprint(of: credential)
    }
}
