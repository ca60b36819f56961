import Foundation
import Testing

@testable import RebillyAPI

struct PathSafetyTests {
    @Test(arguments: [
        "", ".", "..", "../secrets", "a/b", "a b", "a?b=1", "a#b", "%2e%2e", "é", String(repeating: "a", count: 101),
    ])
    func unsafeHashIsRejected(hash: String) async {
        let transport = FakeTransport([])
        let client = TestSetup.client(transport)

        await expectAPIError(.invalidHash(hash)) { () async throws(APIError) in
            _ = try await client.getWebhookCredential(hash: hash)
        }
        await expectAPIError(.invalidHash(hash)) { () async throws(APIError) in
            _ = try await client.deactivateWebhookCredential(hash: hash)
        }

        #expect(transport.requests.isEmpty)
    }

    @Test(arguments: [
        "b120c2ca-6c2b-4690-9dff-3b0d87852dc7", "crd_0YV9Y706QGCB39FQD380G1ZHZH", "a.b~c",
        String(repeating: "a", count: 100),
    ])
    func safeHashIsAccepted(hash: String) {
        #expect(PathSegment(hash)?.value == hash)
    }

    @Test func hashFollowsOrganizationPrefix() async throws {
        let fixture = Fixtures.email
        let prefixedPath = "/organizations/org-1" + fixture.memberPath
        let transport = FakeTransport([
            FakeTransport.Step(
                method: .get, path: prefixedPath, body: nil, result: .success(fixture.successResponse(.get)))
        ])
        let baseURL = TestSetup.baseURL.appendingPathComponent("organizations").appendingPathComponent("org-1")
        let configuration = TestSetup.configuration(baseURL: baseURL)
        let client = CredentialHashesClient(configuration: configuration, transport: transport, clock: RecordingClock())

        let credential = try await client.getEmailCredential(hash: fixture.hash)

        #expect(credential == fixture.expected)
        #expect(transport.requests.first?.url.absoluteString == TestSetup.baseURL.absoluteString + prefixedPath)
    }
}
