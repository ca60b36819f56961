import Foundation
import Testing

@testable import CredhashEngine

struct StateFileErrorTests {
    static let holder = LockHolder(
        id: "feedfacecafebeef", pid: 4242, host: "other-host.invalid", command: "apply",
        startTime: "2024-05-01T10:00:00Z")

    /// One value of every case.
    static let everyCase: [StateFileError] = [
        .unreadable(path: "s.json", reason: "it is a folder"),
        .empty(path: "s.json"),
        .invalidJSON(path: "s.json", detail: "unexpected end of file during JSON parse"),
        .notAnObject(path: "s.json"),
        .unsupportedFormatVersion(path: "s.json", found: 2, supported: 1),
        .unknownField(path: "s.json", keyPath: "credentials.email.smtp-main.colour"),
        .missingField(path: "s.json", keyPath: "serial"),
        .invalidValue(path: "s.json", keyPath: "lineage", detail: "found 'x', expected a UUID"),
        .encodingFailed(path: "s.json", detail: "invalid number"),
        .writeFailed(path: "s.json", operation: "replacing", errno: ENOSPC),
        .lineageMismatch(path: "s.json", expected: "a", found: "b"),
        .serialConflict(path: "s.json", expected: 3, found: 4),
        .removedSinceLoad(path: "s.json", serial: 3),
        .keyRequired(path: "s.json"),
        .keyNotExpected(path: "s.json"),
        .keyMismatch(path: "s.json"),
        .keyDerivationFailed(path: "s.json", detail: "scrypt derivation failed"),
        .locked(lockPath: "s.json.lock", holder: holder),
        .locked(lockPath: "s.json.lock", holder: nil),
        .lockTimedOut(lockPath: "s.json.lock", holder: holder, timeout: .seconds(5)),
        .lockWaitStopped(lockPath: "s.json.lock", holder: holder),
        .lockFailed(lockPath: "s.json.lock", operation: "opening", errno: EACCES),
        .lockNotRegularFile(lockPath: "s.json.lock", isSymbolicLink: true),
        .lockNotRegularFile(lockPath: "s.json.lock", isSymbolicLink: false),
        .lockHolderRunning(lockPath: "s.json.lock", holder: holder),
        .unlockIDMismatch(lockPath: "s.json.lock", id: "0000", holder: holder),
        .unlockIDMismatch(lockPath: "s.json.lock", id: "0000", holder: nil),
    ]

    @Test(arguments: everyCase)
    func messageFollowsStyle(_ error: StateFileError) throws {
        let message = error.description
        let first = try #require(message.first)

        // Messages start lowercase unless they open with an environment variable name.
        #expect(first.isLowercase || message.hasPrefix("CREDHASH_"))
        #expect(!message.hasSuffix("."))
        #expect(message.filter { $0 == "'" }.count.isMultiple(of: 2))
    }

    @Test func messagesNameTheFile() {
        for error in Self.everyCase {
            #expect(error.description.contains("'s.json"))
        }
    }

    @Test func exampleMessages() {
        #expect(
            StateFileError.empty(path: "x.json").description
                == "state file 'x.json' is empty, so credhash left it unchanged (an earlier version may be in "
                + "'x.json.backup')")
        #expect(
            StateFileError.unsupportedFormatVersion(path: "x.json", found: 2, supported: 1).description
                == "state file 'x.json' has format version 2, newer than version 1 this credhash reads, so "
                + "upgrade credhash")
        #expect(
            StateFileError.lockTimedOut(lockPath: "x.lock", holder: nil, timeout: .milliseconds(1500)).description
                == "timed out after 1.5 seconds waiting for state lock 'x.lock', held by another process that "
                + "has not recorded its details yet")
    }
}
