import Foundation
import Testing

@testable import CredhashCLI

struct InitCommandTests {
    /// A new empty folder; the caller removes it.
    private func makeFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credhash-init-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.path
    }

    private func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    private var starterSecrets: [String: String] {
        Dictionary(uniqueKeysWithValues: InitStarter.secretVariables.map { ($0, "starter-\($0.lowercased())-value") })
    }

    @Test func initWritesStarterThatValidates() async throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = folder + "/credentials.yaml"

        let result = await CLITestSupport.run(["init", "-c", config])
        #expect(result.status == 0)
        #expect(result.error.isEmpty)
        #expect(result.output.contains("Wrote \(config)"))
        #expect(result.output.contains("credhash validate -c \(config)"))
        #expect(result.output.contains("credhash plan -c \(config)"))
        for variable in InitStarter.secretVariables {
            #expect(result.output.contains(variable))
        }

        let text = try read(config)
        #expect(text == InitStarter.text)
        #expect(text.hasPrefix("# yaml-language-server: $schema=./credentials.schema.json\n"))
        #expect(text.contains("credhash schema > credentials.schema.json"))

        let validation = await CLITestSupport.run(["validate", "-c", config, "--json"], environment: starterSecrets)
        #expect(validation.status == 0, "validate: \(validation.output)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(validation.output.utf8)) as? [String: Any])
        let credentials = try #require(json["credentials"] as? [[String: Any]])
        let types = Set(credentials.compactMap { $0["type"] as? String })
        #expect(types == ["email", "webhook", "mailgun", "aws-ses"])
    }

    @Test func starterReferencesEverySecret() async throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = folder + "/credentials.yaml"
        _ = await CLITestSupport.run(["init", "-c", config])

        // Without the variables, each secret is reported as a missing environment variable.
        let validation = await CLITestSupport.run(["validate", "-c", config])
        #expect(validation.status == 1)
        for variable in InitStarter.secretVariables {
            #expect(validation.error.contains(variable))
        }
    }

    @Test func initRefusesExistingFile() async throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = folder + "/credentials.yaml"
        try "version: 1\n".write(toFile: config, atomically: false, encoding: .utf8)

        let result = await CLITestSupport.run(["init", "-c", config])
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        #expect(result.error.contains("'\(config)' already exists; init never overwrites a file"))
        #expect(try read(config) == "version: 1\n")
        #expect(!FileManager.default.fileExists(atPath: folder + "/.gitignore"))
    }

    @Test func initRefusesDanglingSymbolicLink() async throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = folder + "/credentials.yaml"
        try FileManager.default.createSymbolicLink(atPath: config, withDestinationPath: folder + "/missing.yaml")

        let result = await CLITestSupport.run(["init", "-c", config])
        #expect(result.status == 1)
        #expect(result.error.contains("already exists"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/missing.yaml"))
    }

    @Test func initCreatesMissingGitignore() async throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let result = await CLITestSupport.run(["init", "-c", folder + "/credentials.yaml"])
        #expect(result.status == 0)
        let gitignore = try read(folder + "/.gitignore")
        #expect(gitignore == "# credhash state lock and backup\ncredhash.state.json.lock\ncredhash.state.json.backup\n")
        #expect(result.output.contains("Created \(folder)/.gitignore"))
    }

    @Test func initAppendsToGitignoreOnce() async throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let gitignorePath = folder + "/.gitignore"
        // No final line break, and one of the two entries already present.
        try "/.build/\ncredhash.state.json.backup\n*.log".write(toFile: gitignorePath, atomically: false, encoding: .utf8)

        let first = await CLITestSupport.run(["init", "-c", folder + "/credentials.yaml"])
        #expect(first.status == 0)
        let expected = "/.build/\ncredhash.state.json.backup\n*.log\n# credhash state lock and backup\ncredhash.state.json.lock\n"
        #expect(try read(gitignorePath) == expected)

        // A second init for another file in the same folder finds both entries and adds nothing.
        let second = await CLITestSupport.run(["init", "-c", folder + "/other.yaml"])
        #expect(second.status == 0)
        #expect(second.output.contains("Left \(gitignorePath) unchanged"))
        #expect(try read(gitignorePath) == expected)
    }

    @Test func initIgnoresCustomStatePath() async throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let result = await CLITestSupport.run(
            ["init", "-c", folder + "/credentials.yaml"], environment: ["CREDHASH_STATE": folder + "/state/prod.json"])
        #expect(result.status == 0)
        let gitignore = try read(folder + "/.gitignore")
        #expect(gitignore.contains("\nstate/prod.json.lock\n"))
        #expect(gitignore.contains("\nstate/prod.json.backup\n"))
        #expect(!gitignore.contains("credhash.state.json"))
    }

    @Test func initLeavesGitignoreForOutsideState() async throws {
        let folder = try makeFolder()
        let outside = try makeFolder()
        defer {
            try? FileManager.default.removeItem(atPath: folder)
            try? FileManager.default.removeItem(atPath: outside)
        }

        let result = await CLITestSupport.run(
            ["init", "-c", folder + "/credentials.yaml", "--state", outside + "/credhash.state.json"])
        #expect(result.status == 0)
        #expect(result.output.contains("Left .gitignore unchanged"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/.gitignore"))
        #expect(result.output.contains("--state \(outside)/credhash.state.json"))
    }

    @Test func gitignorePatternsEscapeSpecialCharacters() {
        #expect(GitignoreUpdate.escapePattern("state[1]*.json") == "state\\[1]\\*.json")
        #expect(GitignoreUpdate.escapePattern("#state.json") == "\\#state.json")
        #expect(GitignoreUpdate.escapePattern("!state.json") == "\\!state.json")
    }

    @Test func relativePathInsideFolder() {
        #expect(GitignoreUpdate.relativePath(of: "/a/b/c.json", inside: "/a") == "b/c.json")
        #expect(GitignoreUpdate.relativePath(of: "/a/../a/c.json", inside: "/a/") == "c.json")
        #expect(GitignoreUpdate.relativePath(of: "/ab/c.json", inside: "/a") == nil)
        #expect(GitignoreUpdate.relativePath(of: "/a", inside: "/a") == nil)
    }
}
