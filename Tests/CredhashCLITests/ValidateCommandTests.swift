import Foundation
import Testing

@testable import CredhashCLI

struct ValidateCommandTests {
    static let valid = """
        version: 1
        credentials:
          smtp-main:
            type: email
            host: smtp.example.com
            auth: {type: login, username: mailer, password: "${env:SMTP_PASSWORD}"}
        """
    static let environment = ["SMTP_PASSWORD": "canary-smtp-5b1e"]

    @Test func validFileListsCredentials() async throws {
        let path = try CLITestSupport.temporaryFile(Self.valid)
        let result = await CLITestSupport.run(["validate", "-c", path], environment: Self.environment)
        #expect(result.status == 0)
        #expect(result.output.contains("email.smtp-main\n    host: smtp.example.com\n    port: 25 (default)\n"))
        #expect(result.output.contains("    auth.password: (sensitive) from env SMTP_PASSWORD\n"))
        #expect(result.output.hasSuffix("\(path): valid, 1 credential\n"))
        #expect(!result.output.contains("canary") && !result.error.contains("canary"))
    }

    @Test func invalidFileReportsLocatedErrors() async throws {
        let path = try CLITestSupport.temporaryFile("version: 1\ncredentials:\n  a: {type: email, host: h.example.com, port: 0465}\n")
        let result = await CLITestSupport.run(["validate", "--config", path])
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        #expect(result.error.hasPrefix("\(path):3:47: error: credentials.a.port: port '0465' has a leading zero"))
        #expect(result.error.hasSuffix("\(path): 1 error\n"))
    }

    @Test func jsonOutputCarriesLocations() async throws {
        let path = try CLITestSupport.temporaryFile("version: 1\ncredentials:\n  a: {type: email, host: h.example.com, encryption: on}\n")
        let result = await CLITestSupport.run(["validate", "--json", "-c", path])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["valid"] as? Bool == false)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        let location = try #require(diagnostics.first?["location"] as? [String: Any])
        #expect(location["line"] as? Int == 3)
        #expect(location["column"] as? Int == 53)
        #expect(diagnostics.first?["keyPath"] as? String == "credentials.a.encryption")
    }

    @Test func jsonOutputOfValidFileHasNoSecret() async throws {
        let path = try CLITestSupport.temporaryFile(Self.valid)
        let result = await CLITestSupport.run(["validate", "--json", "-c", path], environment: Self.environment)
        #expect(result.status == 0)
        #expect(!result.output.contains("canary"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let credentials = try #require(object["credentials"] as? [[String: Any]])
        let fields = try #require(credentials.first?["fields"] as? [String: Any])
        #expect(fields["port"] as? Int == 25)
    }

    @Test func quietPrintsNothingOnSuccess() async throws {
        let path = try CLITestSupport.temporaryFile(Self.valid)
        let result = await CLITestSupport.run(["validate", "--quiet", "-c", path], environment: Self.environment)
        #expect(result.status == 0)
        #expect(result.output.isEmpty && result.error.isEmpty)
    }

    @Test func configPathComesFromEnvironment() async throws {
        let path = try CLITestSupport.temporaryFile(Self.valid)
        var environment = Self.environment
        environment["CREDHASH_CONFIG"] = path
        let result = await CLITestSupport.run(["validate"], environment: environment)
        #expect(result.status == 0)
        #expect(result.output.contains("\(path): valid"))
    }

    @Test func colourOnlyOnTerminalWithoutNoColor() async throws {
        let path = try CLITestSupport.temporaryFile("version: 2\ncredentials: {}\n")
        let terminal = await CLITestSupport.run(["validate", "-c", path], terminal: true)
        #expect(terminal.error.contains("\u{1B}[1;31merror"))
        let noColor = await CLITestSupport.run(["validate", "-c", path], environment: ["NO_COLOR": "1"], terminal: true)
        #expect(!noColor.error.contains("\u{1B}["))
        let emptyNoColor = await CLITestSupport.run(["validate", "-c", path], environment: ["NO_COLOR": ""], terminal: true)
        #expect(emptyNoColor.error.contains("\u{1B}["))
        let dumb = await CLITestSupport.run(["validate", "-c", path], environment: ["TERM": "dumb"], terminal: true)
        #expect(!dumb.error.contains("\u{1B}["))
        let flag = await CLITestSupport.run(["validate", "--no-color", "-c", path], terminal: true)
        #expect(!flag.error.contains("\u{1B}["))
        let inCI = await CLITestSupport.run(["validate", "-c", path], environment: ["CI": "true"], terminal: true)
        #expect(!inCI.error.contains("\u{1B}["))
        let piped = await CLITestSupport.run(["validate", "-c", path])
        #expect(!piped.error.contains("\u{1B}["))
    }

    @Test func debugLogsToStandardError() async throws {
        let path = try CLITestSupport.temporaryFile(Self.valid)
        let result = await CLITestSupport.run(["validate", "--debug", "-c", path], environment: Self.environment)
        #expect(result.error.contains("[debug] config.load: \(path): 1 credential, 0 diagnostics"))
        #expect(!result.error.contains("canary"))
    }

    @Test func missingFileIsError() async {
        let result = await CLITestSupport.run(["validate", "-c", "/nonexistent/credhash.yaml"])
        #expect(result.status == 1)
        #expect(result.error.hasPrefix("/nonexistent/credhash.yaml: error: configuration file not found"))
    }
}
