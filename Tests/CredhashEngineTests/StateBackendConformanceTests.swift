import Foundation
import Testing

@testable import CredhashEngine

/// The behaviour every state backend must share, run against each of them.
@Suite(.timeLimit(.minutes(1)))
struct StateBackendConformanceTests {
    @Test(.enabled(if: StateBackendKind.postgresSkipReason == nil, Comment(rawValue: StateBackendKind.postgresSkipReason ?? "")))
    func postgresServerReachable() throws {
        let backend = try StateBackendFixture(.postgres).makeBackend()
        #expect(try backend.read() == nil)
    }

    @Test(arguments: StateBackendKind.available)
    func missingStateReadsNil(kind: StateBackendKind) throws {
        let backend = try StateBackendFixture(kind).makeBackend()
        #expect(try backend.read() == nil)
        #expect(try backend.readBackup() == nil)
    }

    @Test(arguments: StateBackendKind.available)
    func writeThenReadBack(kind: StateBackendKind) throws {
        let fixture = try StateBackendFixture(kind)
        let state = StateTestSupport.sample(serial: 1)
        try fixture.makeBackend().write(state, expectedSerial: nil)

        #expect(try fixture.makeBackend().read() == state)
    }

    @Test(arguments: StateBackendKind.available)
    func commitsRaiseSerialAndKeepLineage(kind: StateBackendKind) throws {
        let fixture = try StateBackendFixture(kind)
        var store = try StateStore.load(backend: fixture.makeBackend(), passphrase: nil, newStateSalt: nil)
        let lineage = store.state.lineage
        try store.commit(StateStoreTests.adding(1, to: store.state))
        try store.commit(StateStoreTests.adding(2, to: store.state))

        let stored = try #require(try fixture.makeBackend().read())
        #expect(stored.serial == 2)
        #expect(stored.lineage == lineage)
        #expect(stored.credentials.count == 2)
    }

    @Test(arguments: StateBackendKind.available)
    func backupHoldsPreviousVersion(kind: StateBackendKind) throws {
        let fixture = try StateBackendFixture(kind)
        var store = try StateStore.load(backend: fixture.makeBackend(), passphrase: nil, newStateSalt: nil)
        try store.commit(StateStoreTests.adding(1, to: store.state))
        let first = store.state
        try store.commit(StateStoreTests.adding(2, to: store.state))

        #expect(try fixture.makeBackend().readBackup() == first)
    }

    @Test(arguments: StateBackendKind.available)
    func staleSerialRejected(kind: StateBackendKind) throws {
        let fixture = try StateBackendFixture(kind)
        var seed = try StateStore.load(backend: fixture.makeBackend(), passphrase: nil, newStateSalt: nil)
        try seed.commit(StateStoreTests.adding(1, to: seed.state))
        var first = try StateStore.load(backend: fixture.makeBackend(), passphrase: nil, newStateSalt: nil)
        var second = try StateStore.load(backend: fixture.makeBackend(), passphrase: nil, newStateSalt: nil)

        try first.commit(StateStoreTests.adding(2, to: first.state))
        #expect(throws: StateFileError.serialConflict(path: second.path, expected: 1, found: 2)) {
            try second.commit(StateStoreTests.adding(3, to: second.state))
        }
        let stored = try #require(try fixture.makeBackend().read())
        #expect(stored == first.state)
    }

    @Test(arguments: StateBackendKind.available)
    func concurrentFirstWriteRejected(kind: StateBackendKind) throws {
        let fixture = try StateBackendFixture(kind)
        let backend = fixture.makeBackend()
        try backend.write(StateTestSupport.sample(serial: 1), expectedSerial: nil)

        #expect(throws: StateFileError.serialConflict(path: backend.location, expected: 0, found: 1)) {
            try fixture.makeBackend().write(StateTestSupport.sample(serial: 1), expectedSerial: nil)
        }
    }

    @Test(arguments: StateBackendKind.available)
    func otherLineageRejected(kind: StateBackendKind) throws {
        let fixture = try StateBackendFixture(kind)
        let backend = fixture.makeBackend()
        let original = StateTestSupport.sample(serial: 1)
        try backend.write(original, expectedSerial: nil)
        var foreign = StateTestSupport.sample(serial: 2)
        foreign.lineage = "5f0c1d2e-0000-4000-8000-000000000000"

        #expect(
            throws: StateFileError.lineageMismatch(path: backend.location, expected: foreign.lineage, found: original.lineage)
        ) {
            try backend.write(foreign, expectedSerial: 1)
        }
        #expect(try backend.read() == original)
    }

    @Test(arguments: StateBackendKind.available)
    func removedStateRejected(kind: StateBackendKind) throws {
        let backend = try StateBackendFixture(kind).makeBackend()

        #expect(throws: StateFileError.removedSinceLoad(path: backend.location, serial: 4)) {
            try backend.write(StateTestSupport.sample(serial: 5), expectedSerial: 4)
        }
    }

    @Test(arguments: StateBackendKind.available)
    func lockExcludesSecondHolder(kind: StateBackendKind) throws {
        let fixture = try StateBackendFixture(kind)
        let lock = try fixture.makeBackend().lock(command: "apply", timeout: .zero, shouldStop: { false })
        #expect(lock.isHeld)

        #expect(throws: StateFileError.locked(lockPath: lock.lockPath, holder: lock.holder)) {
            _ = try fixture.makeBackend().lock(command: "plan", timeout: .zero, shouldStop: { false })
        }
        lock.release()
        #expect(!lock.isHeld)
        let next = try fixture.makeBackend().lock(command: "apply", timeout: .zero, shouldStop: { false })
        #expect(next.holder.id != lock.holder.id)
        next.release()
    }

    @Test(arguments: StateBackendKind.available)
    func lockWaitTimesOut(kind: StateBackendKind) throws {
        let fixture = try StateBackendFixture(kind)
        let lock = try fixture.makeBackend().lock(command: "apply", timeout: .zero, shouldStop: { false })
        defer { lock.release() }

        #expect(throws: StateFileError.lockTimedOut(lockPath: lock.lockPath, holder: lock.holder, timeout: .seconds(1))) {
            _ = try fixture.makeBackend().lock(command: "apply", timeout: .seconds(1), shouldStop: { false })
        }
    }

    @Test(arguments: StateBackendKind.available)
    func forceUnlockSparesLiveHolder(kind: StateBackendKind) throws {
        let fixture = try StateBackendFixture(kind)
        let lock = try fixture.makeBackend().lock(command: "apply", timeout: .zero, shouldStop: { false })
        defer { lock.release() }

        let error = #expect(throws: (any Error).self) {
            _ = try fixture.makeBackend().forceUnlock(id: lock.holder.id)
        }
        switch error {
        case StateFileError.lockHolderRunning(_, let holder)?: #expect(holder == lock.holder)
        case PostgresStateError.lockHolderRunning(_, let holder, let backendPID)?:
            #expect(holder == lock.holder)
            #expect(backendPID > 0)
        default: Issue.record("expected a running-holder error, got \(String(describing: error))")
        }
        #expect(lock.isHeld)
        #expect(throws: StateFileError.locked(lockPath: lock.lockPath, holder: lock.holder)) {
            _ = try fixture.makeBackend().lock(command: "apply", timeout: .zero, shouldStop: { false })
        }
    }

    @Test(arguments: StateBackendKind.available)
    func forceUnlockRejectsWrongID(kind: StateBackendKind) throws {
        let fixture = try StateBackendFixture(kind)
        let lock = try fixture.makeBackend().lock(command: "apply", timeout: .zero, shouldStop: { false })
        defer { lock.release() }

        #expect(throws: StateFileError.unlockIDMismatch(lockPath: lock.lockPath, id: "0000", holder: lock.holder)) {
            _ = try fixture.makeBackend().forceUnlock(id: "0000")
        }
    }
}
