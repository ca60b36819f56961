import Foundation
import Testing

@testable import RebillyAPI

/// The real `URLSession` transport against an HTTP server on 127.0.0.1.
@Suite(.timeLimit(.minutes(1)))
struct URLSessionTransportTests {
    @Test func sendsRequestAndReturnsResponse() async throws {
        let server = try LoopbackHTTPServer { _ in
            .init(
                status: 201, headers: ["Content-Type": "application/json", "X-Test": "yes"],
                body: Data(#"{"ok":true}"#.utf8))
        }
        defer { server.stop() }
        let request = HTTPRequest(
            method: .post, url: server.baseURL.appendingPathComponent("credential-hashes/emails"),
            headers: ["REB-APIKEY": TestSetup.apiKey, "Content-Type": "application/json"],
            body: Data(#"{"host":"smtp.example.com"}"#.utf8), timeoutSeconds: 5)

        let response = try await URLSessionTransport().send(request)

        #expect(response.status == 201)
        #expect(response.header("x-test") == "yes")
        #expect(response.body == Data(#"{"ok":true}"#.utf8))
        let received = try #require(server.requests.first)
        #expect(received.method == "POST")
        #expect(received.path == "/credential-hashes/emails")
        #expect(received.headers["reb-apikey"] == TestSetup.apiKey)
        #expect(received.body == Data(#"{"host":"smtp.example.com"}"#.utf8))
    }

    @Test func redirectIsNotFollowed() async throws {
        let server = try LoopbackHTTPServer { _ in
            .init(status: 303, headers: ["Location": "/credential-hashes/emails/abc"])
        }
        defer { server.stop() }
        let request = HTTPRequest(
            method: .post, url: server.baseURL.appendingPathComponent("credential-hashes/emails"), timeoutSeconds: 5)

        let response = try await URLSessionTransport().send(request)

        #expect(response.status == 303)
        #expect(response.header("Location") == "/credential-hashes/emails/abc")
        #expect(server.requests.count == 1)
    }

    @Test func slowServerTimesOut() async throws {
        let server = try LoopbackHTTPServer { _ in .init(status: 200, delaySeconds: 2) }
        defer { server.stop() }
        let request = HTTPRequest(method: .get, url: server.baseURL, timeoutSeconds: 1)

        do {
            _ = try await URLSessionTransport().send(request)
            Issue.record("expected a timeout")
        } catch {
            #expect(error == .timedOut(seconds: 1))
        }
    }

    @Test func closedPortIsConnectionRefused() async throws {
        let refusing = try RefusingPort()
        let request = HTTPRequest(
            method: .get, url: URL(string: "http://127.0.0.1:\(refusing.port)")!, timeoutSeconds: 5)

        do {
            _ = try await URLSessionTransport().send(request)
            Issue.record("expected connection refused")
        } catch {
            #expect(error == .connectionRefused)
        }
        withExtendedLifetime(refusing) {}
    }

    @Test func clientFollows303WithAPIKey() async throws {
        let fixture = Fixtures.email
        let body = Data(fixture.responseJSON.utf8)
        let server = try LoopbackHTTPServer { request in
            request.method == "POST"
                ? .init(status: 303, headers: ["Location": fixture.memberPath])
                : .init(status: 200, headers: ["Content-Type": "application/json"], body: body)
        }
        defer { server.stop() }
        let configuration = TestSetup.configuration(baseURL: server.baseURL)
        let client = CredentialHashesClient(configuration: configuration, clock: RecordingClock())

        let result = try await client.createEmailCredential(fixture.request)

        #expect(result.outcome == .existing)
        #expect(result.credential == fixture.expected)
        let requests = server.requests
        #expect(requests.map(\.method) == ["POST", "GET"])
        #expect(requests.map(\.path) == [fixture.collectionPath, fixture.memberPath])
        #expect(requests.allSatisfy { $0.headers["reb-apikey"] == TestSetup.apiKey })
        #expect(requests.allSatisfy { $0.headers["user-agent"] == "credhash/\(TestSetup.version)" })
        #expect(parseJSON(requests.first?.body) == parseJSON(Data(fixture.requestJSON.utf8)))
    }
}
