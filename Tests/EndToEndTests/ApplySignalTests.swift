import CredhashTestSupport
import Foundation
import Testing

/// Applies stopped by SIGTERM, SIGINT and SIGKILL, and the apply that runs after each.
@Suite(.timeLimit(.minutes(1))) struct ApplySignalTests {
    /// SIGTERM or SIGINT after the first create. The run saves its results, releases the lock
    /// and exits 128 plus the signal, and the next apply creates the rest.
    @Test(arguments: [("apply-sigterm", SIGTERM), ("apply-sigint", SIGINT)])
    func stopSignalSavesAndRerunConverges(fixture: String, signal: Int32) throws {
        let name = signal == SIGTERM ? "SIGTERM" : "SIGINT"
        let workspace = try Workspace(
            fixture: fixture, secrets: canarySecrets(fixture), emulatorArguments: ["--latency-ms", "300"])
        // Two actions at a time with 300 ms each leave most of the twenty unstarted at the signal.
        let apply = try workspace.start(["apply", "--auto-approve", "--parallelism", "2"])
        try apply.waitForOutput(": created ")
        apply.child.send(signal)
        let stopped = try apply.finish()

        #expect(stopped.status == 128 + signal, "\(stopped)")
        #expect(stopped.signal == nil, "the default action of \(name) ended the run instead of its handler")
        #expect(stopped.output.contains("received \(name): finishing the requests in flight"))
        #expect(stopped.output.contains("stopped by \(name) after saving the state: "))
        #expect(stopped.error.contains("run 'credhash apply' again to carry out the "), "\(stopped)")

        // Every create the run reported is recorded, and nothing is left half done.
        let state = try workspace.state()
        let reported = stopped.output.components(separatedBy: ": created ").count - 1
        #expect(reported >= 1)
        #expect(state.credentials.count == reported)
        #expect(state.credentials.count < 20)
        #expect(state.pending.isEmpty, "journal entries left: \(state.pendingAddresses)")
        let lockFile = try String(contentsOfFile: workspace.statePath + ".lock", encoding: .utf8)
        #expect(lockFile.isEmpty, "the lock file still names a holder: \(lockFile)")

        try workspace.emulator.setFaults([:])
        let rerun = try workspace.run(["apply", "--auto-approve"])
        #expect(rerun.status == 0, "\(rerun)")
        #expect(rerun.output.contains("apply finished: \(20 - reported) succeeded, 0 failed"), "\(rerun)")
        try workspace.expectConverged(addressCount: 20)
        try workspace.expectNoSecretWritten()
    }

    /// A second SIGINT ends the run at once; a create it cut off stays in the journal for the next apply.
    @Test func secondSigintExitsAtOnce() throws {
        let workspace = try Workspace(
            fixture: "apply-sigint", secrets: canarySecrets("double-sigint"), emulatorArguments: ["--latency-ms", "2000"])
        let apply = try workspace.start(["apply", "--auto-approve", "--parallelism", "4"])
        try apply.waitForOutput(": creating", count: 4)
        apply.child.send(SIGINT)
        try apply.waitForOutput("received SIGINT")
        apply.child.send(SIGINT)
        let stopped = try apply.finish()

        #expect(stopped.status == 130, "\(stopped)")
        #expect(stopped.signal == nil)
        #expect(!stopped.output.contains(": created "), "a create finished before the second SIGINT")
        let lockFile = try String(contentsOfFile: workspace.statePath + ".lock", encoding: .utf8)
        #expect(lockFile.isEmpty, "the lock file still names a holder: \(lockFile)")
        let interrupted = try workspace.state()
        #expect(interrupted.credentials.isEmpty)
        #expect(!interrupted.pending.isEmpty, "the creates in flight left no journal entry")

        try workspace.emulator.setFaults([:])
        let rerun = try workspace.run(["apply", "--auto-approve"])
        #expect(rerun.status == 0, "\(rerun)")
        #expect(rerun.output.contains("interrupted create"), "\(rerun)")
        try workspace.expectConverged(addressCount: 20)
        try workspace.expectNoSecretWritten()
    }

    /// SIGKILL at four different moments. The state stays valid JSON each time, and the last
    /// apply records every hash the emulator created, including creates whose response was lost.
    @Test func sigkillRepeatedlyThenConverges() throws {
        let workspace = try Workspace(
            fixture: "apply-sigkill", secrets: canarySecrets("sigkill"), emulatorArguments: ["--latency-ms", "150"])
        // The first kill comes while the first creates are in flight, the others after 1 or 2
        // creates of that run finished. Each round leaves up to four more creates in the journal
        // (twice the parallelism), two of them possibly sent, which the next round recovers.
        let createdBeforeKill = [0, 1, 2, 1]
        for (round, created) in createdBeforeKill.enumerated() {
            let apply = try workspace.start(["apply", "--auto-approve", "--parallelism", "2"])
            if created == 0 {
                try apply.waitForOutput(": creating", count: 2)
            } else {
                try apply.waitForOutput(": created ", count: created)
            }
            apply.child.send(SIGKILL)
            let killed = try apply.finish()
            #expect(killed.signal == SIGKILL, "round \(round): \(killed)")

            if let data = workspace.stateBytes() {
                #expect(throws: Never.self, "round \(round): the state is not valid") { try StateJSON(data) }
            } else {
                #expect(round == 0, "round \(round): no state file after earlier rounds recorded creates")
            }
        }
        let beforeRerun = try workspace.state()
        #expect(beforeRerun.credentials.count < 24, "the kills left nothing for the last apply to do")

        try workspace.emulator.setFaults([:])
        let rerun = try workspace.run(["apply", "--auto-approve"])
        #expect(rerun.status == 0, "\(rerun)")
        try workspace.expectConverged(addressCount: 24)
        try workspace.expectNoSecretWritten()
    }
}
