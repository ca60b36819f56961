import Foundation
import Testing

@testable import CredhashCLI
@testable import CredhashEngine

/// Every message follows one style: lowercase start, no final period, balanced single quotes.
struct MessageStyleTests {
    static let usageErrors: [UsageError] = [
        .unknownCommand("x", suggestion: "y"), .unknownOption("--x", command: nil, suggestion: nil),
        .missingValue("--config", command: "validate"), .unexpectedValue("--json", command: nil),
        .unexpectedArgument("a", command: "validate"), .missingCommand,
    ]

    static func checkStyle(_ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let first = message.first
        #expect(first.map { !$0.isUppercase } ?? false, "starts with a capital: \(message)", sourceLocation: sourceLocation)
        #expect(!message.hasSuffix("."), "ends with a period: \(message)", sourceLocation: sourceLocation)
        let withoutApostrophes = message.replacingOccurrences(of: "n't", with: "")
        #expect(withoutApostrophes.filter { $0 == "'" }.count % 2 == 0, "unbalanced quotes: \(message)", sourceLocation: sourceLocation)
    }

    @Test func usageErrorsFollowStyle() {
        for error in Self.usageErrors { Self.checkStyle(error.description) }
    }

    @Test func configDiagnosticsFollowStyle() async throws {
        let yaml = """
            version: 1
            extra: 1
            credentials:
              Bad_Name: {type: email, host: h.example.com}
              a: {type: smtp}
              b: {type: email, host: "https://x.example.com", port: 0465, encryption: yes, retire: nope}
              c:
                type: webhook
                host: "h.example.com:80"
                auth: {type: basic, username: u, password: literal}
              d: {type: mailgun, emailFrom: x, apiKey: "${env:NOPE}", domain: "a$b"}
              e: {type: aws-ses, key: 1, secret: "${file:missing}", region: r, extra: 1}
            """
        let path = try CLITestSupport.temporaryFile(yaml)
        let result = ConfigLoader(environment: [:]).load(path: path)
        #expect(result.diagnostics.count >= 12, "\(result.diagnostics.map(\.summary))")
        for diagnostic in result.diagnostics { Self.checkStyle(diagnostic.summary) }
    }
}
