import CredhashEngine
import CredhashTestSupport
import Foundation
import Testing

@testable import CredhashCLI

/// `credhash plan` from the command line, offline and against the emulator.
struct PlanCommandTests {
    static let config = """
        version: 1
        credentials:
          smtp-main:
            type: email
            host: smtp.example.com
            port: 465
            auth: {type: login, username: mailer, password: "${env:SMTP_PASSWORD}"}
          receipts:
            type: mailgun
            emailFrom: receipts@example.com
            apiKey: "${env:MAILGUN_KEY}"
            domain: mg.example.com
        """
    static let environment = ["SMTP_PASSWORD": "canary-smtp-41d2", "MAILGUN_KEY": "canary-mailgun-93b7"]

    /// Writes a state that records every credential of the file as created with made-up hashes.
    static func seedState(configPath: String, environment: [String: String]) throws -> String {
        let config = try #require(ConfigLoader(environment: environment).load(path: configPath).config)
        let statePath = ConfigLoader.directory(of: configPath) + "/credhash.state.json"
        var store = try StateStore.load(path: statePath, passphrase: nil)
        var state = store.state
        for (index, credential) in config.credentials.enumerated() {
            state.credentials[credential.address] = StateCredential(
                type: credential.kind, name: credential.name, hash: "hash-\(index)", status: .active,
                fields: credential.fieldDictionary, secretFingerprints: store.fingerprintKey.fingerprints(of: credential),
                createdTime: "2026-01-01T00:00:00Z", updatedTime: "2026-01-01T00:00:00Z")
        }
        try store.commit(state)
        return statePath
    }

    @Test func noStatePlansOneCreatePerCredential() async throws {
        let path = try CLITestSupport.temporaryFile(Self.config)
        let result = await CLITestSupport.run(["plan", "-c", path, "--detailed-exitcode"], environment: Self.environment)
        #expect(result.status == 2)
        #expect(result.output.contains("  + email.smtp-main will be created"))
        #expect(result.output.contains("  + mailgun.receipts will be created"))
        #expect(result.output.contains("Plan: 2 to create, 0 to replace, 0 to deactivate, 0 to rename, 0 to retire, 0 unchanged."))
        #expect(result.output.contains("Offline plan: REBILLY_API_KEY is not set."))
        #expect(!FileManager.default.fileExists(atPath: ConfigLoader.directory(of: path) + "/credhash.state.json"))
    }

    @Test func matchingStateHasNoChanges() async throws {
        let path = try CLITestSupport.temporaryFile(Self.config)
        _ = try Self.seedState(configPath: path, environment: Self.environment)
        let result = await CLITestSupport.run(["plan", "-c", path, "--detailed-exitcode"], environment: Self.environment)
        #expect(result.status == 0)
        #expect(result.output.contains("No changes. The state matches the configuration; Rebilly was not queried."))
    }

    @Test func rotatedSecretIsAReplaceNamingTheField() async throws {
        let path = try CLITestSupport.temporaryFile(Self.config)
        _ = try Self.seedState(configPath: path, environment: Self.environment)
        var rotated = Self.environment
        rotated["SMTP_PASSWORD"] = "canary-rotated-77c0"
        for format in [[], ["--json"], ["--markdown"]] {
            let result = await CLITestSupport.run(["plan", "-c", path, "--detailed-exitcode"] + format, environment: rotated)
            #expect(result.status == 2)
            #expect(result.output.contains("auth.password"))
            #expect(result.output.contains("replace"))
            for canary in ["canary-rotated-77c0", "canary-smtp-41d2", "canary-mailgun-93b7"] {
                #expect(!result.output.contains(canary) && !result.error.contains(canary))
            }
        }
        let text = await CLITestSupport.run(["plan", "-c", path], environment: rotated)
        #expect(text.output.contains("  -/+ email.smtp-main will be replaced\n      hash: hash-0\n      ~ auth.password: (sensitive) changed\n"))
        #expect(text.output.contains("(because the secret changed)"))
    }

    @Test func savedPlanIsPrivateAndShowable() async throws {
        let path = try CLITestSupport.temporaryFile(Self.config)
        let planPath = ConfigLoader.directory(of: path) + "/plan.json"
        let planned = await CLITestSupport.run(["plan", "-c", path, "--out", planPath], environment: Self.environment)
        #expect(planned.status == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: planPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let saved = try String(contentsOfFile: planPath, encoding: .utf8)
        #expect(!saved.contains("canary"))

        let shown = await CLITestSupport.run(["show", planPath])
        #expect(shown.status == 0)
        #expect(shown.output == planned.output)
        let json = await CLITestSupport.run(["show", planPath, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect(object?["formatVersion"] as? Int == 1)
    }

    @Test func brokenSavedPlanIsAnError() async throws {
        let path = try CLITestSupport.temporaryFile("{\"formatVersion\": 9}", name: "plan.json")
        let result = await CLITestSupport.run(["show", path])
        #expect(result.status == 1)
        #expect(result.error.contains("has format version 9, but this credhash reads version 1"))
        let missing = await CLITestSupport.run(["show"])
        #expect(missing.status == 64)
    }

    @Test func thresholdRefusalExitsSix() async throws {
        let many = "version: 1\ncredentials:\n" + (0..<10).map { "  c\($0): {type: email, host: h\($0).example.com}\n" }.joined()
        let path = try CLITestSupport.temporaryFile(many)
        _ = try Self.seedState(configPath: path, environment: [:])
        try "version: 1\ncredentials:\n  c0: {type: email, host: h0.example.com}\n".write(toFile: path, atomically: true, encoding: .utf8)
        let refused = await CLITestSupport.run(["plan", "-c", path])
        #expect(refused.status == 6)
        #expect(refused.error.contains("error: plan deactivates or retires 9 of 10 managed credentials (90.00 %), more than the allowed 30 %"))
        #expect(refused.error.contains("--max-deactivate 9"))
        let allowed = await CLITestSupport.run(["plan", "-c", path, "--max-deactivate", "9"])
        #expect(allowed.status == 0)
        let badFlag = await CLITestSupport.run(["plan", "-c", path, "--max-deactivate", "x"])
        #expect(badFlag.status == 64)
    }

    @Test func unkeyedStateWarnsOnce() async throws {
        let path = try CLITestSupport.temporaryFile(Self.config)
        let result = await CLITestSupport.run(["plan", "-c", path], environment: Self.environment)
        let warnings = result.error.components(separatedBy: "salted but not keyed").count - 1
        #expect(warnings == 1)
        var keyed = Self.environment
        keyed["CREDHASH_STATE_KEY"] = "a passphrase"
        let quiet = await CLITestSupport.run(["plan", "-c", path], environment: keyed)
        #expect(!quiet.error.contains("salted but not keyed"))
    }

    @Test func jsonAndMarkdownTogetherIsUsageError() async throws {
        let path = try CLITestSupport.temporaryFile(Self.config)
        let result = await CLITestSupport.run(["plan", "-c", path, "--json", "--markdown"], environment: Self.environment)
        #expect(result.status == 64)
        #expect(result.error.hasPrefix("Error: options '--json' and '--markdown' cannot be used together"))
    }
}

/// `credhash plan` refreshing recorded hashes from the emulator.
@Suite(.timeLimit(.minutes(1)))
struct PlanRefreshTests {
    @Test func refreshFindsMissingHashesAndMatchingOnes() async throws {
        let emulator = try EmulatorProcess()
        defer { emulator.stop() }
        let path = try CLITestSupport.temporaryFile(PlanCommandTests.config)
        var environment = PlanCommandTests.environment.merging(emulator.environment) { $1 }

        // Create the mailgun credential for real, so one recorded hash exists and one does not.
        let config = try #require(ConfigLoader(environment: environment).load(path: path).config)
        let statePath = try PlanCommandTests.seedState(configPath: path, environment: environment)
        var store = try StateStore.load(path: statePath, passphrase: nil)
        let gateway = RebillyGateway(client: .init(configuration: try .init(environment: environment)))
        let mailgun = try #require(config.credentials.first { $0.kind == .mailgun })
        let created = try await gateway.create(mailgun)
        var state = store.state
        state.credentials[mailgun.address]?.hash = created.credential.hash
        try store.commit(state)

        let result = await CLITestSupport.run(["plan", "-c", path, "--detailed-exitcode"], environment: environment)
        #expect(result.status == 2)
        #expect(result.output.contains("Refreshed every recorded hash from Rebilly."))
        #expect(result.output.contains("-/+ email.smtp-main will be replaced"))
        #expect(result.output.contains("(because Rebilly no longer has the hash)"))
        #expect(!result.output.contains("mailgun.receipts will be"))
        #expect(result.output.contains("1 unchanged"))
        let requests = try emulator.requests()
        #expect(requests.filter { ($0["method"] as? String) == "GET" }.count == 2)

        environment["REBILLY_API_KEY"] = "wrong-key"
        let unauthorized = await CLITestSupport.run(["plan", "-c", path], environment: environment)
        #expect(unauthorized.status == 1)
        #expect(unauthorized.error.contains("401"))
        #expect(!unauthorized.error.contains("wrong-key"))
    }
}
