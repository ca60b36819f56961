import CredhashEngine
import Foundation
import Testing

@testable import CredhashCLI

struct ForceUnlockCommandTests {
    /// Writes holder details for a process on another host into the lock file of a new state path.
    static func lockFileOfOtherHost() throws -> (statePath: String, id: String) {
        let configPath = try CLITestSupport.temporaryFile("version: 1\ncredentials: {}\n")
        let statePath = ConfigLoader.directory(of: configPath) + "/credhash.state.json"
        let holder = #"{"command":"apply","host":"runner-7","id":"feedfacecafebeef","pid":4242,"startTime":"2026-01-01T00:00:00Z"}"#
        try (holder + "\n").write(toFile: statePath + ".lock", atomically: false, encoding: .utf8)
        return (statePath, "feedfacecafebeef")
    }

    @Test func clearsHolderOnAnotherHost() async throws {
        let (statePath, id) = try Self.lockFileOfOtherHost()
        let result = await CLITestSupport.run(["force-unlock", id, "--state", statePath])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("may still be running on host 'runner-7'"))
        let lock = try StateLock.acquire(statePath: statePath, command: "test")
        lock.release()
    }

    @Test func wrongIDIsRefused() async throws {
        let (statePath, _) = try Self.lockFileOfOtherHost()
        let result = await CLITestSupport.run(["force-unlock", "0000", "--state", statePath])
        #expect(result.status == 1)
        #expect(result.error.contains("lock ID '0000' does not match"))
    }

    @Test func missingIDIsUsageError() async {
        let result = await CLITestSupport.run(["force-unlock"])
        #expect(result.status == 64)
    }
}
