import Foundation
import RebillyAPI
import Testing

@testable import CredhashEngine

/// Tests of the fingerprint key check. Each keyed load runs scrypt with N = 2^15 once.
@Suite(.timeLimit(.minutes(1)))
struct StateKeyCheckTests {
    static let passphrase = "correct-horse-canary"

    /// Returns the path of a committed state keyed with ``passphrase``, inside `folder`.
    static func keyedStatePath(in folder: TemporaryFolder) throws -> String {
        let path = folder.file("credhash.state.json")
        var store = try StateStore.load(path: path, passphrase: Secret(passphrase))
        try store.commit(StateStoreTests.adding(1, to: store.state))
        return path
    }

    @Test func newStateWithPassphraseIsKeyed() throws {
        let folder = try TemporaryFolder()
        let store = try StateStore.load(path: folder.file("credhash.state.json"), passphrase: Secret(Self.passphrase))

        #expect(store.state.fingerprintKeyed)
        #expect(store.fingerprintKey.isKeyed)
        #expect(store.state.fingerprintKeyCheck == store.fingerprintKey.checkValue)
    }

    @Test func rightPassphraseLoads() throws {
        let folder = try TemporaryFolder()
        let path = try Self.keyedStatePath(in: folder)

        let store = try StateStore.load(path: path, passphrase: Secret(Self.passphrase))

        #expect(store.fingerprintKey.isKeyed)
        #expect(store.state.serial == 1)
    }

    @Test func wrongPassphraseIsRejected() throws {
        let folder = try TemporaryFolder()
        let path = try Self.keyedStatePath(in: folder)

        let error = #expect(throws: StateFileError.self) {
            try StateStore.load(path: path, passphrase: Secret("wrong-canary"))
        }
        #expect(error == .keyMismatch(path: path))
        #expect(error?.description.contains("wrong-canary") == false)
        let expectedMessage = "CREDHASH_STATE_KEY does not match the key this state was written with"
        #expect(error?.description.contains(expectedMessage) == true)
    }

    @Test func missingPassphraseIsRejected() throws {
        let folder = try TemporaryFolder()
        let path = try Self.keyedStatePath(in: folder)

        #expect(throws: StateFileError.keyRequired(path: path)) {
            try StateStore.load(path: path, passphrase: nil)
        }
    }

    @Test func passphraseForUnkeyedStateIsRejected() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("credhash.state.json")
        try StateFile.write(StateTestSupport.sample(), to: path)

        #expect(throws: StateFileError.keyNotExpected(path: path)) {
            try StateStore.load(path: path, passphrase: Secret(Self.passphrase))
        }
    }

    @Test func unkeyedStateChecksItsSalt() throws {
        var state = StateTestSupport.sample()

        let key = try FingerprintKey.verified(for: state, passphrase: nil, path: "x")
        #expect(key.checkValue == state.fingerprintKeyCheck)

        state.fingerprintKeyCheck = String(repeating: "00", count: 32)
        let detail = "the key check value does not match the fingerprint salt"
        #expect(throws: StateFileError.invalidValue(path: "x", keyPath: "fingerprintKeyCheck", detail: detail)) {
            try FingerprintKey.verified(for: state, passphrase: nil, path: "x")
        }
    }

    @Test func stateFileOmitsPassphrase() throws {
        let folder = try TemporaryFolder()
        let path = try Self.keyedStatePath(in: folder)
        let text = String(decoding: StateTestSupport.bytes(of: path) ?? [], as: UTF8.self)

        #expect(text.contains("\"fingerprintKeyed\" : true"))
        #expect(!text.contains(Self.passphrase))
    }
}
