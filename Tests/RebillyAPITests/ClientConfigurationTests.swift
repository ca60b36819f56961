import Foundation
import Testing

@testable import RebillyAPI

struct ClientConfigurationTests {
    @Test func defaultsToSandbox() throws {
        let configuration = try ClientConfiguration(environment: ["REBILLY_API_KEY": "k"])

        #expect(configuration.baseURL.absoluteString == "https://api-sandbox.rebilly.com")
        #expect(configuration.timeoutSeconds == ClientConfiguration.defaultTimeoutSeconds)
        #expect(configuration.retryPolicy == RetryPolicy())
    }

    @Test func liveEnvironment() throws {
        let configuration = try ClientConfiguration(environment: ["REBILLY_ENVIRONMENT": "live"])

        #expect(configuration.baseURL.absoluteString == "https://api.rebilly.com")
    }

    @Test func invalidEnvironmentIsRejected() {
        #expect(throws: APIError.invalidEnvironment("production")) {
            try ClientConfiguration(environment: ["REBILLY_ENVIRONMENT": "production"])
        }
        #expect(
            APIError.invalidEnvironment("production").description
                == "invalid REBILLY_ENVIRONMENT 'production': expected 'sandbox' or 'live'")
    }

    @Test func apiURLOverridesEnvironment() throws {
        let configuration = try ClientConfiguration(environment: [
            "REBILLY_API_URL": "http://127.0.0.1:8080/", "REBILLY_ENVIRONMENT": "live",
        ])

        #expect(configuration.baseURL.absoluteString == "http://127.0.0.1:8080")
    }

    @Test func organizationIsAppended() throws {
        let sandbox = try ClientConfiguration(environment: ["REBILLY_ORGANIZATION_ID": "org-1"])
        let custom = try ClientConfiguration(environment: [
            "REBILLY_API_URL": "http://127.0.0.1:8080", "REBILLY_ORGANIZATION_ID": "org-1",
        ])

        #expect(sandbox.baseURL.absoluteString == "https://api-sandbox.rebilly.com/organizations/org-1")
        #expect(custom.baseURL.absoluteString == "http://127.0.0.1:8080/organizations/org-1")
    }

    @Test func unsafeOrganizationIsRejected() {
        #expect(throws: APIError.invalidOrganizationID("../admin")) {
            try ClientConfiguration(environment: ["REBILLY_ORGANIZATION_ID": "../admin"])
        }
    }

    @Test(arguments: ["ftp://example.com", "not a url", "http://", "/relative"])
    func invalidAPIURLIsRejected(value: String) {
        #expect(throws: APIError.invalidAPIURL(value)) {
            try ClientConfiguration(environment: ["REBILLY_API_URL": value])
        }
    }

    @Test func userInfoInAPIURLIsRejectedWithoutQuotingIt() {
        let error = #expect(throws: APIError.self) {
            try ClientConfiguration(environment: ["REBILLY_API_URL": "https://admin:canary-pass@api.example.com/x"])
        }
        #expect(error == .invalidAPIURL("https://(sensitive)@api.example.com/x"))
        #expect(!(error?.description.contains("canary-pass") ?? true))
    }

    /// Every place a URL can carry a secret, with and without a scheme, and how it is quoted.
    static let secretBearingURLs: [(url: String, quoted: String)] = [
        ("user-7:pw-canary-1@127.0.0.1", "(sensitive)@127.0.0.1"),
        ("http://127.0.0.1:9/?apikey=pw-canary-1", "http://127.0.0.1:9/?(sensitive)"),
        ("http://127.0.0.1:9/#pw-canary-1", "http://127.0.0.1:9/#(sensitive)"),
        ("https://u:pw-canary-1@h.example.com/p?q=pw-canary-1", "https://(sensitive)@h.example.com/p?(sensitive)"),
    ]

    @Test(arguments: secretBearingURLs)
    func secretInAPIURLNeverQuoted(_ example: (url: String, quoted: String)) {
        let error = #expect(throws: APIError.self) {
            try ClientConfiguration(environment: ["REBILLY_API_URL": example.url])
        }
        #expect(error == .invalidAPIURL(example.quoted))
        #expect(!(error?.description.contains("canary") ?? true))
    }

    @Test func emptyVariablesCountAsUnset() throws {
        let configuration = try ClientConfiguration(environment: [
            "REBILLY_API_URL": "", "REBILLY_ENVIRONMENT": "", "REBILLY_ORGANIZATION_ID": "", "REBILLY_API_KEY": "",
        ])

        #expect(configuration.baseURL.absoluteString == "https://api-sandbox.rebilly.com")
        #expect(configuration.apiKey == nil)
    }

    @Test func apiKeyIsKeptAsSecret() throws {
        let configuration = try ClientConfiguration(environment: ["REBILLY_API_KEY": TestSetup.apiKey])

        #expect(configuration.apiKey?.withRevealedValue { $0 } == TestSetup.apiKey)
        var output = ""
        dump(configuration, to: &output)
        #expect(Canary.leaks(in: output).isEmpty)
        #expect(Canary.leaks(in: "\(configuration)").isEmpty)
    }

    @Test func apiKeyWithLineBreakIsRejected() {
        #expect(throws: APIError.invalidAPIKey) {
            try ClientConfiguration(environment: ["REBILLY_API_KEY": "key\r\nX-Injected: 1"])
        }
    }

    @Test func userAgentCarriesVersion() throws {
        let configuration = try ClientConfiguration(environment: [:], version: "1.2.3")
        let defaulted = try ClientConfiguration(environment: [:])

        #expect(configuration.userAgent == "credhash/1.2.3")
        #expect(defaulted.userAgent == "credhash/\(RebillyAPIVersion.current)")
    }

    @Test func missingAPIKeyFailsBeforeSending() async {
        let transport = FakeTransport([])
        let configuration = ClientConfiguration(baseURL: TestSetup.baseURL, apiKey: nil)
        let client = CredentialHashesClient(configuration: configuration, transport: transport, clock: RecordingClock())

        await expectAPIError(.missingAPIKey) { () async throws(APIError) in
            _ = try await client.getEmailCredential(hash: "abc")
        }

        #expect(transport.requests.isEmpty)
    }

    @Test func timeoutIsAtLeastOneSecond() {
        let configuration = ClientConfiguration(baseURL: TestSetup.baseURL, apiKey: nil, timeoutSeconds: 0)

        #expect(configuration.timeoutSeconds == 1)
    }
}
