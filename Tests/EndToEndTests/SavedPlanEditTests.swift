import CredhashTestSupport
import Foundation
import Testing

/// Hand-edited saved plans given to `apply FILE`: each must exit 5 with a message that names the
/// edited change, send nothing to the emulator and leave the state file as it was. The unedited
/// plan is applied too, so the check is known to accept what `plan --out` writes.
@Suite(.timeLimit(.minutes(5)))
struct SavedPlanEditTests {
    struct EditCase: CustomTestStringConvertible, Sendable {
        let id: String
        /// Text the error output must contain besides the stale-plan message.
        let message: String
        let edit: @Sendable (inout [[String: Any]]) -> Void
        var testDescription: String { id }
    }

    static let address = "email.smtp-canary"
    static let rotated = ["E2E_SMTP_PASSWORD": "pw-rotated-4e17"]

    static let cases: [EditCase] = [
        EditCase(id: "duplicated change", message: "it lists the replace of '\(address)' more than once") { changes in
            changes.append(changes[0])
        },
        EditCase(id: "retirement under retire: manual", message: "in 'retiresOldHash'") { changes in
            changes[0]["retiresOldHash"] = true
        },
        EditCase(id: "host in the shown fields", message: "in 'fields'") { changes in
            var fields = changes[0]["fields"] as? [String: Any] ?? [:]
            fields["host"] = "evil.example.com"
            changes[0]["fields"] = fields
        },
        EditCase(id: "replace turned into a create", message: "its create of '\(address)' is not planned") { changes in
            changes[0]["action"] = "create"
            changes[0]["reasons"] = ["createBecauseNew"]
            changes[0]["hash"] = nil
        },
    ]

    @Test(arguments: cases)
    func editedPlanIsRejected(_ testCase: EditCase) async throws {
        let workspace = try await Self.workspaceWithSavedPlan()
        try Self.editChanges(workspace, testCase.edit)
        let stateBefore = workspace.stateBytes()
        let requestsBefore = try workspace.emulatorRequests().count

        let result = try await workspace.run(["apply", "saved.plan"], environment: Self.rotated)

        #expect(result.status == 5, "\(result)")
        #expect(result.error.contains("saved plan is stale: "), "\(result)")
        #expect(result.error.contains(testCase.message), "\(result)")
        #expect(result.error.contains("run 'credhash plan --out' again"), "\(result)")
        #expect(try workspace.emulatorRequests().count == requestsBefore, "apply sent a request")
        #expect(workspace.stateBytes() == stateBefore, "apply changed the state file")
        try workspace.expectNoSecretWritten()
    }

    @Test func uneditedPlanIsApplied() async throws {
        let workspace = try await Self.workspaceWithSavedPlan()

        let result = try await workspace.run(["apply", "saved.plan"], environment: Self.rotated)

        #expect(result.status == 0, "\(result)")
        let creates = try workspace.emulatorRequests().filter { $0.method == "POST" && $0.status == 201 }
        #expect(creates.count == 6, "the emulator answered 201 \(creates.count) times")
    }

    /// Applies the `canary-all` fixture, then saves a plan that replaces the SMTP credential
    /// because its password was rotated.
    static func workspaceWithSavedPlan() async throws -> Workspace {
        let workspace = try Workspace(fixture: "canary-all", secrets: canarySecrets("saved-plan-edit"))
        let applied = try await workspace.run(["apply", "--auto-approve"])
        #expect(applied.status == 0, "\(applied)")
        let planned = try await workspace.run(["plan", "--out", "saved.plan"], environment: rotated)
        #expect(planned.status == 0, "\(planned)")
        return workspace
    }

    /// Rewrites the `document.plan.changes` array of `saved.plan`, which contains one change: the SMTP replace.
    static func editChanges(_ workspace: Workspace, _ edit: (inout [[String: Any]]) -> Void) throws {
        let path = workspace.directory.appendingPathComponent("saved.plan")
        var saved = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any])
        var document = try #require(saved["document"] as? [String: Any])
        var plan = try #require(document["plan"] as? [String: Any])
        var changes = try #require(plan["changes"] as? [[String: Any]])
        try #require(changes.count == 1)
        try #require(changes[0]["address"] as? String == address)
        edit(&changes)
        plan["changes"] = changes
        document["plan"] = plan
        saved["document"] = document
        try JSONSerialization.data(withJSONObject: saved, options: [.sortedKeys]).write(to: path)
    }
}
