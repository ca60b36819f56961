import Foundation
import Testing

/// `credhash retire` after a replace whose policy is `retire: manual`.
@Suite(.timeLimit(.minutes(1))) struct RetireTests {
    @Test func manualRetireDeactivatesOldHash() throws {
        var secrets = canarySecrets("retire")
        let rotated = "canary-retire-rotated-5a0f"
        secrets["E2E_SMTP_PASSWORD_ROTATED"] = rotated
        let workspace = try Workspace(fixture: "retire-manual", secrets: secrets)
        let created = try workspace.run(["apply", "--auto-approve"])
        #expect(created.status == 0, "\(created)")
        let oldHash = try #require(try workspace.state().hashes["email.smtp-main"])

        // The rotated password replaces the credential; the old hash stays active and waits.
        let rotation = ["E2E_SMTP_PASSWORD": rotated]
        let replaced = try workspace.run(["apply", "--auto-approve"], environment: rotation)
        #expect(replaced.status == 0, "\(replaced)")
        let afterReplace = try workspace.state()
        let newHash = try #require(afterReplace.hashes["email.smtp-main"])
        #expect(newHash != oldHash)
        #expect(afterReplace.retirements.compactMap { $0["hash"] as? String } == [oldHash])
        #expect(try status(of: oldHash, in: workspace) == "active")
        #expect(try workspace.emulatorRequests().filter { $0.method == "PATCH" }.isEmpty)

        let retire = try workspace.run(["retire", "--auto-approve"], environment: rotation)
        #expect(retire.status == 0, "\(retire)")
        #expect(retire.output.contains("email.smtp-main: retired \(oldHash.prefix(8))…"), "\(retire)")
        #expect(try status(of: oldHash, in: workspace) == "deactivated")
        #expect(try status(of: newHash, in: workspace) == "active")
        let patches = try workspace.emulatorRequests().filter { $0.method == "PATCH" }
        #expect(patches.map(\.path) == ["/credential-hashes/emails/\(oldHash)"])
        let afterRetire = try workspace.state()
        #expect(afterRetire.retirements.isEmpty)
        #expect(afterRetire.hashes["email.smtp-main"] == newHash)

        let mapping = try workspace.run(["mapping"])
        #expect(mapping.status == 0, "\(mapping)")
        #expect(mapping.output.contains("email.smtp-main  \(oldHash) → \(newHash)  (because the secret changed)"), "\(mapping)")
        let again = try workspace.run(["retire", "--auto-approve"], environment: rotation)
        #expect(again.status == 0, "\(again)")
        #expect(try workspace.emulatorRequests().filter { $0.method == "PATCH" }.count == 1)
        try workspace.expectNoSecretWritten()
    }

    private func status(of hash: String, in workspace: Workspace) throws -> String? {
        try workspace.emulatorCredentials().first { $0.hash == hash }?.status
    }
}
