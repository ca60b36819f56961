import Foundation
import Testing

/// Apply without `--auto-approve` when standard input is a pipe, not a terminal.
@Suite(.timeLimit(.minutes(1))) struct ApplyPipeInputTests {
    @Test func pipedInputIsNoApproval() throws {
        let workspace = try Workspace(fixture: "apply-prompt", secrets: canarySecrets("prompt"))
        // A 'yes' on a pipe does not count: only a terminal can approve.
        let result = try workspace.start(["apply"], input: .pipe(contents: "yes\n")).finish()

        #expect(result.status == 1, "\(result)")
        #expect(result.error.contains("error: apply needs approval, but standard input is not a terminal"), "\(result)")
        #expect(result.error.contains("Pass --auto-approve after reviewing 'credhash plan'"))
        #expect(result.output.contains("+ email.smtp-main will be created"), "the plan was not printed")
        #expect(!result.output.contains("Enter a value"))
        #expect(try workspace.emulatorRequests().filter { $0.method == "POST" }.isEmpty)
        #expect(workspace.stateBytes() == nil)
        try workspace.expectNoSecretWritten()
    }
}
