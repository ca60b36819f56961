import RebillyAPI
import Testing

@testable import CredhashEngine

struct ConfigLoaderTests {
    @Test func validFileHasNoDiagnostics() throws {
        let result = ConfigTestSupport.load(ConfigTestSupport.valid)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let config = try #require(result.config)
        #expect(config.credentials.map(\.address) == ["aws-ses.ses", "email.smtp-main", "mailgun.mail", "webhook.hooks"])
        #expect(config.digest.count == 64)
    }

    @Test func defaultsAreFilledIn() throws {
        let yaml = "version: 1\ncredentials:\n  relay:\n    type: email\n    host: relay.example.com\n"
        let credential = try #require(ConfigTestSupport.load(yaml).config?.credentials.first)
        #expect(credential.field("port") == .integer(25))
        #expect(credential.field("encryption") == .text("none"))
        #expect(credential.field("auth.type") == .text("none"))
        #expect(credential.retire == .manual)
        #expect(credential.secrets.isEmpty)
    }

    @Test func secretsAreResolvedFromEnvironmentAndFile() throws {
        let config = try #require(ConfigTestSupport.load(ConfigTestSupport.valid).config)
        let smtp = try #require(config.credentials.first { $0.name == "smtp-main" })
        #expect(smtp.secret("auth.password")?.withRevealedValue { $0 } == "smtp-secret-canary")
        #expect(smtp.secrets.first?.origin == "env SMTP_PASSWORD")
        let mailgun = try #require(config.credentials.first { $0.name == "mail" })
        #expect(mailgun.secret("apiKey")?.withRevealedValue { $0 } == "file-secret-value")
    }

    @Test func referenceValueIsNotResolvedAgain() throws {
        let yaml = "version: 1\nallowLiteralSecrets: false\ncredentials:\n  s:\n    type: aws-ses\n"
            + "    key: AKIA\n    secret: ${env:TRICKY}\n    region: eu-west-1\n    configurationSetName: cost$$saver\n"
        let result = ConfigTestSupport.load(yaml)
        let credential = try #require(result.config?.credentials.first, "\(result.diagnostics)")
        #expect(credential.secret("secret")?.withRevealedValue { $0 } == ConfigTestSupport.environment["TRICKY"])
        #expect(credential.field("configurationSetName") == .text("cost$saver"))
    }

    @Test func retirePolicyFollowsDefaultsAndOverrides() throws {
        let yaml = """
            version: 1
            defaults:
              retire: immediately
            credentials:
              a: {type: email, host: a.example.com}
              b: {type: email, host: b.example.com, retire: manual}
            """
        let credentials = try #require(ConfigTestSupport.load(yaml).config?.credentials)
        #expect(credentials.map(\.retire) == [.immediately, .manual])
    }

    @Test func mergeKeysAndExtensionKeysWork() throws {
        let yaml = """
            version: 1
            x-smtp: &smtp
              type: email
              host: smtp.example.com
              port: 587
            credentials:
              eu: {<<: *smtp, encryption: tls}
              us:
                <<: *smtp
                host: smtp-us.example.com
            """
        let credentials = try #require(ConfigTestSupport.load(yaml).config?.credentials)
        #expect(credentials.map { $0.field("host") } == [.text("smtp.example.com"), .text("smtp-us.example.com")])
        #expect(credentials.map { $0.field("port") } == [.integer(587), .integer(587)])
    }

    @Test func byteOrderMarkAndCRLFAreAccepted() throws {
        let text = "\u{FEFF}" + ConfigTestSupport.valid.split(separator: "\n", omittingEmptySubsequences: false)
            .joined(separator: "\r\n")
        let result = ConfigTestSupport.load(text)
        #expect(result.config?.credentials.count == 4, "\(result.diagnostics)")
    }

    @Test func everyProblemIsReportedInOneRun() {
        let yaml = """
            version: 1
            credentials:
              a: {type: email, host: a.example.com, port: 0465}
              b: {type: email, host: b.example.com, encryption: yes}
              c:
                type: mailgun
                emailFrom: nobody
                apiKey: ${env:MISSING}
                domain: d.example.com
            """
        let result = ConfigTestSupport.load(yaml)
        #expect(result.config == nil)
        #expect(result.diagnostics.count == 4, "\(result.diagnostics)")
        #expect(result.diagnostics.map(\.location?.line) == [3, 4, 7, 8])
    }

    @Test func missingFileIsReported() {
        let result = ConfigLoader(environment: [:]).load(path: "/nonexistent/credentials.yaml")
        #expect(result.diagnostics.map(\.summary) == ["configuration file not found"])
        #expect(result.diagnostics.first?.location?.file == "/nonexistent/credentials.yaml")
    }
}

struct SuggestionTests {
    @Test(arguments: [("hots", "host"), ("tsl", "tls"), ("emailfrom", "emailFrom"), ("prot", "port")])
    func typoFindsCandidate(_ word: String, _ expected: String) {
        #expect(Suggestion.closest(to: word, in: ["host", "port", "tls", "ssl", "emailFrom"]) == expected)
    }

    @Test func distantWordHasNoSuggestion() {
        #expect(Suggestion.closest(to: "xyz", in: ["host", "port"]) == nil)
    }
}
