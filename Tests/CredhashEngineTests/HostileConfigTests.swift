import Foundation
import Testing

@testable import CredhashEngine

/// Inputs that once slipped past or misled the validator: each must be rejected at its place,
/// without quoting any secret. Secrets that start with a YAML indicator, invalid UTF-8 and the
/// other hostile files are in the end-to-end `HostileInputTests` table.
struct HostileConfigTests {
    static let secretCanary = "CANARY-7f3a"

    static func mailgun(_ apiKey: String, literal: Bool = false) -> String {
        "version: 1\n" + (literal ? "allowLiteralSecrets: true\n" : "")
            + "credentials:\n  m:\n    type: mailgun\n    emailFrom: a@example.com\n    apiKey: \(apiKey)\n    domain: mg.example.com\n"
    }

    static let cases: [DiagnosticCase] = [
        DiagnosticCase(
            id: "secret mixing literal and reference", yaml: mailgun("⟨⟩pre${env:MAILGUN_API_KEY}"),
            summary: "secret mixes literal text with a reference", keyPath: "credentials.m.apiKey"),
        DiagnosticCase(
            id: "tag on a mapping", yaml: "version: 1\ncredentials: ⟨⟩!!set {}\n",
            summary: "YAML tags are not supported", keyPath: "credentials"),
        DiagnosticCase(
            id: "tag on a key", yaml: "version: 1\ncredentials: {}\n⟨⟩!!str x-note: 1\n",
            summary: "YAML tags are not supported", keyPath: "x-note"),
        DiagnosticCase(
            id: "date in a text field",
            yaml: "version: 1\ncredentials:\n  s:\n    type: aws-ses\n    key: AKIA\n    secret: ${env:AWS_SECRET}\n    region: ⟨⟩2001-01-01\n",
            summary: "'2001-01-01' is read as a date by YAML 1.1", keyPath: "credentials.s.region"),
        DiagnosticCase(
            id: "base-60 float in a text field",
            yaml: "version: 1\ncredentials:\n  s:\n    type: aws-ses\n    key: ⟨⟩190:20:30.15\n    secret: ${env:AWS_SECRET}\n    region: r\n",
            summary: "'190:20:30.15' is read as a floating-point number by YAML 1.1", keyPath: "credentials.s.key"),
        DiagnosticCase(
            id: "name read as a boolean", yaml: "version: 1\ncredentials:\n  ⟨⟩yes:\n    type: email\n    host: h.example.com\n",
            summary: "credential name 'yes' is read as a boolean by YAML 1.1", keyPath: "credentials.yes"),
        DiagnosticCase(
            id: "name read as a number", yaml: "version: 1\ncredentials:\n  ⟨⟩0777:\n    type: email\n    host: h.example.com\n",
            summary: "credential name '0777' is read as a number by YAML 1.1", keyPath: "credentials.0777"),
        DiagnosticCase(
            id: "key with control characters",
            yaml: "version: 1\ncredentials: {}\n⟨⟩\"\\e]0;x\\a\": 1\n",
            summary: "unknown key '\\u{1b}]0;x\\u{7}'", keyPath: "\u{1B}]0;x\u{07}"),
        DiagnosticCase(
            id: "unknown key without a type",
            yaml: "version: 1\ncredentials:\n  b:\n    Type: email\n    ⟨⟩hots: h.example.com\n",
            summary: "unknown key 'hots'", keyPath: "credentials.b.hots"),
        DiagnosticCase(
            id: "port from a reference", yaml: "version: 1\ncredentials:\n  a:\n    type: email\n    host: h.example.com\n    port: ⟨⟩${env:PORT}\n",
            summary: "invalid port '${env:PORT}', expected a decimal number from 1 to 65535", keyPath: "credentials.a.port",
            detail: "A port cannot come from a reference; write the number."),
        DiagnosticCase(
            id: "host in brackets", yaml: "version: 1\ncredentials:\n  a:\n    type: email\n    host: ⟨⟩\"[::1]\"\n",
            summary: "host '[::1]' must not be in brackets", keyPath: "credentials.a.host"),
        DiagnosticCase(
            id: "host with an empty label", yaml: "version: 1\ncredentials:\n  a:\n    type: email\n    host: ⟨⟩a..b\n",
            summary: "invalid host 'a..b'", keyPath: "credentials.a.host"),
        DiagnosticCase(
            id: "text with spaces around", yaml: "version: 1\ncredentials:\n  s:\n    type: aws-ses\n    key: AKIA\n    secret: ${env:AWS_SECRET}\n    region: ⟨⟩\"  \"\n",
            summary: "value starts or ends with a space", keyPath: "credentials.s.region"),
    ]

    @Test(arguments: cases)
    func hostileInputIsLocated(_ testCase: DiagnosticCase) throws {
        let marked = MarkedText(testCase.yaml)
        let result = ConfigTestSupport.load(marked.text)
        #expect(result.config == nil)
        let diagnostic = try #require(result.diagnostics.first { $0.location?.line == marked.location?.line })
        #expect(diagnostic.summary == testCase.summary)
        #expect(diagnostic.keyPath == testCase.keyPath)
        #expect(diagnostic.location?.column == marked.location?.column)
        if let detail = testCase.detail { #expect(diagnostic.detail == detail) }
        for rendered in result.diagnostics.map({ DiagnosticRenderer.render($0) }) {
            #expect(!rendered.contains(Self.secretCanary), "\(rendered)")
            #expect(!rendered.contains("\u{1B}"), "\(rendered)")
        }
    }

    @Test func duplicateKeyDoesNotHideOtherProblems() {
        let yaml = "version: 1\ncredentials:\n  smtp:\n    type: email\n    host: a.example.com\n  smtp:\n    type: email\n  SMTP:\n    type: email\n    host: b.example.com\n"
        let result = ConfigTestSupport.load(yaml)
        #expect(result.diagnostics.map(\.summary) == [
            "duplicate key 'smtp' (first defined at 3:3)", "invalid credential name 'SMTP'",
        ])
    }

    @Test func missingVersionStillChecksCredentials() {
        let result = ConfigTestSupport.load("credentials:\n  a:\n    type: email\n    port: 0465\n    host: h.example.com\n")
        #expect(result.diagnostics.map(\.summary) == [
            "missing required key 'version'", "port '0465' has a leading zero, which YAML 1.1 reads as an octal number",
        ])
        #expect(result.config == nil)
    }

    @Test func manyProblemsAreCappedWithANote() {
        let count = ConfigLoader.maximumDiagnostics * 25
        let yaml = "version: 1\ncredentials:\n" + (0..<count).map { "  a\($0): 1\n" }.joined()
        let result = ConfigTestSupport.load(yaml)
        #expect(result.diagnostics.count == ConfigLoader.maximumDiagnostics + 1)
        #expect(result.diagnostics.last?.summary == "\(count - ConfigLoader.maximumDiagnostics) more problems not shown; fix these first")
        #expect(result.diagnostics.last?.severity == .note)
    }

    @Test func cappedProblemsKeepTheirDetail() throws {
        let count = ConfigLoader.maximumDiagnostics + 150
        let yaml = "version: 1\ncredentials:\n" + (0..<count).map { "  a\($0):\n    type: emial\n    colour: red\n" }.joined()
        let result = ConfigTestSupport.load(yaml)
        #expect(result.diagnostics.count == ConfigLoader.maximumDiagnostics + 1)

        let first = try #require(result.diagnostics.first)
        #expect(first.summary == "invalid value 'emial', expected one of 'email', 'webhook', 'mailgun', 'aws-ses'")
        #expect(first.detail == "Did you mean 'email'?")
        #expect(first.keyPath == "credentials.a0.type")
        let second = try #require(result.diagnostics.dropFirst().first)
        #expect(second.summary == "unknown key 'colour'")
        #expect(second.detail?.contains("Keys allowed here: ") == true)

        // Each credential has two errors, and the note counts all but the 200 shown.
        let left = 2 * count - ConfigLoader.maximumDiagnostics
        #expect(result.diagnostics.last?.summary == "\(left) more problems not shown; fix these first")
    }

    @Test func ipv6EmailHostIsAccepted() {
        let result = ConfigTestSupport.load("version: 1\ncredentials:\n  a:\n    type: email\n    host: \"2001:db8::25\"\n")
        #expect(result.config?.credentials.first?.field("host") == .text("2001:db8::25"), "\(result.diagnostics)")
    }

    @Test func suggestionFindsLongerAndShorterKeys() {
        #expect(Suggestion.closest(to: "configurationSet", in: ["key", "configurationSetName"]) == "configurationSetName")
        #expect(Suggestion.closest(to: "hostname", in: ["host", "port"]) == "host")
    }

    @Test func variableSuggestionNeverStartsWithDigit() {
        #expect(ConfigValidator.suggestedVariable(credentialName: "1smtp", path: "apiKey") == "CREDENTIAL_1SMTP_API_KEY")
    }
}

/// A referenced value is used as it is: references inside it are never expanded again.
struct ReferenceValueTests {
    @Test func environmentValueIsNotExpandedAgain() throws {
        let value = "a$b${env:OTHER}\"q'\nline two $$ ${file:/etc/hostname}"
        let yaml = "version: 1\ncredentials:\n  m:\n    type: mailgun\n    emailFrom: a@example.com\n"
            + "    apiKey: ${env:KEY}\n    domain: mg.example.com\n"
        let result = ConfigTestSupport.load(yaml, environment: ["KEY": value, "OTHER": "expanded"])
        let secret = try #require(result.config?.credentials.first?.secrets.first, "\(result.diagnostics)")
        #expect(secret.value.withRevealedValue { $0 } == value)
        #expect(secret.origin == "env KEY")
    }
}
