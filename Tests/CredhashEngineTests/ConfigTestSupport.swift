import Foundation

@testable import CredhashEngine

/// Loads configuration text for tests, with a fixed environment and the fixtures folder as base.
enum ConfigTestSupport {
    static let environment = [
        "SMTP_PASSWORD": "smtp-secret-canary",
        "WEBHOOK_PASSWORD": "webhook-secret-canary",
        "MAILGUN_API_KEY": "mailgun-secret-canary",
        "AWS_SECRET": "aws-secret-canary",
        "EMPTY": "",
        "NOT_UTF8": "canary-\u{FFFD}\u{FFFD}",
        "TOO_LONG": String(repeating: "x", count: 64 * 1024 + 1),
        "TRICKY": "a$b${env:SMTP_PASSWORD}'\"\nc",
    ]

    static var fixturesPath: String {
        Bundle.module.path(forResource: "Fixtures", ofType: nil) ?? "Fixtures"
    }

    static func load(_ text: String, environment: [String: String] = environment) -> ConfigLoadResult {
        ConfigLoader(environment: environment).load(bytes: Array(text.utf8), path: fixturesPath + "/credentials.yaml")
    }

    /// A valid file with one credential of each kind.
    static let valid = """
        version: 1
        credentials:
          smtp-main:
            type: email
            host: smtp.example.com
            port: 465
            encryption: ssl
            auth:
              type: login
              username: mailer
              password: ${env:SMTP_PASSWORD}
          hooks:
            type: webhook
            host: hooks.example.com
            auth:
              type: basic
              username: rebilly
              password: ${env:WEBHOOK_PASSWORD}
          mail:
            type: mailgun
            emailFrom: billing@example.com
            apiKey: ${file:secrets/mailgun-key}
            domain: mg.example.com
          ses:
            type: aws-ses
            key: AKIAEXAMPLE
            secret: ${env:AWS_SECRET}
            region: us-east-1

        """
}
