import Foundation
import Testing

/// Applies that meet another apply holding the state lock of the same folder.
@Suite(.timeLimit(.minutes(1))) struct ApplyLockTests {
    @Test func concurrentApplyOneExitsFour() throws {
        // The latency keeps the first apply inside its lock long after the second one has started.
        let workspace = try Workspace(
            fixture: "apply-concurrent", secrets: canarySecrets("concurrent"), emulatorArguments: ["--latency-ms", "500"])
        let first = try workspace.start(["apply", "--auto-approve"])
        let second = try workspace.start(["apply", "--auto-approve"])
        let results = [try first.finish(), try second.finish()]
        let pids = [first.child.pid, second.child.pid]

        #expect(results.map(\.status).sorted() == [0, 4], "\(results[0])\n\(results[1])")
        let winnerIndex = try #require(results.firstIndex { $0.status == 0 })
        let loser = results[1 - winnerIndex]
        let holder = "is held by pid \(pids[winnerIndex]) on host '\(currentHostName())' running 'apply'"
        #expect(loser.error.contains(holder), "\(loser)")
        #expect(loser.output.isEmpty, "the locked run printed a plan: \(loser.output)")
        #expect(results[winnerIndex].output.contains("apply finished: 3 succeeded, 0 failed"))

        let posts = try workspace.emulatorRequests().filter { $0.method == "POST" }
        #expect(posts.count == 3, "one create per address, all from the run that held the lock")
        try workspace.expectConverged(addressCount: 3)
        #expect(Set(try workspace.emulatorCredentials().map(\.status)) == ["active"])
        try workspace.expectNoSecretWritten()
    }

    /// SIGTERM to a run that waits for the lock ends the wait, instead of waiting for the holder.
    @Test func sigtermEndsLockWait() throws {
        let workspace = try Workspace(
            fixture: "apply-concurrent", secrets: canarySecrets("lock-wait"), emulatorArguments: ["--latency-ms", "3000"])
        let holder = try workspace.start(["apply", "--auto-approve"])
        try holder.waitForOutput(": creating")
        let waiting = try workspace.start(["apply", "--auto-approve", "--lock-timeout", "60"])
        try waiting.waitUntilTrapping(SIGTERM)
        try waiting.send(SIGTERM, untilOutput: "received SIGTERM")
        let stopped = try waiting.finish()

        // The holder's creates take three seconds, so an exit before them proves the wait ended.
        #expect(holder.child.wait(timeout: 0) == nil, "the waiting run outlasted the holder")
        #expect(stopped.status == 143, "\(stopped)")
        #expect(stopped.error.contains("stopped waiting for state lock"), "\(stopped)")
        #expect(try holder.finish().status == 0)
        try workspace.expectConverged(addressCount: 3)
        try workspace.expectNoSecretWritten()
    }
}
