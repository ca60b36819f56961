import Foundation
import Testing

/// Apply against an emulator that responds to some requests with 500.
@Suite(.timeLimit(.minutes(1))) struct ApplyFaultTests {
    @Test func serverErrorsRetriedThenRerunConverges() throws {
        let workspace = try Workspace(fixture: "apply-500", secrets: canarySecrets("server-error"))
        // A 500 stores nothing, and the client retries it up to three times with backoff.
        try workspace.emulator.setFaults(["error_rate": 0.5, "seed": 7])
        let first = try workspace.run(["apply", "--auto-approve"])

        let requests = try workspace.emulatorRequests()
        #expect(requests.contains { $0.status == 500 }, "the fault injected no 500")
        // Every fixture credential has its own host or Mailgun domain.
        let posts = requests.filter { $0.method == "POST" }
        let sends = Dictionary(grouping: posts) { "\($0.body["host"] ?? $0.body["domain"] ?? "")" }
        #expect(sends.count == 8)
        #expect(sends.values.contains { $0.count > 1 }, "no create was sent again after a 500")

        // Each address either failed, listed on standard error, or is recorded with its hash.
        #expect([0, 3].contains(first.status), "\(first)")
        let state = try workspace.state()
        let failedLines = first.error.split(separator: "\n").filter { $0.hasPrefix("  ") && $0.contains(" (create): ") }
        #expect(state.credentials.count + failedLines.count == 8, "\(first)")
        #expect(first.output.contains("apply finished: \(state.credentials.count) succeeded, \(failedLines.count) failed"))
        if first.status == 3 {
            #expect(!failedLines.isEmpty, "exit 3 without the failures listed: \(first)")
            for line in failedLines {
                #expect(line.contains("500"), "a failure does not name the status: \(line)")
            }
        }
        // A create that ended in 500 keeps its journal entry, because a 5xx does not prove nothing was stored.
        #expect(state.pending.count == failedLines.count)

        try workspace.emulator.setFaults([:])
        let rerun = try workspace.run(["apply", "--auto-approve"])
        #expect(rerun.status == 0, "\(rerun)")
        try workspace.expectConverged(addressCount: 8)
        try workspace.expectNoSecretWritten()
    }
}
