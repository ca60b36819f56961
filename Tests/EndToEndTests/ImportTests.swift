import Foundation
import Testing

/// `credhash import` of hashes created in Rebilly by another client.
@Suite(.timeLimit(.minutes(1))) struct ImportTests {
    @Test func importAdoptsMatchingAndRejectsMismatch() throws {
        var secrets = canarySecrets("import")
        let otherPassword = "canary-import-other-password-e61b"
        secrets["E2E_OTHER_PASSWORD"] = otherPassword
        let workspace = try Workspace(fixture: "import-adopt", secrets: secrets)
        let smtpPassword = try #require(secrets["E2E_SMTP_PASSWORD"])
        let hookPassword = try #require(secrets["E2E_HOOK_PASSWORD"])
        let smtpFields: [String: Any] = [
            "host": "billing-mail.example.com",
            "auth": ["type": "login", "username": "mailer", "password": smtpPassword],
        ]
        let hookFields: [String: Any] = [
            "host": "orders.example.com", "auth": ["type": "basic", "username": "rebilly", "password": hookPassword],
        ]

        // Made with another password: rejected before any state exists, so none is written.
        var wrongSecret = smtpFields
        wrongSecret["auth"] = ["type": "login", "username": "mailer", "password": otherPassword]
        let wrongSecretHash = try workspace.emulator.createCredential(kind: "emails", fields: wrongSecret)
        let secretMismatch = try workspace.run(["import", "email.smtp-billing", wrongSecretHash])
        #expect(secretMismatch.status == 1, "\(secretMismatch)")
        #expect(secretMismatch.error.contains(
            "hash '\(wrongSecretHash)' was made with another secret than 'email.smtp-billing' uses now"), "\(secretMismatch)")
        #expect(workspace.stateBytes() == nil)

        let smtpHash = try workspace.emulator.createCredential(kind: "emails", fields: smtpFields)
        let imported = try workspace.run(["import", "email.smtp-billing", smtpHash])
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.error.contains("imported '\(smtpHash)' as 'email.smtp-billing'"))
        #expect(try workspace.state().hashes == ["email.smtp-billing": smtpHash])
        let stateAfterImport = try #require(workspace.stateBytes())

        // An email hash offered for a webhook address is looked up as a webhook and not found.
        let typeMismatch = try workspace.run(["import", "webhook.hooks-orders", smtpHash])
        #expect(typeMismatch.status == 1, "\(typeMismatch)")
        #expect(typeMismatch.error.contains(smtpHash), "\(typeMismatch)")
        #expect(typeMismatch.error.contains("404"), "\(typeMismatch)")
        #expect(workspace.stateBytes() == stateAfterImport, "a rejected import changed the state")

        var otherHost = hookFields
        otherHost["host"] = "shipping.example.com"
        let otherHostHash = try workspace.emulator.createCredential(kind: "webhooks", fields: otherHost)
        let fieldMismatch = try workspace.run(["import", "webhook.hooks-orders", otherHostHash])
        #expect(fieldMismatch.status == 1, "\(fieldMismatch)")
        #expect(fieldMismatch.error.contains(
            "hash '\(otherHostHash)' differs from 'webhook.hooks-orders' in the configuration: 'host'"), "\(fieldMismatch)")
        #expect(workspace.stateBytes() == stateAfterImport, "a rejected import changed the state")

        let hookHash = try workspace.emulator.createCredential(kind: "webhooks", fields: hookFields)
        let hookImport = try workspace.run(["import", "webhook.hooks-orders", hookHash])
        #expect(hookImport.status == 0, "\(hookImport)")
        #expect(try workspace.state().hashes == ["email.smtp-billing": smtpHash, "webhook.hooks-orders": hookHash])

        let again = try workspace.run(["import", "email.smtp-billing", smtpHash])
        #expect(again.status == 1)
        #expect(again.error.contains("'email.smtp-billing' already has hash '\(smtpHash)' in the state"), "\(again)")

        let plan = try workspace.run(["plan", "--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan)")
        #expect(plan.output.contains("No changes."), "\(plan)")
        let writes = try workspace.emulatorRequests().filter { $0.method != "GET" }
        #expect(writes.count == 4, "credhash sent a create or change: only the test's four creates belong here")
        try workspace.expectNoSecretWritten()
    }
}
