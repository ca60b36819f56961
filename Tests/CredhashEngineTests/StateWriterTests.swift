import Foundation
import Testing

@testable import CredhashEngine

@Suite(.timeLimit(.minutes(1)))
struct StateWriterTests {
    @Test func concurrentUpdatesAreAllCommitted() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("credhash.state.json")
        let writer = StateWriter(store: try StateStore.load(path: path, passphrase: nil))
        let count = 40

        try await withThrowingTaskGroup(of: Void.self) { group in
            for number in 0..<count {
                group.addTask {
                    try await writer.update { state, _ in state = StateStoreTests.adding(number, to: state) }
                }
            }
            try await group.waitForAll()
        }

        let onDisk = try #require(try StateFile.read(path: path))
        #expect(onDisk.credentials.count == count)
        #expect(await writer.state == onDisk)
        #expect(await !writer.hasFailed)
        // Updates that waited for a running commit share one, so there are at most as many
        // writes as updates.
        #expect(onDisk.serial >= 1)
        #expect(onDisk.serial <= count)
    }

    @Test func updateReturnsAfterItsCommit() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("credhash.state.json")
        let writer = StateWriter(store: try StateStore.load(path: path, passphrase: nil))

        for number in 0..<3 {
            try await writer.update { state, _ in state = StateStoreTests.adding(number, to: state) }
            let onDisk = try #require(try StateFile.read(path: path))
            #expect(onDisk.credentials["webhook.hooks-\(number)"] != nil)
        }
    }

    @Test func failedCommitRejectsLaterUpdates() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("credhash.state.json")
        let writer = StateWriter(store: try StateStore.load(path: path, passphrase: nil))
        try await writer.update { state, _ in state = StateStoreTests.adding(0, to: state) }

        // Another writer changes the file, so the next commit finds a serial conflict.
        var other = try #require(try StateFile.read(path: path))
        other.serial += 1
        _ = try StateFile.write(other, to: path)

        await #expect(throws: ApplyError.self) {
            try await writer.update { state, _ in state = StateStoreTests.adding(1, to: state) }
        }
        #expect(await writer.hasFailed)
        await #expect(throws: ApplyError.self) {
            try await writer.update { state, _ in state = StateStoreTests.adding(2, to: state) }
        }
        let onDisk = try #require(try StateFile.read(path: path))
        #expect(onDisk.credentials["webhook.hooks-1"] == nil)
    }
}
