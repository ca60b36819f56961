import Foundation
import Testing

@testable import RebillyAPI

/// Checks that no secret canary reaches a description, a dump, a log line or an error message.
struct SecretLeakTests {
    /// Returns the `description`, `debugDescription`-style reflection and `dump` of `value`.
    private func renderings(of value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), dumped]
    }

    private func expectNoLeak(_ value: Any, sourceLocation: SourceLocation = #_sourceLocation) {
        for text in renderings(of: value) {
            #expect(Canary.leaks(in: text).isEmpty, "leaked in: \(type(of: value))", sourceLocation: sourceLocation)
        }
    }

    @Test func responseModelsHideEchoedSecrets() async throws {
        let email = try await Fixtures.email.get(client(for: Fixtures.email), Fixtures.email.hash)
        let webhook = try await Fixtures.webhook.get(client(for: Fixtures.webhook), Fixtures.webhook.hash)
        let mailgun = try await Fixtures.mailgun.get(client(for: Fixtures.mailgun), Fixtures.mailgun.hash)
        let awsSES = try await Fixtures.awsSES.get(client(for: Fixtures.awsSES), Fixtures.awsSES.hash)

        expectNoLeak(email)
        expectNoLeak(webhook)
        expectNoLeak(mailgun)
        expectNoLeak(awsSES)
        expectNoLeak(CreateResult(credential: email, outcome: .existing, location: nil))
    }

    @Test func responseModelsKeepEchoedSecretsAsSecret() async throws {
        let mailgun = try await Fixtures.mailgun.get(client(for: Fixtures.mailgun), Fixtures.mailgun.hash)

        #expect(mailgun.apiKey?.withRevealedValue { $0 } == Canary.mailgunAPIKey)
    }

    @Test func requestModelsHideSecrets() {
        expectNoLeak(Fixtures.email.request)
        expectNoLeak(Fixtures.webhook.request)
        expectNoLeak(Fixtures.mailgun.request)
        expectNoLeak(Fixtures.awsSES.request)
        expectNoLeak(Fixtures.webhook.request.wireValue)
    }

    @Test func httpRequestHidesKeyAndBody() throws {
        let encoder = RequestEncoder(configuration: TestSetup.configuration())
        let request = try encoder.makeRequest(
            .post, url: TestSetup.baseURL, body: Fixtures.awsSES.request.wireValue)

        expectNoLeak(request)
        #expect(request.description.contains("REB-APIKEY: (sensitive)"))
        #expect(request.redactedHeaders["REB-APIKEY"] == "(sensitive)")
    }

    @Test func authorizationHeaderIsRedacted() {
        let request = HTTPRequest(
            method: .get, url: TestSetup.baseURL, headers: ["authorization": "Bearer \(TestSetup.apiKey)"],
            timeoutSeconds: 1)

        expectNoLeak(request)
    }

    @Test func httpResponseHidesBody() {
        let response = jsonResponse(200, Fixtures.mailgun.responseJSON)

        expectNoLeak(response)
    }

    @Test func logsHideSecrets() async throws {
        let fixture = Fixtures.webhook
        let transport = FakeTransport([
            fixture.step(.create, jsonResponse(503, Scenarios.problemBody(503))),
            fixture.step(.create, HTTPResponse(status: 303, headers: ["Location": fixture.memberPath])),
            FakeTransport.Step(
                method: .get, path: fixture.memberPath, body: nil,
                result: .success(jsonResponse(200, fixture.responseJSON))),
        ])
        let log = LogRecorder()

        _ = try await fixture.create(TestSetup.client(transport, log: log), fixture.request)

        #expect(log.messages.count >= 4)
        #expect(log.levels.allSatisfy { $0 == .debug })
        for message in log.messages {
            #expect(Canary.leaks(in: message).isEmpty)
        }
    }

    @Test func errorsHideProblemDetail() async {
        let fixture = Fixtures.email
        let body = Scenarios.problemBody(400)
        let transport = FakeTransport([fixture.step(.create, jsonResponse(400, body))])

        do {
            _ = try await fixture.create(TestSetup.client(transport), fixture.request)
            Issue.record("expected an error")
        } catch {
            expectNoLeak(error)
            #expect(
                error == .unexpectedStatus(fixture.requestLine(.create), status: 400, problem: Scenarios.problem(400)))
        }
    }

    private func client<R, C>(for fixture: KindFixture<R, C>) -> CredentialHashesClient {
        TestSetup.client(FakeTransport([fixture.step(.get, fixture.successResponse(.get))]))
    }
}

/// A server that repeats submitted values in a 422 must not get a secret into an error message.
struct ValidationEchoTests {
    @Test func createEmailCredential_422_echoedSecretIsScrubbed() async throws {
        let canary = "canary-echo-password-5e1d"
        let body = #"{"status":422,"title":"Validation error","invalidFields":[{"field":"auth.password","message":"value 'canary-echo-password-5e1d' is invalid\u001b[31m\nFAKE: line"}]}"#
        let response = HTTPResponse(status: 422, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
        let transport = FakeTransport([
            .init(
                method: .post, path: "/credential-hashes/emails",
                body: #"{"host":"smtp.example.com","port":25,"encryption":"none","auth":{"type":"login","username":"mailer","password":"canary-echo-password-5e1d"}}"#,
                result: .success(response))
        ])
        let client = TestSetup.client(transport)
        let request = EmailCredentialRequest(
            host: "smtp.example.com", auth: .login(username: "mailer", password: Secret(canary)))
        let error = await #expect(throws: APIError.self) { try await client.createEmailCredential(request) }
        let text = String(describing: error)
        #expect(!text.contains(canary), "\(text)")
        #expect(text.contains("(sensitive)"), "\(text)")
        #expect(!text.contains("\u{1B}") && !text.contains("\n"), "\(text)")
    }
}

/// A 422 message that repeats a secret cut short or encoded is withheld as a whole.
struct InvalidFieldScrubTests {
    static let secret = Secret("Sm7p/Pw+Qx4\"Kd9 Lr2=Vb6")

    @Test(arguments: [
        ("prefix", "value starts 'Sm7p/Pw+Qx4' and is rejected"),
        ("suffix", "ends with 'Kd9 Lr2=Vb6', rejected"),
        ("base64", "got " + Data("Sm7p/Pw+Qx4\"Kd9 Lr2=Vb6".utf8).base64EncodedString()),
        ("base64 inside a blob", "auth " + Data("user:Sm7p/Pw+Qx4\"Kd9 Lr2=Vb6".utf8).base64EncodedString()),
        ("percent-encoded", "url Sm7p%2FPw%2BQx4%22Kd9%20Lr2%3DVb6"),
        ("JSON-escaped", #"body {"password":"Sm7p/Pw+Qx4\"Kd9 Lr2=Vb6"}"#),
    ])
    func tracedMessageIsWithheld(_ name: String, _ message: String) {
        let scrubbed = InvalidField(field: "auth.password", message: message).scrubbed(of: [Self.secret])
        #expect(scrubbed.message == InvalidField.withheldMessage, "\(name): \(scrubbed.message)")
        #expect(scrubbed.field == "auth.password")
    }

    @Test func wholeValueIsReplacedInPlace() {
        let scrubbed = InvalidField(field: "auth.password", message: "value 'Sm7p/Pw+Qx4\"Kd9 Lr2=Vb6' is too long")
            .scrubbed(of: [Self.secret])
        #expect(scrubbed.message == "value '(sensitive)' is too long")
    }

    @Test func unrelatedMessageIsKept() {
        let scrubbed = InvalidField(field: "host", message: "host must be a domain name").scrubbed(of: [Self.secret])
        #expect(scrubbed.message == "host must be a domain name")
    }

    @Test func fieldPathWithSecretIsRedacted() {
        let scrubbed = InvalidField(field: "auth.Sm7p/Pw+Qx4\"Kd9 Lr2=Vb6", message: "unknown field")
            .scrubbed(of: [Self.secret])
        #expect(scrubbed.field == Secret.redacted)
        #expect(scrubbed.message == "unknown field")
    }

    @Test func fieldPathSharingAWordIsKept() {
        let scrubbed = InvalidField(field: "auth.password", message: "is required")
            .scrubbed(of: [Secret("my-password-8c1e")])
        #expect(scrubbed.field == "auth.password")
        #expect(scrubbed.message == "is required")
    }
}
