import CredhashEngine
import Foundation
import Testing

@testable import CredhashCLI

/// Inputs that once made `plan` or `show` destroy a file, print a secret or misread the command line.
struct PlanHardeningTests {
    static func folderWithState() async throws -> (config: String, state: String) {
        let path = try CLITestSupport.temporaryFile(PlanCommandTests.config)
        let state = try PlanCommandTests.seedState(configPath: path, environment: PlanCommandTests.environment)
        return (path, state)
    }

    @Test func outNeverReplacesStateConfigOrDevices() async throws {
        let (config, state) = try await Self.folderWithState()
        let before = try Data(contentsOf: URL(fileURLWithPath: state))
        for target in [state, config, state + ".backup", "/dev/null", config + ".notes"] {
            if target.hasSuffix(".notes") { try "notes".write(toFile: target, atomically: true, encoding: .utf8) }
            let result = await CLITestSupport.run(
                ["plan", "-c", config, "--out", target], environment: PlanCommandTests.environment)
            #expect(result.status == 1, "\(target)")
            #expect(result.error.contains("not saving the plan to"), "\(result.error)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: state)) == before)
        #expect(try String(contentsOfFile: config + ".notes", encoding: .utf8) == "notes")
    }

    @Test func outReplacesAnEarlierSavedPlan() async throws {
        let (config, _) = try await Self.folderWithState()
        let planPath = ConfigLoader.directory(of: config) + "/plan.json"
        for _ in 0..<2 {
            let result = await CLITestSupport.run(["plan", "-c", config, "--out", planPath], environment: PlanCommandTests.environment)
            #expect(result.status == 0, "\(result.error)")
        }
    }

    @Test func danglingStateLinkIsAnError() async throws {
        let config = try CLITestSupport.temporaryFile(PlanCommandTests.config)
        let link = ConfigLoader.directory(of: config) + "/credhash.state.json"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/nonexistent/state.json")
        let result = await CLITestSupport.run(["plan", "-c", config], environment: PlanCommandTests.environment)
        #expect(result.status == 1)
        #expect(result.error.contains("symbolic link to a file that does not exist"))
    }

    @Test func secretPathInStateFieldsIsRejected() async throws {
        let (config, state) = try await Self.folderWithState()
        var text = try String(contentsOfFile: state, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"host\" : \"smtp.example.com\"", with: "\"auth.password\" : \"LEAK-canary\",\n        \"host\" : \"smtp.example.com\"")
        try text.write(toFile: state, atomically: true, encoding: .utf8)
        let result = await CLITestSupport.run(["plan", "-c", config], environment: PlanCommandTests.environment)
        #expect(result.status == 1)
        #expect(result.error.contains("'auth.password' is not a non-secret field of type 'email'"))
        #expect(!result.output.contains("LEAK-canary") && !result.error.contains("LEAK-canary"))
    }

    @Test func controlCharactersFromStateAreEscaped() async throws {
        let (config, state) = try await Self.folderWithState()
        var text = try String(contentsOfFile: state, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"host\" : \"smtp.example.com\"", with: "\"host\" : \"\\u001b]0;x\\u0007\"")
        try text.write(toFile: state, atomically: true, encoding: .utf8)
        for format in [[], ["--markdown"]] {
            let result = await CLITestSupport.run(["plan", "-c", config] + format, environment: PlanCommandTests.environment)
            #expect(result.status == 0)
            #expect(!result.output.contains("\u{1B}"))
            #expect(result.output.contains("\\u{1b}"))
        }
    }

    @Test func optionValueCannotBeAnotherOption() async throws {
        let (config, _) = try await Self.folderWithState()
        let result = await CLITestSupport.run(["plan", "-c", config, "--out", "--refresh=false"], environment: PlanCommandTests.environment)
        #expect(result.status == 64)
        #expect(result.error.hasPrefix("Error: missing value for option '--out'"))
    }

    @Test func repeatedOptionsAreJoinedOrRejected() throws {
        let parsed = try ArgumentParser.parse(["plan", "--allow-deactivate", "a.b", "--allow-deactivate", "c.d"])
        #expect(parsed.options["allow-deactivate"] == "a.b,c.d")
        #expect(throws: UsageError.repeatedOption("--out", command: "plan")) {
            try ArgumentParser.parse(["plan", "--out", "a", "--out", "b"])
        }
    }

    @Test func refreshWithoutKeyIsAnError() async throws {
        let (config, _) = try await Self.folderWithState()
        let result = await CLITestSupport.run(["plan", "-c", config, "--refresh=true"], environment: PlanCommandTests.environment)
        #expect(result.status == 1)
        #expect(result.error.contains("--refresh=true needs REBILLY_API_KEY"))
        let signed = await CLITestSupport.run(["plan", "-c", config, "--max-deactivate", "+5"], environment: PlanCommandTests.environment)
        #expect(signed.status == 64)
    }

    @Test func savedPlanIsReadStrictly() async throws {
        let (config, _) = try await Self.folderWithState()
        let planPath = ConfigLoader.directory(of: config) + "/plan.json"
        _ = await CLITestSupport.run(["plan", "-c", config, "--out", planPath], environment: PlanCommandTests.environment)
        let original = try String(contentsOfFile: planPath, encoding: .utf8)
        let extra = original.replacingOccurrences(of: "\"formatVersion\" : 1,\n  \"secretFingerprints\"", with: "\"formatVersion\" : 1,\n  \"extra\" : 1,\n  \"secretFingerprints\"")
        try extra.write(toFile: planPath, atomically: true, encoding: .utf8)
        let unknown = await CLITestSupport.run(["show", planPath])
        #expect(unknown.status == 1)
        #expect(unknown.error.contains("unknown field 'extra'"), "\(unknown.error)")
        let badSalt = original.replacingOccurrences(of: "\"fingerprintSalt\" : \"", with: "\"fingerprintSalt\" : \"zz")
        try badSalt.write(toFile: planPath, atomically: true, encoding: .utf8)
        let salt = await CLITestSupport.run(["show", planPath])
        #expect(salt.status == 1)
        #expect(salt.error.contains("fingerprintSalt"))
    }
}

struct RetireAddressTests {
    @Test func unknownAddressIsAnError() async throws {
        let (config, _) = try await PlanHardeningTests.folderWithState()
        var environment = PlanCommandTests.environment
        environment["REBILLY_API_KEY"] = "unused-key"
        environment["REBILLY_API_URL"] = "http://127.0.0.1:9"
        let result = await CLITestSupport.run(["retire", "email.smtp-mian", "-c", config, "--auto-approve"], environment: environment)
        #expect(result.status == 1)
        #expect(result.error.contains("'email.smtp-mian' is not in state file"), "\(result.error)")
        #expect(result.error.contains("Did you mean 'email.smtp-main'?"))
    }
}

struct StepSummaryGuardTests {
    @Test func summaryNamingTheStateIsSkipped() async throws {
        let (config, state) = try await PlanHardeningTests.folderWithState()
        let link = ConfigLoader.directory(of: config) + "/summary-link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: state)
        let before = try Data(contentsOf: URL(fileURLWithPath: state))
        for target in [state, link, config] {
            var environment = PlanCommandTests.environment
            environment["GITHUB_STEP_SUMMARY"] = target
            let result = await CLITestSupport.run(["plan", "-c", config], environment: environment)
            #expect(result.status == 0)
            #expect(result.error.contains("not appending to the job summary"), "\(result.error)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: state)) == before)
        let check = await CLITestSupport.run(["plan", "-c", config], environment: PlanCommandTests.environment)
        #expect(check.status == 0)
    }
}
