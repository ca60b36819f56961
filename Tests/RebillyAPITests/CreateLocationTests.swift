import Foundation
import Testing

@testable import RebillyAPI

/// How a create follows `Location` when the 201 or 303 has no body.
struct CreateLocationTests {
    let fixture = Fixtures.awsSES

    @Test func crossOriginLocationIsRejected() async {
        let location = "https://elsewhere.invalid" + fixture.memberPath
        let transport = FakeTransport([
            fixture.step(.create, HTTPResponse(status: 303, headers: ["Location": location]))
        ])
        let expected = APIError.locationRejected(
            fixture.requestLine(.create), status: 303, location: location,
            apiOrigin: "https://api.credhash-test.invalid:443")

        await expectAPIError(expected) { () async throws(APIError) in
            _ = try await fixture.create(TestSetup.client(transport), fixture.request)
        }

        #expect(transport.requests.count == 1)
    }

    @Test func otherPortIsAnotherOrigin() async {
        let location = "https://api.credhash-test.invalid:8443" + fixture.memberPath
        let transport = FakeTransport([
            fixture.step(.create, HTTPResponse(status: 303, headers: ["Location": location]))
        ])

        do {
            _ = try await fixture.create(TestSetup.client(transport), fixture.request)
            Issue.record("expected locationRejected")
        } catch {
            guard case .locationRejected = error else {
                Issue.record("unexpected \(error)")
                return
            }
        }
        #expect(transport.requests.count == 1)
    }

    @Test func relativeLocationIsResolved() async throws {
        let transport = FakeTransport([
            fixture.step(.create, HTTPResponse(status: 303, headers: ["Location": fixture.memberPath])),
            FakeTransport.Step(
                method: .get, path: fixture.memberPath, body: nil,
                result: .success(jsonResponse(200, fixture.responseJSON))),
        ])

        let result = try await fixture.create(TestSetup.client(transport), fixture.request)

        #expect(result.location?.absoluteString == TestSetup.baseURL.absoluteString + fixture.memberPath)
        #expect(result.credential == fixture.expected)
    }

    @Test func createdWithoutBodyFollowsLocation() async throws {
        let transport = FakeTransport([
            fixture.step(.create, HTTPResponse(status: 201, headers: ["Location": fixture.memberPath])),
            FakeTransport.Step(
                method: .get, path: fixture.memberPath, body: nil,
                result: .success(jsonResponse(200, fixture.responseJSON))),
        ])

        let result = try await fixture.create(TestSetup.client(transport), fixture.request)

        #expect(result.outcome == .created)
        #expect(result.credential == fixture.expected)
    }

    @Test func missingLocationWithoutBodyIsInvalid() async {
        let transport = FakeTransport([fixture.step(.create, HTTPResponse(status: 303, body: Data("  \n".utf8)))])
        let expected = APIError.invalidResponse(
            fixture.requestLine(.create), status: 303, reason: "no body and no Location header")

        await expectAPIError(expected) { () async throws(APIError) in
            _ = try await fixture.create(TestSetup.client(transport), fixture.request)
        }
    }

    @Test func followedLocationNotFound() async {
        let transport = FakeTransport([
            fixture.step(.create, HTTPResponse(status: 303, headers: ["Location": fixture.memberPath])),
            FakeTransport.Step(
                method: .get, path: fixture.memberPath, body: nil, result: .success(HTTPResponse(status: 404))),
        ])

        await expectAPIError(.notFound(RequestLine(method: .get, path: fixture.memberPath), nil)) {
            () async throws(APIError) in
            _ = try await fixture.create(TestSetup.client(transport), fixture.request)
        }
    }

    @Test func redirectOnGetIsUnexpected() async {
        let transport = FakeTransport([
            fixture.step(.get, HTTPResponse(status: 303, headers: ["Location": "/elsewhere"]))
        ])

        await expectAPIError(.unexpectedStatus(fixture.requestLine(.get), status: 303, problem: nil)) {
            () async throws(APIError) in
            _ = try await fixture.get(TestSetup.client(transport), fixture.hash)
        }

        #expect(transport.requests.count == 1)
    }
}
