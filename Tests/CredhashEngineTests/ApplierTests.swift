import Foundation
import RebillyAPI
import Testing

@testable import CredhashEngine

/// A gateway that answers from a script and records every call.
final class FakeGateway: CredentialGateway, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var calls: [String] = []
    /// Addresses whose create fails with this error.
    var createFailures: [String: APIError] = [:]
    /// Addresses whose create is answered with an existing credential of this status.
    var existing: [String: CredhashEngine.CredentialStatus] = [:]
    /// Hashes whose read returns this status instead of `active`.
    var getStatus: [String: CredhashEngine.CredentialStatus] = [:]
    /// Runs inside each create, before it answers, to inspect the state on disk.
    var onCreate: (@Sendable (DesiredCredential) -> Void)?

    static let line = RequestLine(method: .post, path: "/credential-hashes/emails")

    func get(_ kind: CredhashEngine.CredentialKind, hash: String) async throws(APIError) -> RemoteCredential {
        record("get \(hash)")
        return RemoteCredential(hash: hash, status: getStatus[hash] ?? .active, fields: [:], secrets: [])
    }

    func create(_ credential: DesiredCredential) async throws(APIError) -> (credential: RemoteCredential, isNew: Bool) {
        record("create \(credential.address)")
        onCreate?(credential)
        if let error = createFailures[credential.address] { throw error }
        let status = existing[credential.address]
        let hash = "hash-\(credential.address)"
        return (RemoteCredential(hash: hash, status: status ?? .active, fields: [:], secrets: []), status == nil)
    }

    func deactivate(_ kind: CredhashEngine.CredentialKind, hash: String) async throws(APIError) -> RemoteCredential {
        record("deactivate \(hash)")
        return RemoteCredential(hash: hash, status: .deactivated, fields: [:], secrets: [])
    }

    private func record(_ call: String) {
        lock.withLock { calls.append(call) }
    }
}

/// An observer that keeps the events.
final class RecordingObserver: ApplyObserver, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var events: [String] = []

    func willStart(_ change: PlannedChange) { add("start \(change.address)") }
    func didFinish(_ change: PlannedChange, outcome: ApplyOutcome) { add("finish \(change.address) \(outcome.kind)") }
    func didFail(_ change: PlannedChange, error: ApplyError, duration: Duration) { add("fail \(change.address)") }
    func progress(finished: Int, total: Int) {}
    func didReconcile(_ resolution: PendingResolution) { add("reconcile \(resolution)") }
    func note(_ message: String) {}

    private func add(_ event: String) { lock.withLock { events.append(event) } }
}

/// A state store in a new temporary folder.
func temporaryStore() throws -> StateStore {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credhash-apply-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return try StateStore.load(path: folder.appendingPathComponent("state.json").path, passphrase: nil)
}

@Suite struct ApplierTests {
    let main = PlanFixtures.email("main")
    let backup = PlanFixtures.email("backup", host: "backup.example.com")

    func apply(_ desired: [DesiredCredential], store: StateStore, gateway: FakeGateway, stop: ApplyStopFlag = ApplyStopFlag())
        async -> (ApplyResult, StateWriter)
    {
        let config = PlanFixtures.config(desired)
        let fingerprints = Dictionary(uniqueKeysWithValues: desired.map { ($0.address, store.fingerprintKey.fingerprints(of: $0)) })
        let plan = Planner.plan(PlanInput(config: config, fingerprints: fingerprints, state: store.state))
        let writer = StateWriter(store: store)
        let applier = Applier(
            changes: plan.changes, config: config, gateway: gateway, writer: writer, observer: RecordingObserver(),
            parallelism: 4, stopFlag: stop)
        return (await applier.run(), writer)
    }

    @Test func createRecordsHashAndClearsJournal() async throws {
        let store = try temporaryStore()
        let (result, _) = await apply([main], store: store, gateway: FakeGateway())

        let onDisk = try #require(try StateFile.read(path: store.path))
        #expect(result.succeeded.count == 1)
        #expect(onDisk.credentials["email.main"]?.hash == "hash-email.main")
        #expect(onDisk.pending.isEmpty)
    }

    @Test func journalEntryIsOnDiskBeforeCreate() async throws {
        let store = try temporaryStore()
        let gateway = FakeGateway()
        let seen = LockedBox<[String]>([])
        gateway.onCreate = { credential in
            let pending = (try? StateFile.read(path: store.path))??.pending.map(\.address) ?? []
            seen.mutate { $0 += pending.filter { $0 == credential.address } }
        }
        _ = await apply([main], store: store, gateway: gateway)

        #expect(seen.value == ["email.main"])
    }

    @Test func lostAnswerKeepsJournalEntry() async throws {
        let store = try temporaryStore()
        let gateway = FakeGateway()
        gateway.createFailures["email.main"] = .transport(FakeGateway.line, .connectionLost, attempts: 4)
        let (result, _) = await apply([main], store: store, gateway: gateway)

        let onDisk = try #require(try StateFile.read(path: store.path))
        #expect(result.failed.count == 1)
        #expect(onDisk.pending.map(\.address) == ["email.main"])
        #expect(onDisk.credentials.isEmpty)
    }

    @Test func rejectedCreateClearsJournalEntry() async throws {
        let store = try temporaryStore()
        let gateway = FakeGateway()
        gateway.createFailures["email.main"] = .validation(FakeGateway.line, invalidFields: [], problem: nil)
        _ = await apply([main], store: store, gateway: gateway)

        let onDisk = try #require(try StateFile.read(path: store.path))
        #expect(onDisk.pending.isEmpty)
    }

    @Test func partialFailureKeepsSuccesses() async throws {
        let store = try temporaryStore()
        let gateway = FakeGateway()
        gateway.createFailures["email.backup"] = .server(FakeGateway.line, status: 500, attempts: 4, problem: nil)
        let (result, _) = await apply([main, backup], store: store, gateway: gateway)

        let onDisk = try #require(try StateFile.read(path: store.path))
        #expect(result.succeeded.map(\.change.address) == ["email.main"])
        #expect(result.failed.map(\.change.address) == ["email.backup"])
        #expect(onDisk.credentials.keys.sorted() == ["email.main"])
    }

    @Test func deactivatedIdenticalHashFails() async throws {
        let store = try temporaryStore()
        let gateway = FakeGateway()
        gateway.existing["email.main"] = .deactivated
        let (result, writer) = await apply([main], store: store, gateway: gateway)

        #expect(result.failed.first?.error == .identicalHashDeactivated(hash: "hash-email.main"))
        #expect(await writer.state.credentials.isEmpty)
        #expect(await writer.state.pending.isEmpty)
    }

    @Test func stopBeforeStartSendsNothing() async throws {
        let store = try temporaryStore()
        let gateway = FakeGateway()
        let stop = ApplyStopFlag()
        stop.stop()
        let (result, _) = await apply([main, backup], store: store, gateway: gateway, stop: stop)

        #expect(result.finished.isEmpty)
        #expect(result.notStarted.count == 2)
        #expect(gateway.calls.isEmpty)
    }

    @Test func deactivateRefusesHashStillUsed() async throws {
        var store = try temporaryStore()
        var state = store.state
        state.credentials["email.main"] = PlanFixtures.entry(main, hash: "shared")
        state.credentials["email.old"] = PlanFixtures.entry(PlanFixtures.email("old"), hash: "shared")
        try store.commit(state)
        let change = PlannedChange(
            address: "email.old", type: .email, action: .deactivate, reasons: [.deactivateBecauseRemovedFromConfig],
            hash: "shared")
        let gateway = FakeGateway()
        let applier = Applier(
            changes: [change], config: PlanFixtures.config([main]), gateway: gateway, writer: StateWriter(store: store),
            observer: RecordingObserver(), parallelism: 1)
        let result = await applier.run()

        #expect(result.failed.first?.error == .hashStillUsed(hash: "shared", address: "email.main"))
        #expect(gateway.calls.isEmpty)
    }

    /// A secret rolled back to its earlier value: the replace gets back the hash that waits to
    /// be retired, so the retirement must neither deactivate it nor fail, at any parallelism.
    @Test(arguments: [1, 4, 16])
    func rolledBackHashKeptFromRetirement(parallelism: Int) async throws {
        var store = try temporaryStore()
        var state = store.state
        state.credentials["email.main"] = PlanFixtures.entry(main, hash: "hash-b")
        state.retirements = [Retirement(address: "email.main", type: .email, hash: "hash-email.main", since: "t")]
        try store.commit(state)
        let changes = [
            PlannedChange(
                address: "email.main", type: .email, action: .replace, reasons: [.replaceBecauseSecretChanged],
                hash: "hash-b"),
            PlannedChange(
                address: "email.main", type: .email, action: .retire, reasons: [.retireBecausePolicyImmediately],
                hash: "hash-email.main"),
        ]
        let gateway = FakeGateway()
        let observer = RecordingObserver()
        let writer = StateWriter(store: store)
        let applier = Applier(
            changes: changes, config: PlanFixtures.config([main]), gateway: gateway, writer: writer,
            observer: observer, parallelism: parallelism)
        let result = await applier.run()

        #expect(result.failed.isEmpty, "\(result.failed)")
        #expect(observer.events.contains("finish email.main keptInUse"))
        #expect(!gateway.calls.contains("deactivate hash-email.main"))
        let retired = await writer.state.retirements.map(\.hash)
        #expect(retired == ["hash-b"])
        #expect(await writer.state.credentials["email.main"]?.hash == "hash-email.main")
    }

    @Test func reconcileRecordsUnchangedRequest() async throws {
        var store = try temporaryStore()
        var state = store.state
        state.addPending(
            address: main.address, type: .email, requestFingerprint: store.fingerprintKey.requestFingerprint(of: main),
            time: "2026-01-01T00:00:00Z")
        try store.commit(state)
        let gateway = FakeGateway()
        gateway.existing["email.main"] = .active
        let writer = StateWriter(store: store)
        let resolutions = await PendingReconciler.reconcile(
            config: PlanFixtures.config([main]), gateway: gateway, writer: writer, observer: RecordingObserver())

        #expect(resolutions == [.recorded(address: "email.main", hash: "hash-email.main", isNew: false)])
        #expect(await writer.state.credentials["email.main"]?.hash == "hash-email.main")
        #expect(await writer.state.pending.isEmpty)
    }

    @Test func reconcileKeepsChangedRequest() async throws {
        var store = try temporaryStore()
        var state = store.state
        let rotated = PlanFixtures.email("main", password: "rotated")
        state.addPending(
            address: main.address, type: .email, requestFingerprint: store.fingerprintKey.requestFingerprint(of: main),
            time: "2026-01-01T00:00:00Z")
        try store.commit(state)
        let gateway = FakeGateway()
        let writer = StateWriter(store: store)
        let resolutions = await PendingReconciler.reconcile(
            config: PlanFixtures.config([rotated]), gateway: gateway, writer: writer, observer: RecordingObserver())

        #expect(resolutions == [.requestChanged(address: "email.main")])
        #expect(gateway.calls.isEmpty)
        #expect(await writer.state.pending.count == 1)
    }

    @Test func requestFingerprintCoversSecret() {
        let key = PlanFixtures.key
        let rotated = PlanFixtures.email("main", password: "rotated")
        #expect(key.requestFingerprint(of: main) != key.requestFingerprint(of: rotated))
        #expect(key.requestFingerprint(of: main) == key.requestFingerprint(of: PlanFixtures.email("main")))
    }

    @Test func staleCheckNamesSerial() async throws {
        var store = try temporaryStore()
        var state = store.state
        state.credentials["email.main"] = PlanFixtures.entry(main, hash: "h1")
        try store.commit(state)
        let config = PlanFixtures.config([main])
        let fingerprints = [main.address: store.fingerprintKey.fingerprints(of: main)]
        var plan = Planner.plan(PlanInput(config: config, fingerprints: fingerprints, state: store.state))
        plan.stateSerial -= 1
        let saved = SavedPlan(
            plan: plan, secretFingerprints: fingerprints, fingerprintSalt: store.state.fingerprintSalt, fingerprintKeyed: false)

        #expect(throws: StalePlanError(differences: ["the state serial moved from 0 to 1"])) {
            try saved.checkCurrent(store: store, config: config)
        }
    }
}

/// A value shared between a test and the closures it passes.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value { lock.withLock { stored } }

    func mutate(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }
}
