import Foundation
import Testing

/// `credhash state list | show | mv | rm` on the state of a finished apply.
@Suite(.timeLimit(.minutes(1))) struct StateCommandTests {
    @Test func listShowMoveAndRemove() throws {
        let workspace = try Workspace(fixture: "state-edit", secrets: canarySecrets("state"))
        let apply = try workspace.run(["apply", "--auto-approve"])
        #expect(apply.status == 0, "\(apply)")
        let hashes = try workspace.state().hashes

        let list = try workspace.run(["state", "list"])
        #expect(list.status == 0, "\(list)")
        #expect(list.output == "email.smtp-main\nmailgun.receipts\nwebhook.hooks-old\n")

        let show = try workspace.run(["state", "show", "email.smtp-main"])
        #expect(show.status == 0, "\(show)")
        let smtpHash = try #require(hashes["email.smtp-main"])
        #expect(show.output.contains("address: email.smtp-main\ntype: email\nhash: \(smtpHash)\nstatus: active\n"))
        #expect(show.output.contains("host: smtp.example.com\n"))
        #expect(show.output.contains("auth.password: (secret, fingerprint recorded)\n"))
        let missing = try workspace.run(["state", "show", "email.smtp-mian"])
        #expect(missing.status == 1)
        #expect(missing.error.contains("'email.smtp-mian' is not in state file"), "\(missing)")
        #expect(missing.error.contains("did you mean 'email.smtp-main'?"), "\(missing)")

        // mv keeps the hash under the new address; with the file renamed too, nothing is left to do.
        let wrongKind = try workspace.run(["state", "mv", "webhook.hooks-old", "email.hooks-new"])
        #expect(wrongKind.status == 1)
        #expect(wrongKind.error.contains("The target must be a free address 'webhook.NAME'"), "\(wrongKind)")
        let badName = try workspace.run(["state", "mv", "webhook.hooks-old", "webhook.Bad Name"])
        #expect(badName.status == 1)
        #expect(badName.error.contains("cannot move 'webhook.hooks-old' to 'webhook.Bad Name'"), "\(badName)")
        let move = try workspace.run(["state", "mv", "webhook.hooks-old", "webhook.hooks-new"])
        #expect(move.status == 0, "\(move)")
        let moved = try workspace.state()
        #expect(moved.hashes["webhook.hooks-new"] == hashes["webhook.hooks-old"])
        #expect(moved.hashes["webhook.hooks-old"] == nil)
        #expect(moved.credentials["webhook.hooks-new"]?["name"] as? String == "hooks-new")
        try workspace.useConfig("renamed.yaml")
        let plan = try workspace.run(["plan", "--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan)")

        // rm forgets the entry and leaves the hash active in Rebilly.
        let writesBefore = try workspace.emulatorRequests().filter { $0.method != "GET" }.count
        let remove = try workspace.run(["state", "rm", "mailgun.receipts"])
        #expect(remove.status == 0, "\(remove)")
        #expect(remove.error.contains("state rm: done, state serial "), "\(remove)")
        let removed = try workspace.state()
        #expect(removed.hashes["mailgun.receipts"] == nil)
        #expect(removed.credentials.count == 2)
        let requests = try workspace.emulatorRequests()
        #expect(!requests.contains { $0.method == "PATCH" }, "state rm sent a PATCH")
        #expect(requests.filter { $0.method != "GET" }.count == writesBefore)
        let receiptsHash = try #require(hashes["mailgun.receipts"])
        #expect(try workspace.emulatorCredentials().first { $0.hash == receiptsHash }?.status == "active")
        let removeAgain = try workspace.run(["state", "rm", "mailgun.receipts"])
        #expect(removeAgain.status == 1)

        let listAfter = try workspace.run(["state", "list", "--json"])
        let listed = try JSONSerialization.jsonObject(with: Data(listAfter.output.utf8)) as? [String]
        #expect(listed == ["email.smtp-main", "webhook.hooks-new"], "\(listAfter)")
        try workspace.expectNoSecretWritten()
    }
}
