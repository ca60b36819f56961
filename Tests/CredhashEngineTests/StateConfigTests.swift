import Foundation
import Testing

@testable import CredhashEngine

/// The `state` block of the credentials file.
struct StateConfigTests {
    static func file(_ state: String) -> String {
        "version: 1\nstate:\n" + state + "credentials:\n  hooks:\n    type: webhook\n    host: h.example.com\n"
            + "    auth:\n      type: none\n"
    }

    static let cases: [DiagnosticCase] = [
        DiagnosticCase(
            id: "backend typo", yaml: file("  backend: ⟨⟩postgre\n"),
            summary: "invalid value 'postgre', expected one of 'file', 'postgres'", keyPath: "state.backend",
            detail: "Did you mean 'postgres'?"),
        DiagnosticCase(
            id: "backend missing", yaml: "version: 1\nstate:\n  ⟨⟩name: production\ncredentials: {}\n",
            summary: "missing required key 'backend'", keyPath: "state"),
        DiagnosticCase(
            id: "unknown key", yaml: file("  backend: postgres\n  ⟨⟩table: states\n"),
            summary: "unknown key 'table'", keyPath: "state.table"),
        DiagnosticCase(
            id: "schema with capitals", yaml: file("  backend: postgres\n  schema: ⟨⟩Credhash\n"),
            summary: "invalid schema name 'Credhash'", keyPath: "state.schema"),
        DiagnosticCase(
            id: "schema with quote", yaml: file("  backend: postgres\n  schema: ⟨⟩\"a\\\"b\"\n"),
            summary: "invalid schema name 'a\"b'", keyPath: "state.schema"),
        DiagnosticCase(
            id: "schema of the server", yaml: file("  backend: postgres\n  schema: ⟨⟩pg_catalog\n"),
            summary: "invalid schema name 'pg_catalog'", keyPath: "state.schema"),
        DiagnosticCase(
            id: "information schema", yaml: file("  backend: postgres\n  schema: ⟨⟩information_schema\n"),
            summary: "invalid schema name 'information_schema'", keyPath: "state.schema"),
        DiagnosticCase(
            id: "name with slash", yaml: file("  backend: postgres\n  name: ⟨⟩prod/eu\n"),
            summary: "invalid state name 'prod/eu'", keyPath: "state.name"),
        DiagnosticCase(
            id: "name with file backend", yaml: file("  backend: file\n  ⟨⟩name: production\n"),
            summary: "'state.name' applies only to backend 'postgres'", keyPath: "state.name"),
        DiagnosticCase(
            id: "state not a mapping", yaml: "version: 1\nstate: ⟨⟩postgres\ncredentials: {}\n",
            summary: "expected a mapping, found a scalar", keyPath: "state"),
    ]

    @Test(arguments: cases)
    func stateDiagnosticIsLocated(_ testCase: DiagnosticCase) throws {
        let marked = MarkedText(testCase.yaml)
        let result = ConfigTestSupport.load(marked.text)
        #expect(result.config == nil)
        let diagnostic = try #require(result.diagnostics.first, "no diagnostic")
        #expect(result.diagnostics.count == 1, "\(result.diagnostics.map(\.summary))")
        #expect(diagnostic.summary == testCase.summary)
        #expect(diagnostic.keyPath == testCase.keyPath)
        #expect(diagnostic.location?.line == marked.location?.line)
        #expect(diagnostic.location?.column == marked.location?.column)
        if let detail = testCase.detail { #expect(diagnostic.detail == detail) }
    }

    @Test func postgresDefaultsFilled() throws {
        let config = try #require(ConfigTestSupport.load(Self.file("  backend: postgres\n")).config)
        #expect(config.stateBackend == .postgres(schema: "credhash", name: "default"))
    }

    @Test func postgresSettingsRead() throws {
        let text = Self.file("  backend: postgres\n  schema: team_state\n  name: production.eu-1\n")
        let config = try #require(ConfigTestSupport.load(text).config)
        #expect(config.stateBackend == .postgres(schema: "team_state", name: "production.eu-1"))
    }

    @Test func absentBlockLeavesNil() throws {
        let config = try #require(ConfigTestSupport.load(ConfigTestSupport.valid).config)
        #expect(config.stateBackend == nil)
    }

    @Test func stateBlockReadAlone() throws {
        // A secret variable that is not set does not stop commands that only need the state block.
        let folder = try TemporaryFolder()
        let path = folder.file("credentials.yaml")
        let text = "version: 1\nstate:\n  backend: postgres\n  name: production\ncredentials:\n  receipts:\n"
            + "    type: mailgun\n    emailFrom: a@mg.example.com\n    domain: mg.example.com\n"
            + "    apiKey: ${env:UNSET_VARIABLE}\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)

        let (settings, diagnostics) = ConfigLoader(environment: [:]).loadStateSettings(path: path)
        #expect(settings == .postgres(schema: "credhash", name: "production"))
        #expect(diagnostics.isEmpty)
        #expect(ConfigLoader(environment: [:]).load(path: path).config == nil)
    }

    /// Only text that cannot have a top-level `state` key skips the parse.
    @Test(arguments: [
        ("version: 1\ncredentials:\n  state: x\n", false),
        ("# state: postgres\nversion: 1\n", false),
        ("version: 1\nstate:\n  backend: postgres\n", true),
        ("version: 1\nstate :\n", true),
        ("{version: 1, state: {backend: postgres}}\n", true),
        ("\"state\": {backend: postgres}\n", true),
        ("<<: *base\n", true),
        ("--- \nversion: 1\n", true),
        ("\u{FEFF}version: 1\n", true),
    ])
    func stateBlockScan(_ example: (text: String, mayHave: Bool)) {
        #expect(ConfigLoader.mayHaveStateBlock(Array(example.text.utf8)) == example.mayHave)
    }

    @Test func missingFileReadsNoSettings() {
        let (settings, diagnostics) = ConfigLoader(environment: [:]).loadStateSettings(path: "/nonexistent/credentials.yaml")
        #expect(settings == nil)
        #expect(diagnostics.isEmpty)
    }
}
