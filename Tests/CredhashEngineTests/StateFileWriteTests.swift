import Foundation
import Testing

@testable import CredhashEngine

@Suite(.timeLimit(.minutes(1)))
struct StateFileWriteTests {
    @Test func roundTrip() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("credhash.state.json")

        try StateFile.write(StateTestSupport.sample(), to: path)

        #expect(try StateFile.read(path: path) == StateTestSupport.sample())
    }

    @Test func missingFileReadsAsNil() throws {
        let folder = try TemporaryFolder()

        #expect(try StateFile.read(path: folder.file("credhash.state.json")) == nil)
    }

    @Test func encodingIsDeterministic() throws {
        var reordered = StateTestSupport.sample()
        reordered.credentials = [:]
        reordered.credentials["email.smtp-main"] = StateTestSupport.sample().credentials["email.smtp-main"]
        reordered.credentials["email.smtp-main"]?.fields = ["port": .integer(465), "host": .text("smtp.example.com")]

        let first = try StateFile.encode(StateTestSupport.sample(), path: "x")
        let second = try StateFile.encode(reordered, path: "x")

        #expect(first == second)
        #expect(first.last == UInt8(ascii: "\n"))
        let text = String(decoding: first, as: UTF8.self)
        let keys = ["\"credentials\"", "\"fingerprintKeyCheck\"", "\"formatVersion\"", "\"lineage\"", "\"serial\""]
        let offsets = keys.compactMap { text.range(of: $0)?.lowerBound }
        #expect(offsets.count == keys.count)
        #expect(offsets == offsets.sorted())
    }

    @Test func unchangedWriteSkipsFile() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("credhash.state.json")
        try StateFile.write(StateTestSupport.sample(), to: path)
        let before = StateTestSupport.identity(of: path)
        let bytesBefore = StateTestSupport.bytes(of: path)

        let written = try StateFile.write(StateTestSupport.sample(), to: path)

        #expect(!written)
        #expect(StateTestSupport.identity(of: path) == before)
        #expect(StateTestSupport.bytes(of: path) == bytesBefore)
        #expect(try folder.names() == ["credhash.state.json"])
    }

    @Test func backupKeepsPreviousVersion() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("credhash.state.json")
        try StateFile.write(StateTestSupport.sample(serial: 3), to: path)
        let firstBytes = StateTestSupport.bytes(of: path)

        try StateFile.write(StateTestSupport.sample(serial: 4), to: path)
        let backupPath = StateFile.backupPath(for: path)

        #expect(StateTestSupport.bytes(of: backupPath) == firstBytes)
        #expect(try StateFile.read(path: path)?.serial == 4)
        #expect(try folder.names() == ["credhash.state.json", "credhash.state.json.backup"])

        // An identical write changes neither file.
        let backupIdentity = StateTestSupport.identity(of: backupPath)
        try StateFile.write(StateTestSupport.sample(serial: 4), to: path)
        #expect(StateTestSupport.identity(of: backupPath) == backupIdentity)
        #expect(StateTestSupport.bytes(of: backupPath) == firstBytes)
    }

    @Test func filesHaveOwnerOnlyMode() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("credhash.state.json")
        try StateTestSupport.writeText(StateTestSupport.sampleText, to: path)
        chmod(path, 0o644)

        try StateFile.write(StateTestSupport.sample(serial: 4), to: path)

        #expect(StateTestSupport.mode(of: path) == 0o600)
        #expect(StateTestSupport.mode(of: StateFile.backupPath(for: path)) == 0o600)
    }

    @Test func failedBackupLeavesStateUnchanged() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("credhash.state.json")
        try StateFile.write(StateTestSupport.sample(serial: 3), to: path)
        let bytes = StateTestSupport.bytes(of: path)
        let backupPath = StateFile.backupPath(for: path)
        try FileManager.default.createDirectory(atPath: backupPath, withIntermediateDirectories: false)

        #expect(throws: StateFileError.writeFailed(path: backupPath, operation: "replacing", errno: EISDIR)) {
            try StateFile.write(StateTestSupport.sample(serial: 4), to: path)
        }
        #expect(StateTestSupport.bytes(of: path) == bytes)
        #expect(try folder.names() == ["credhash.state.json", "credhash.state.json.backup"])
    }

    @Test func missingFolderFailsWithoutFiles() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("absent/credhash.state.json")

        #expect(
            throws: StateFileError.writeFailed(path: path, operation: "creating a temporary file for", errno: ENOENT)
        ) {
            try StateFile.write(StateTestSupport.sample(), to: path)
        }
        #expect(try folder.names() == [])
    }

    @Test func writesStateWithTenThousandCredentials() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("credhash.state.json")
        var state = StateTestSupport.sample()
        let template = try #require(state.credentials["email.smtp-main"])
        for index in 0..<10_000 {
            var credential = template
            credential.name = "smtp-\(index)"
            credential.hash = "hash-\(index)"
            state.credentials["email.smtp-\(index)"] = credential
        }

        try StateFile.write(state, to: path)

        #expect(try StateFile.read(path: path) == state)
    }
}
