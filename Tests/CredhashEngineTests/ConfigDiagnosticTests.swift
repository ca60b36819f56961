import Testing

@testable import CredhashEngine

/// One configuration with one problem, marked `⟨⟩` where the diagnostic must point.
struct DiagnosticCase: CustomTestStringConvertible, Sendable {
    let id: String
    let yaml: String
    let summary: String
    let keyPath: String?
    var detail: String? = nil

    var testDescription: String { id }
}

struct ConfigDiagnosticTests {
    static func email(_ fields: String) -> String {
        "version: 1\ncredentials:\n  smtp-main:\n    type: email\n" + fields
    }

    static func webhook(_ fields: String) -> String {
        "version: 1\ncredentials:\n  hooks:\n    type: webhook\n" + fields
    }

    static let portCases: [DiagnosticCase] = [
        DiagnosticCase(
            id: "port with leading zero", yaml: email("    host: h.example.com\n    port: ⟨⟩0465\n"),
            summary: "port '0465' has a leading zero, which YAML 1.1 reads as an octal number",
            keyPath: "credentials.smtp-main.port", detail: "Write 465 without the leading zero."),
        DiagnosticCase(
            id: "port in base 60", yaml: email("    host: h.example.com\n    port: ⟨⟩1:05\n"),
            summary: "invalid port '1:05', expected a decimal number from 1 to 65535",
            keyPath: "credentials.smtp-main.port"),
        DiagnosticCase(
            id: "port as float", yaml: email("    host: h.example.com\n    port: ⟨⟩4.65e2\n"),
            summary: "invalid port '4.65e2', expected a decimal number from 1 to 65535",
            keyPath: "credentials.smtp-main.port"),
        DiagnosticCase(
            id: "port in hexadecimal", yaml: email("    host: h.example.com\n    port: ⟨⟩0x1D1\n"),
            summary: "invalid port '0x1D1', expected a decimal number from 1 to 65535",
            keyPath: "credentials.smtp-main.port"),
        DiagnosticCase(
            id: "port quoted", yaml: email("    host: h.example.com\n    port: ⟨⟩\"465\"\n"),
            summary: "port must be a number, not quoted text", keyPath: "credentials.smtp-main.port",
            detail: "Write 465 without quotes."),
        DiagnosticCase(
            id: "port too large", yaml: email("    host: h.example.com\n    port: ⟨⟩70000\n"),
            summary: "invalid port '70000', expected a decimal number from 1 to 65535",
            keyPath: "credentials.smtp-main.port"),
        DiagnosticCase(
            id: "port zero", yaml: email("    host: h.example.com\n    port: ⟨⟩0\n"),
            summary: "invalid port '0', expected a decimal number from 1 to 65535",
            keyPath: "credentials.smtp-main.port"),
        DiagnosticCase(
            id: "port null", yaml: email("    host: h.example.com\n    port: ⟨⟩~\n"),
            summary: "invalid port '~', expected a decimal number from 1 to 65535",
            keyPath: "credentials.smtp-main.port"),
    ]

    static let enumCases: [DiagnosticCase] = [
        DiagnosticCase(
            id: "encryption yes", yaml: email("    host: h.example.com\n    encryption: ⟨⟩yes\n"),
            summary: "'yes' is a YAML 1.1 boolean, expected one of 'none', 'tls', 'ssl'",
            keyPath: "credentials.smtp-main.encryption"),
        DiagnosticCase(
            id: "encryption off", yaml: email("    host: h.example.com\n    encryption: ⟨⟩off\n"),
            summary: "'off' is a YAML 1.1 boolean, expected one of 'none', 'tls', 'ssl'",
            keyPath: "credentials.smtp-main.encryption"),
        DiagnosticCase(
            id: "encryption typo", yaml: email("    host: h.example.com\n    encryption: ⟨⟩tsl\n"),
            summary: "invalid value 'tsl', expected one of 'none', 'tls', 'ssl'",
            keyPath: "credentials.smtp-main.encryption", detail: "Did you mean 'tls'?"),
        DiagnosticCase(
            id: "auth type true",
            yaml: email("    host: h.example.com\n    auth:\n      type: ⟨⟩true\n"),
            summary: "'true' is a YAML 1.1 boolean, expected one of 'none', 'plain', 'login', 'cram-md5'",
            keyPath: "credentials.smtp-main.auth.type"),
        DiagnosticCase(
            id: "unknown kind", yaml: "version: 1\ncredentials:\n  a:\n    type: ⟨⟩smtp\n",
            summary: "invalid value 'smtp', expected one of 'email', 'webhook', 'mailgun', 'aws-ses'",
            keyPath: "credentials.a.type"),
        DiagnosticCase(
            id: "retire typo", yaml: email("    host: h.example.com\n    retire: ⟨⟩immediate\n"),
            summary: "invalid value 'immediate', expected one of 'manual', 'immediately'",
            keyPath: "credentials.smtp-main.retire", detail: "Did you mean 'immediately'?"),
    ]

    static let structureCases: [DiagnosticCase] = [
        DiagnosticCase(
            id: "duplicate key", yaml: email("    host: a.example.com\n    ⟨⟩host: b.example.com\n"),
            summary: "duplicate key 'host' (first defined at 5:5)", keyPath: "credentials.smtp-main.host"),
        DiagnosticCase(
            id: "second document", yaml: "version: 1\ncredentials: {}\n⟨⟩---\nversion: 1\n",
            summary: "more than one YAML document in the file", keyPath: nil),
        DiagnosticCase(
            id: "tab indentation", yaml: "version: 1\ncredentials:\n⟨⟩\ta: {}\n",
            summary: "tab character used for indentation", keyPath: nil),
        DiagnosticCase(
            id: "unknown key", yaml: email("    ⟨⟩hots: h.example.com\n    host: h.example.com\n"),
            summary: "unknown key 'hots'", keyPath: "credentials.smtp-main.hots",
            detail: "Did you mean 'host'? Keys allowed here: type, host, port, encryption, auth, retire."),
        DiagnosticCase(
            id: "unknown top-level key", yaml: "version: 1\ncredentials: {}\n⟨⟩credential: {}\n",
            summary: "unknown key 'credential'", keyPath: "credential"),
        DiagnosticCase(
            id: "missing host", yaml: "version: 1\ncredentials:\n  ⟨⟩smtp-main:\n    type: email\n",
            summary: "missing required key 'host'", keyPath: "credentials.smtp-main"),
        DiagnosticCase(
            id: "missing type", yaml: "version: 1\ncredentials:\n  ⟨⟩a:\n    host: h.example.com\n",
            summary: "missing required key 'type'", keyPath: "credentials.a"),
        DiagnosticCase(
            id: "invalid name", yaml: "version: 1\ncredentials:\n  ⟨⟩Smtp_Main:\n    type: email\n    host: h.example.com\n",
            summary: "invalid credential name 'Smtp_Main'", keyPath: "credentials.Smtp_Main"),
        DiagnosticCase(
            id: "name too long",
            yaml: "version: 1\ncredentials:\n  ⟨⟩\(String(repeating: "a", count: 64)):\n    type: email\n    host: h.example.com\n",
            summary: "invalid credential name '\(String(repeating: "a", count: 64))'",
            keyPath: "credentials.\(String(repeating: "a", count: 64))"),
        DiagnosticCase(
            id: "missing version", yaml: "⟨⟩credentials: {}\n", summary: "missing required key 'version'", keyPath: nil),
        DiagnosticCase(
            id: "newer version", yaml: "version: ⟨⟩2\ncredentials: {}\n", summary: "unsupported version '2'",
            keyPath: "version"),
        DiagnosticCase(
            id: "quoted version", yaml: "version: ⟨⟩\"1\"\ncredentials: {}\n",
            summary: "invalid version, expected the number 1", keyPath: "version"),
        DiagnosticCase(
            id: "tagged value", yaml: email("    host: ⟨⟩!!str h.example.com\n"),
            summary: "YAML tags are not supported", keyPath: "credentials.smtp-main.host"),
        DiagnosticCase(
            id: "credentials not a mapping", yaml: "version: 1\ncredentials: ⟨⟩[a, b]\n",
            summary: "expected a mapping, found a sequence", keyPath: "credentials"),
        DiagnosticCase(
            id: "host as mapping", yaml: email("    host: ⟨⟩{name: x}\n"),
            summary: "expected a single value, found a mapping", keyPath: "credentials.smtp-main.host"),
        DiagnosticCase(
            id: "username boolean",
            yaml: email("    host: h.example.com\n    auth:\n      type: plain\n      username: ⟨⟩yes\n      password: ${env:SMTP_PASSWORD}\n"),
            summary: "'yes' is read as a boolean by YAML 1.1", keyPath: "credentials.smtp-main.auth.username",
            detail: "Quote it ('yes') to use it as text."),
        DiagnosticCase(
            id: "allowLiteralSecrets yes", yaml: "version: 1\nallowLiteralSecrets: ⟨⟩yes\ncredentials: {}\n",
            summary: "invalid value 'yes', expected true or false", keyPath: "allowLiteralSecrets"),
    ]

    static let fieldCases: [DiagnosticCase] = [
        DiagnosticCase(
            id: "webhook host with scheme", yaml: webhook("    host: ⟨⟩https://hooks.example.com/in\n"),
            summary: "host 'https://hooks.example.com/in' must not include a scheme", keyPath: "credentials.hooks.host",
            detail: "Write 'hooks.example.com'."),
        DiagnosticCase(
            id: "webhook host with port", yaml: webhook("    host: ⟨⟩hooks.example.com:8443\n"),
            summary: "host 'hooks.example.com:8443' must not include a port", keyPath: "credentials.hooks.host",
            detail: "Write 'hooks.example.com'."),
        DiagnosticCase(
            id: "webhook auth without type",
            yaml: webhook("    host: hooks.example.com\n    ⟨⟩auth:\n      username: u\n"),
            summary: "missing required key 'type'", keyPath: "credentials.hooks.auth"),
        DiagnosticCase(
            id: "oauth1 missing token secret",
            yaml: webhook(
                "    host: hooks.example.com\n    ⟨⟩auth:\n      type: oauth1\n      consumerKey: ck\n"
                    + "      consumerSecret: ${env:SMTP_PASSWORD}\n      token: ${env:SMTP_PASSWORD}\n"),
            summary: "missing required key 'tokenSecret'", keyPath: "credentials.hooks.auth"),
        DiagnosticCase(
            id: "username with auth none",
            yaml: email("    host: h.example.com\n    auth:\n      type: none\n      ⟨⟩username: u\n"),
            summary: "key 'username' is not used with auth type 'none'", keyPath: "credentials.smtp-main.auth.username",
            detail: "Remove it, or set 'type' to 'plain' or 'login' or 'cram-md5'."),
        DiagnosticCase(
            id: "mailgun bad sender",
            yaml: "version: 1\ncredentials:\n  m:\n    type: mailgun\n    emailFrom: ⟨⟩billing\n"
                + "    apiKey: ${env:MAILGUN_API_KEY}\n    domain: mg.example.com\n",
            summary: "invalid email address 'billing'", keyPath: "credentials.m.emailFrom"),
        DiagnosticCase(
            id: "ses missing region",
            yaml: "version: 1\ncredentials:\n  ⟨⟩ses:\n    type: aws-ses\n    key: AKIA\n    secret: ${env:AWS_SECRET}\n",
            summary: "missing required key 'region'", keyPath: "credentials.ses"),
        DiagnosticCase(
            id: "empty quoted host", yaml: email("    host: ⟨⟩\"\"\n"), summary: "empty value",
            keyPath: "credentials.smtp-main.host"),
        DiagnosticCase(
            id: "stray dollar", yaml: email("    host: ⟨⟩a$b.example.com\n"),
            summary: "'$' must be followed by '{' or written as '$$'", keyPath: "credentials.smtp-main.host"),
    ]

    static let referenceCases: [DiagnosticCase] = [
        DiagnosticCase(
            id: "literal secret",
            yaml: email("    host: h.example.com\n    auth:\n      type: login\n      username: u\n      password: ⟨⟩hunter2-canary\n"),
            summary: "secret written as literal text", keyPath: "credentials.smtp-main.auth.password",
            detail: "Write a reference such as '${env:SMTP_MAIN_PASSWORD}' or '${file:secrets/smtp-main}'. "
                + "To keep literal secrets in this file anyway, set 'allowLiteralSecrets: true'."),
        DiagnosticCase(
            id: "missing variable",
            yaml: email("    host: h.example.com\n    auth:\n      type: login\n      username: u\n      password: ⟨⟩${env:NOT_SET}\n"),
            summary: "environment variable 'NOT_SET' is not set", keyPath: "credentials.smtp-main.auth.password"),
        DiagnosticCase(
            id: "empty variable",
            yaml: email("    host: h.example.com\n    auth:\n      type: login\n      username: u\n      password: ⟨⟩${env:EMPTY}\n"),
            summary: "environment variable 'EMPTY' is empty", keyPath: "credentials.smtp-main.auth.password"),
        DiagnosticCase(
            id: "variable not UTF-8",
            yaml: email("    host: h.example.com\n    auth:\n      type: login\n      username: u\n      password: ⟨⟩${env:NOT_UTF8}\n"),
            summary: "environment variable 'NOT_UTF8' is not valid UTF-8", keyPath: "credentials.smtp-main.auth.password"),
        DiagnosticCase(
            id: "variable too long",
            yaml: email("    host: h.example.com\n    auth:\n      type: login\n      username: u\n      password: ⟨⟩${env:TOO_LONG}\n"),
            summary: "environment variable 'TOO_LONG' is longer than 64 KiB", keyPath: "credentials.smtp-main.auth.password"),
        DiagnosticCase(
            id: "missing file",
            yaml: email("    host: h.example.com\n    auth:\n      type: login\n      username: u\n      password: ⟨⟩${file:secrets/none}\n"),
            summary: "file 'secrets/none' not found", keyPath: "credentials.smtp-main.auth.password"),
        DiagnosticCase(
            id: "file is a directory",
            yaml: email("    host: h.example.com\n    auth:\n      type: login\n      username: u\n      password: ⟨⟩${file:secrets}\n"),
            summary: "'secrets' is a directory, expected a file", keyPath: "credentials.smtp-main.auth.password"),
        DiagnosticCase(
            id: "unknown reference kind",
            yaml: email("    host: h.example.com\n    auth:\n      type: login\n      username: u\n      password: ⟨⟩${vault:x}\n"),
            summary: "unknown reference kind", keyPath: "credentials.smtp-main.auth.password"),
        DiagnosticCase(
            id: "invalid variable name",
            yaml: email("    host: h.example.com\n    auth:\n      type: login\n      username: u\n      password: ⟨⟩${env:1X}\n"),
            summary: "invalid environment variable name '1X'", keyPath: "credentials.smtp-main.auth.password"),
        DiagnosticCase(
            id: "unterminated reference",
            yaml: email("    host: h.example.com\n    auth:\n      type: login\n      username: u\n      password: ⟨⟩${env:X\n"),
            summary: "reference '${' is missing its closing '}'", keyPath: "credentials.smtp-main.auth.password"),
        DiagnosticCase(
            id: "secret as number",
            yaml: email("    host: h.example.com\n    auth:\n      type: login\n      username: u\n      password: ⟨⟩123456\n"),
            summary: "secret value is read as a number by YAML 1.1", keyPath: "credentials.smtp-main.auth.password"),
        DiagnosticCase(
            id: "block secret keeps newline",
            yaml: "version: 1\nallowLiteralSecrets: true\ncredentials:\n  m:\n    type: mailgun\n"
                + "    emailFrom: a@example.com\n    apiKey: ⟨⟩|\n      key-canary\n    domain: mg.example.com\n",
            summary: "block scalar keeps a final line break in the secret", keyPath: "credentials.m.apiKey"),
    ]

    @Test(arguments: portCases + enumCases + structureCases + fieldCases + referenceCases)
    func diagnosticIsLocated(_ testCase: DiagnosticCase) throws {
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

    @Test(arguments: referenceCases)
    func secretNeverAppearsInDiagnostics(_ testCase: DiagnosticCase) {
        let result = ConfigTestSupport.load(MarkedText(testCase.yaml).text)
        for diagnostic in result.diagnostics {
            let rendered = DiagnosticRenderer.render(diagnostic)
            #expect(!rendered.contains("canary"), "\(rendered)")
            #expect(!rendered.contains("hunter2"), "\(rendered)")
        }
    }
}
