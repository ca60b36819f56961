import CryptoSupport
import Foundation
import RebillyAPI
import Testing

@testable import CredhashEngine

@Suite(.timeLimit(.minutes(1)))
struct StateStoreTests {
    /// Returns `state` with one more credential, `webhook.hooks-<number>`.
    static func adding(_ number: Int, to state: State) -> State {
        var changed = state
        changed.credentials["webhook.hooks-\(number)"] = StateCredential(
            type: .webhook, name: "hooks-\(number)", hash: "hash-\(number)", status: .active, fields: [:],
            secretFingerprints: ["auth.password": StateTestSupport.fingerprint], createdTime: "2024-05-01T10:00:00Z",
            updatedTime: "2024-05-01T10:00:00Z")
        return changed
    }

    @Test func symbolicLinkStateWrittenThroughLink() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.file("real"), withIntermediateDirectories: false)
        let realPath = folder.file("real/s.json")
        var first = try StateStore.load(path: realPath, passphrase: nil)
        try first.commit(Self.adding(1, to: first.state))
        let linkPath = folder.file("link.json")
        symlink(realPath, linkPath)

        var store = try StateStore.load(path: linkPath, passphrase: nil)
        try store.commit(Self.adding(2, to: store.state))

        #expect(RegularFileReader.isSymbolicLink(linkPath))
        #expect(try StateFile.read(path: realPath)?.serial == 2)
        #expect(try StateFile.read(path: realPath + ".backup")?.serial == 1)
        #expect(try FileStateBackend(path: linkPath).readBackup()?.serial == 1)
    }

    @Test func newStateIsEmptyAndUnkeyed() throws {
        let folder = try TemporaryFolder()
        let store = try StateStore.load(path: folder.file("credhash.state.json"), passphrase: nil)

        #expect(store.state.serial == 0)
        #expect(store.state.formatVersion == State.currentFormatVersion)
        #expect(UUID(uuidString: store.state.lineage) != nil)
        #expect(store.state.lineage == store.state.lineage.lowercased())
        #expect(Hex.decode(store.state.fingerprintSalt)?.count == FingerprintKey.saltLength)
        #expect(!store.state.fingerprintKeyed)
        #expect(store.state.fingerprintKeyCheck == store.fingerprintKey.checkValue)
        #expect(store.state.credentials.isEmpty)
        #expect(store.serialOnDisk == nil)
    }

    @Test func newStatesDiffer() throws {
        let folder = try TemporaryFolder()
        let first = try StateStore.load(path: folder.file("credhash.state.json"), passphrase: nil)
        let second = try StateStore.load(path: folder.file("credhash.state.json"), passphrase: nil)

        #expect(first.state.lineage != second.state.lineage)
        #expect(first.state.fingerprintSalt != second.state.fingerprintSalt)
    }

    @Test func unchangedCommitWritesNothing() throws {
        let folder = try TemporaryFolder()
        var store = try StateStore.load(path: folder.file("credhash.state.json"), passphrase: nil)

        let written = try store.commit(store.state)

        #expect(!written)
        #expect(store.state.serial == 0)
        #expect(try folder.names() == [])
    }

    @Test func serialRisesByOnePerChange() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("credhash.state.json")
        var store = try StateStore.load(path: path, passphrase: nil)

        #expect(try store.commit(Self.adding(1, to: store.state)))
        #expect(store.state.serial == 1)
        #expect(try StateFile.read(path: path)?.serial == 1)

        // A serial change alone is no change.
        var onlySerial = store.state
        onlySerial.serial = 99
        #expect(try !store.commit(onlySerial))
        #expect(try StateFile.read(path: path)?.serial == 1)

        // The caller's serial is ignored when something else changed.
        var changed = Self.adding(2, to: store.state)
        changed.serial = 99
        #expect(try store.commit(changed))
        #expect(store.state.serial == 2)
        #expect(store.serialOnDisk == 2)
        #expect(try StateFile.read(path: path) == store.state)
    }

    @Test func reloadedStoreKeepsLineageAndKey() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("credhash.state.json")
        var first = try StateStore.load(path: path, passphrase: nil)
        try first.commit(Self.adding(1, to: first.state))

        let second = try StateStore.load(path: path, passphrase: nil)

        #expect(second.state == first.state)
        #expect(second.serialOnDisk == 1)
        #expect(second.fingerprintKey.checkValue == first.fingerprintKey.checkValue)
    }

    @Test func removingEntriesIsCommitted() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("credhash.state.json")
        var store = try StateStore.load(path: path, passphrase: nil)
        try store.commit(Self.adding(1, to: store.state))

        var emptied = store.state
        emptied.credentials = [:]
        try store.commit(emptied)

        #expect(try StateFile.read(path: path)?.credentials.isEmpty == true)
        #expect(try StateFile.read(path: StateFile.backupPath(for: path))?.credentials.count == 1)
    }

    @Test func otherLineageIsRejected() throws {
        let folder = try TemporaryFolder()
        var store = try StateStore.load(path: folder.file("credhash.state.json"), passphrase: nil)
        var foreign = Self.adding(1, to: store.state)
        foreign.lineage = StateTestSupport.lineage

        #expect(
            throws: StateFileError.lineageMismatch(
                path: store.path, expected: store.state.lineage, found: StateTestSupport.lineage)
        ) {
            try store.commit(foreign)
        }
        #expect(try folder.names() == [])
    }

    @Test func concurrentWriterCausesSerialConflict() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("credhash.state.json")
        var setup = try StateStore.load(path: path, passphrase: nil)
        try setup.commit(Self.adding(1, to: setup.state))
        var first = try StateStore.load(path: path, passphrase: nil)
        var second = try StateStore.load(path: path, passphrase: nil)

        try first.commit(Self.adding(2, to: first.state))
        let bytes = StateTestSupport.bytes(of: path)

        #expect(throws: StateFileError.serialConflict(path: path, expected: 1, found: 2)) {
            try second.commit(Self.adding(3, to: second.state))
        }
        #expect(StateTestSupport.bytes(of: path) == bytes)
        #expect(second.state.serial == 1)
    }

    @Test func fileCreatedAfterLoadCausesConflict() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("credhash.state.json")
        var first = try StateStore.load(path: path, passphrase: nil)
        var second = try StateStore.load(path: path, passphrase: nil)
        try first.commit(Self.adding(1, to: first.state))

        #expect(throws: StateFileError.serialConflict(path: path, expected: 0, found: 1)) {
            try second.commit(Self.adding(2, to: second.state))
        }
    }

    @Test func removedFileIsNotRecreated() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("credhash.state.json")
        var store = try StateStore.load(path: path, passphrase: nil)
        try store.commit(Self.adding(1, to: store.state))
        try FileManager.default.removeItem(atPath: path)

        #expect(throws: StateFileError.removedSinceLoad(path: path, serial: 1)) {
            try store.commit(Self.adding(2, to: store.state))
        }
        #expect(try folder.names() == [])
    }

    @Test func damagedFileIsNotLoaded() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("credhash.state.json")
        try StateTestSupport.writeText("", to: path)

        #expect(throws: StateFileError.empty(path: path)) {
            try StateStore.load(path: path, passphrase: nil)
        }
        #expect(StateTestSupport.bytes(of: path) == [])
    }

    @Test func fileDamagedAfterLoadIsKept() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("credhash.state.json")
        var store = try StateStore.load(path: path, passphrase: nil)
        try store.commit(Self.adding(1, to: store.state))
        try StateTestSupport.writeText("{", to: path)

        #expect(
            throws: StateFileError.invalidJSON(path: path, detail: "unexpected end of file during JSON parse")
        ) {
            try store.commit(Self.adding(2, to: store.state))
        }
        #expect(StateTestSupport.bytes(of: path) == Array("{".utf8))
    }
}
