import Foundation
import Testing

@testable import CredhashCLI
import CredhashEngine

/// Every YAML file under `examples/` must validate, so the examples cannot go stale.
struct ExamplesTests {
    static var exampleFiles: [String] {
        let root = CLITestSupport.repositoryRoot.appendingPathComponent("examples")
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            // Hidden folders hold build output, and ci/ holds CI workflows, not credentials files.
            let hidden = path.split(separator: "/").contains { $0.hasPrefix(".") }
            if path.hasSuffix(".yaml") && !path.hasPrefix("ci/") && !hidden {
                files.append(root.appendingPathComponent(path).path)
            }
        }
        return files.sorted()
    }

    @Test func examplesFolderHasFiles() {
        #expect(!Self.exampleFiles.isEmpty)
    }

    @Test(arguments: exampleFiles)
    func exampleValidates(_ path: String) async {
        let result = await CLITestSupport.run(["validate", "-c", path], environment: CLITestSupport.demoEnvironment)
        #expect(result.status == 0, "\(result.error)")
    }

    @Test func exampleHasOneCredentialOfEachKindAndAuthType() async throws {
        let path = CLITestSupport.repositoryRoot.appendingPathComponent("examples/credentials.yaml").path
        let result = await CLITestSupport.run(["validate", "--json", "-c", path], environment: CLITestSupport.demoEnvironment)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let credentials = try #require(object["credentials"] as? [[String: Any]])
        let kinds = Set(credentials.compactMap { $0["type"] as? String })
        #expect(kinds == ["email", "webhook", "mailgun", "aws-ses"])
        let authTypes = Set(credentials.compactMap { entry -> String? in
            guard let type = entry["type"] as? String, let fields = entry["fields"] as? [String: Any],
                let auth = fields["auth.type"] as? String else { return nil }
            return "\(type)/\(auth)"
        })
        #expect(authTypes == [
            "email/none", "email/plain", "email/login", "email/cram-md5",
            "webhook/none", "webhook/basic", "webhook/digest", "webhook/oauth1",
        ])
    }

    @Test func schemaFileMatchesSchemaCommand() async throws {
        let result = await CLITestSupport.run(["schema"])
        let path = CLITestSupport.repositoryRoot.appendingPathComponent("docs/credentials.schema.json").path
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(result.output == saved, "run 'credhash schema > docs/credentials.schema.json'")
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        #expect(object?["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
    }
}

/// The configuration reference must mention every field the validator accepts.
struct ConfigurationDocsTests {
    @Test func everyFieldIsDocumented() throws {
        let path = CLITestSupport.repositoryRoot.appendingPathComponent("docs/configuration.md").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let schema = try #require(
            try JSONSerialization.jsonObject(with: Data(ConfigJSONSchema.render().utf8)) as? [String: Any])
        let definitions = try #require(schema["$defs"] as? [String: Any])
        for kind in ["email", "webhook", "mailgun", "aws-ses"] {
            #expect(text.contains("## `type: \(kind)`"))
            let properties = (definitions[kind] as? [String: Any])?["properties"] as? [String: Any] ?? [:]
            for name in properties.keys where name != "auth" {
                #expect(text.contains("`\(name)`"), "docs/configuration.md does not mention '\(name)'")
            }
        }
    }
}
