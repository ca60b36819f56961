import CryptoSupport
import Foundation
import Testing

@testable import CredhashEngine

@Suite(.timeLimit(.minutes(1)))
struct StateLockTests {
    static let otherHost = LockHolder(
        id: "feedfacecafebeef", pid: 4242, host: "other-host.invalid", command: "apply",
        startTime: "2024-05-01T10:00:00Z")

    static func writeHolder(_ holder: LockHolder, to lockPath: String) throws {
        try Data(JSONEncoder().encode(holder)).write(to: URL(fileURLWithPath: lockPath))
    }

    // MARK: One process

    @Test func acquireRecordsHolder() throws {
        let folder = try TemporaryFolder()
        let statePath = folder.file("credhash.state.json")

        let lock = try StateLock.acquire(statePath: statePath, command: "apply")

        #expect(lock.lockPath == statePath + ".lock")
        #expect(lock.isHeld)
        #expect(StateLockChild.recordedHolder(lock.lockPath) == lock.holder)
        #expect(lock.holder.pid == getpid())
        #expect(lock.holder.host == LockHolder.currentHost())
        #expect(lock.holder.command == "apply")
        #expect(Hex.decode(lock.holder.id)?.count == 8)
        #expect((try? Date(lock.holder.startTime, strategy: .iso8601)) != nil)
        #expect(StateTestSupport.mode(of: lock.lockPath) == 0o600)
    }

    @Test func symbolicLinkLockLeavesTargetAlone() throws {
        let folder = try TemporaryFolder()
        let statePath = folder.file("credhash.state.json")
        let target = folder.file("victim.txt")
        try Data("keep\n".utf8).write(to: URL(fileURLWithPath: target))
        symlink(target, statePath + ".lock")

        #expect(throws: StateFileError.lockNotRegularFile(lockPath: statePath + ".lock", isSymbolicLink: true)) {
            _ = try StateLock.acquire(statePath: statePath, command: "apply")
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep\n")
    }

    @Test func fifoLockIsRejected() throws {
        let folder = try TemporaryFolder()
        let statePath = folder.file("credhash.state.json")
        #expect(mkfifo(statePath + ".lock", 0o600) == 0)

        #expect(throws: StateFileError.lockNotRegularFile(lockPath: statePath + ".lock", isSymbolicLink: false)) {
            _ = try StateLock.acquire(statePath: statePath, command: "apply")
        }
    }

    @Test func secondAcquireIsBusy() throws {
        let folder = try TemporaryFolder()
        let statePath = folder.file("credhash.state.json")
        let first = try StateLock.acquire(statePath: statePath, command: "apply")

        #expect(throws: StateFileError.locked(lockPath: first.lockPath, holder: first.holder)) {
            try StateLock.acquire(statePath: statePath, command: "plan")
        }
        #expect(first.isHeld)
        #expect(StateLockChild.recordedHolder(first.lockPath) == first.holder)
    }

    @Test func releaseClearsHolderAndKeepsFile() throws {
        let folder = try TemporaryFolder()
        let statePath = folder.file("credhash.state.json")
        let first = try StateLock.acquire(statePath: statePath, command: "apply")

        first.release()
        first.release()

        #expect(!first.isHeld)
        #expect(StateTestSupport.bytes(of: first.lockPath) == [])
        let second = try StateLock.acquire(statePath: statePath, command: "apply")
        #expect(second.isHeld)
    }

    @Test func deinitReleasesLock() throws {
        let folder = try TemporaryFolder()
        let statePath = folder.file("credhash.state.json")
        do {
            let lock = try StateLock.acquire(statePath: statePath, command: "apply")
            #expect(lock.isHeld)
        }

        let again = try StateLock.acquire(statePath: statePath, command: "apply")

        #expect(again.isHeld)
    }

    @Test func waitTimesOut() throws {
        let folder = try TemporaryFolder()
        let statePath = folder.file("credhash.state.json")
        let first = try StateLock.acquire(statePath: statePath, command: "apply")
        let start = ContinuousClock.now

        let timeout = Duration.milliseconds(300)
        #expect(throws: StateFileError.lockTimedOut(lockPath: first.lockPath, holder: first.holder, timeout: timeout)) {
            try StateLock.acquire(statePath: statePath, command: "plan", timeout: timeout)
        }
        #expect(ContinuousClock.now - start >= timeout)
    }

    @Test func waitEndsWhenHolderReleases() throws {
        let folder = try TemporaryFolder()
        let statePath = folder.file("credhash.state.json")
        let first = try StateLock.acquire(statePath: statePath, command: "apply")
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { first.release() }

        let second = try StateLock.acquire(statePath: statePath, command: "plan", timeout: .seconds(20))

        #expect(second.isHeld)
        #expect(StateLockChild.recordedHolder(second.lockPath) == second.holder)
    }

    @Test func staleHolderOnThisHostIsReplaced() throws {
        let folder = try TemporaryFolder()
        let statePath = folder.file("credhash.state.json")
        var stale = Self.otherHost
        stale.host = LockHolder.currentHost()
        try Self.writeHolder(stale, to: StateLock.lockPath(forStatePath: statePath))

        let lock = try StateLock.acquire(statePath: statePath, command: "apply")

        #expect(StateLockChild.recordedHolder(lock.lockPath) == lock.holder)
    }

    @Test func holderOnOtherHostBlocks() throws {
        let folder = try TemporaryFolder()
        let statePath = folder.file("credhash.state.json")
        let lockPath = StateLock.lockPath(forStatePath: statePath)
        try Self.writeHolder(Self.otherHost, to: lockPath)

        let error = #expect(throws: StateFileError.self) {
            try StateLock.acquire(statePath: statePath, command: "apply")
        }

        #expect(error == .locked(lockPath: lockPath, holder: Self.otherHost))
        #expect(error?.description.contains("run 'credhash force-unlock feedfacecafebeef'") == true)
        #expect(StateLockChild.recordedHolder(lockPath) == Self.otherHost)
    }

    // MARK: Force-unlock

    @Test func forceUnlockWithoutLockFile() throws {
        let folder = try TemporaryFolder()
        let statePath = folder.file("credhash.state.json")

        #expect(
            throws: StateFileError.unlockIDMismatch(lockPath: statePath + ".lock", id: "feedfacecafebeef", holder: nil)
        ) {
            try StateLock.forceUnlock(statePath: statePath, id: "feedfacecafebeef")
        }
        #expect(try folder.names() == [])
    }

    @Test func forceUnlockWithWrongID() throws {
        let folder = try TemporaryFolder()
        let statePath = folder.file("credhash.state.json")
        let lockPath = StateLock.lockPath(forStatePath: statePath)
        try Self.writeHolder(Self.otherHost, to: lockPath)

        #expect(throws: StateFileError.unlockIDMismatch(lockPath: lockPath, id: "0000", holder: Self.otherHost)) {
            try StateLock.forceUnlock(statePath: statePath, id: "0000")
        }
        #expect(StateLockChild.recordedHolder(lockPath) == Self.otherHost)
    }

    @Test func forceUnlockRejectsLiveHolder() throws {
        let folder = try TemporaryFolder()
        let statePath = folder.file("credhash.state.json")
        let lock = try StateLock.acquire(statePath: statePath, command: "apply")

        #expect(throws: StateFileError.lockHolderRunning(lockPath: lock.lockPath, holder: lock.holder)) {
            try StateLock.forceUnlock(statePath: statePath, id: lock.holder.id)
        }
        #expect(StateLockChild.recordedHolder(lock.lockPath) == lock.holder)
    }

    @Test func forceUnlockClearsStaleHolder() throws {
        let folder = try TemporaryFolder()
        let statePath = folder.file("credhash.state.json")
        let lockPath = StateLock.lockPath(forStatePath: statePath)
        var stale = Self.otherHost
        stale.host = LockHolder.currentHost()
        try Self.writeHolder(stale, to: lockPath)

        let outcome = try StateLock.forceUnlock(statePath: statePath, id: stale.id)

        #expect(outcome == .clearedStaleHolder(lockPath: lockPath, holder: stale))
        #expect(StateTestSupport.bytes(of: lockPath) == [])
    }

    @Test func forceUnlockClearsOtherHostHolder() throws {
        let folder = try TemporaryFolder()
        let statePath = folder.file("credhash.state.json")
        let lockPath = StateLock.lockPath(forStatePath: statePath)
        try Self.writeHolder(Self.otherHost, to: lockPath)

        let outcome = try StateLock.forceUnlock(statePath: statePath, id: Self.otherHost.id)

        #expect(outcome == .clearedOtherHostHolder(lockPath: lockPath, holder: Self.otherHost))
        #expect(outcome.description.contains("may still be running on host 'other-host.invalid'"))
        #expect(StateTestSupport.bytes(of: lockPath) == [])
        let lock = try StateLock.acquire(statePath: statePath, command: "apply")
        #expect(lock.isHeld)
    }
}

/// Lock contention with other processes. Synchronous, because these tests start and reap children.
@Suite(.timeLimit(.minutes(1)), .enabled(if: StateLockChild.isAvailable))
struct StateLockProcessTests {
    @Test func otherProcessHoldsLock() throws {
        let folder = try TemporaryFolder()
        let statePath = folder.file("credhash.state.json")
        let lockPath = StateLock.lockPath(forStatePath: statePath)
        let child = try StateLockChild(lockPath: lockPath)

        #expect(throws: StateFileError.locked(lockPath: lockPath, holder: child.holder)) {
            try StateLock.acquire(statePath: statePath, command: "apply")
        }
        #expect(throws: StateFileError.lockHolderRunning(lockPath: lockPath, holder: child.holder)) {
            try StateLock.forceUnlock(statePath: statePath, id: StateLockChild.lockID)
        }

        child.stop()
        let lock = try StateLock.acquire(statePath: statePath, command: "apply")
        #expect(StateLockChild.recordedHolder(lockPath) == lock.holder)
    }

    @Test func killedHolderLeavesAcquirableLock() throws {
        let folder = try TemporaryFolder()
        let statePath = folder.file("credhash.state.json")
        let lockPath = StateLock.lockPath(forStatePath: statePath)
        let child = try StateLockChild(lockPath: lockPath)
        child.stop()
        #expect(StateLockChild.recordedHolder(lockPath) == child.holder)

        let lock = try StateLock.acquire(statePath: statePath, command: "apply")

        #expect(StateLockChild.recordedHolder(lockPath) == lock.holder)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/flock")))
    func otherProcessSeesLock() throws {
        let folder = try TemporaryFolder()
        let statePath = folder.file("credhash.state.json")
        let lock = try StateLock.acquire(statePath: statePath, command: "apply")

        // util-linux flock exits with the -E status when -n finds the lock taken.
        #expect(try StateLockChild.run(["/usr/bin/flock", "-n", "-E", "75", lock.lockPath, "true"]) == 75)

        lock.release()
        #expect(try StateLockChild.run(["/usr/bin/flock", "-n", "-E", "75", lock.lockPath, "true"]) == 0)
    }
}
