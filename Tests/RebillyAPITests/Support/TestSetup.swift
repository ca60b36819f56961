import Foundation
import Testing

@testable import RebillyAPI

/// Shared values and builders for the client tests.
enum TestSetup {
    /// The API key every test client sends; tests also treat it as a canary.
    static let apiKey = "sk_test_apikey_canary_51d0"
    /// The version every test client reports in `User-Agent`.
    static let version = "9.9.9-test"
    /// A base URL under the reserved `.invalid` domain; tests with a ``FakeTransport`` never
    /// open a connection to it.
    static let baseURL = URL(string: "https://api.credhash-test.invalid")!

    /// Returns a configuration for `baseURL` with the test key and version.
    static func configuration(
        baseURL: URL = baseURL, retryPolicy: RetryPolicy = RetryPolicy(), timeoutSeconds: Int = 5
    ) -> ClientConfiguration {
        ClientConfiguration(
            baseURL: baseURL, apiKey: Secret(apiKey), version: version,
            timeoutSeconds: timeoutSeconds, retryPolicy: retryPolicy)
    }

    /// Returns a client over `transport` with a clock that never sleeps.
    static func client(
        _ transport: any Transport, clock: RecordingClock = RecordingClock(), log: LogRecorder = LogRecorder(),
        retryPolicy: RetryPolicy = RetryPolicy()
    ) -> CredentialHashesClient {
        CredentialHashesClient(
            configuration: configuration(retryPolicy: retryPolicy), transport: transport, clock: clock,
            log: log.sink)
    }
}

/// Returns `object` as JSON text with sorted keys.
func jsonText(_ object: [String: Any]) -> String {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
}

/// Returns a response with a JSON body and `Content-Type: application/json`.
func jsonResponse(_ status: Int, _ body: String, headers: [String: String] = [:]) -> HTTPResponse {
    var allHeaders = headers
    allHeaders["Content-Type"] = "application/json"
    return HTTPResponse(status: status, headers: allHeaders, body: Data(body.utf8))
}

/// Runs `body` and checks that it throws exactly `expected`.
func expectAPIError(
    _ expected: APIError, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws(APIError) -> Void
) async {
    do {
        try await body()
        Issue.record("expected \(expected), but nothing was thrown", sourceLocation: sourceLocation)
    } catch {
        #expect(error == expected, sourceLocation: sourceLocation)
    }
}
