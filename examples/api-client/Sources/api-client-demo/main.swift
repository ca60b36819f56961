// Creates, reads and deactivates one credential of each kind, printing one line per step.
//
// Usage: REBILLY_API_URL=http://127.0.0.1:8080 REBILLY_API_KEY=... api-client-demo [--debug]
// Exit status: 0 when every step succeeded, 1 on the first failure, 2 on a usage error.

import Foundation
import RebillyAPI

/// A deactivate that returned 200 but not the `deactivated` status.
struct StatusNotDeactivated: Error, CustomStringConvertible {
    let kind: String
    let hash: String

    var description: String { "\(kind) credential '\(hash)' is not deactivated after PATCH" }
}

/// Runs create, get and deactivate for one credential and prints the hash and status of each.
func exercise<Credential: CredentialResource>(
    _ kind: String,
    create: () async throws(APIError) -> CreateResult<Credential>,
    get: (String) async throws(APIError) -> Credential,
    deactivate: (String) async throws(APIError) -> Credential
) async throws {
    let created = try await create()
    let hash = created.credential.hash
    print(
        "created \(kind) credential \(hash): \(created.isNew ? "new" : "existing"), status \(describe(created.credential.status))"
    )

    let fetched = try await get(hash)
    print("got \(kind) credential \(hash): status \(describe(fetched.status))")

    let deactivated = try await deactivate(hash)
    print("deactivated \(kind) credential \(hash): status \(describe(deactivated.status))")
    guard deactivated.status == .deactivated else {
        throw StatusNotDeactivated(kind: kind, hash: hash)
    }
}

func describe(_ status: CredentialStatus?) -> String {
    status?.rawValue ?? "(none)"
}

let environment = ProcessInfo.processInfo.environment
guard environment[ClientConfiguration.Variable.apiURL]?.isEmpty == false else {
    // Without an explicit URL the client would use Rebilly's sandbox, which the demo never contacts.
    let message =
        "api-client-demo: missing REBILLY_API_URL: set it to a test server or emulator URL, "
        + "and set REBILLY_API_KEY\n"
    FileHandle.standardError.write(Data(message.utf8))
    exit(2)
}
let log = LogSink { level, message in
    FileHandle.standardError.write(Data("[\(level)] \(message)\n".utf8))
}
// Unique values per run, so each run creates new credentials instead of finding old ones.
let runID = UUID().uuidString.prefix(8).lowercased()

do {
    let configuration = try ClientConfiguration(environment: environment)
    let client = CredentialHashesClient(
        configuration: configuration, log: CommandLine.arguments.contains("--debug") ? log : .disabled)

    try await exercise(
        "email",
        create: { () async throws(APIError) in
            try await client.createEmailCredential(
                EmailCredentialRequest(
                    host: "smtp-\(runID).example.com", port: 587, encryption: .tls,
                    auth: .login(username: "demo-\(runID)", password: Secret("demo-password-\(runID)"))))
        },
        get: client.getEmailCredential, deactivate: client.deactivateEmailCredential)
    try await exercise(
        "webhook",
        create: { () async throws(APIError) in
            try await client.createWebhookCredential(
                WebhookCredentialRequest(
                    host: "hooks-\(runID).example.com",
                    auth: .basic(username: "demo-\(runID)", password: Secret("demo-password-\(runID)"))))
        },
        get: client.getWebhookCredential, deactivate: client.deactivateWebhookCredential)
    try await exercise(
        "mailgun",
        create: { () async throws(APIError) in
            try await client.createMailgunCredential(
                MailgunCredentialRequest(
                    emailFrom: "demo-\(runID)@example.com", apiKey: Secret("key-demo-\(runID)"),
                    domain: "mg-\(runID).example.com"))
        },
        get: client.getMailgunCredential, deactivate: client.deactivateMailgunCredential)
    try await exercise(
        "aws-ses",
        create: { () async throws(APIError) in
            try await client.createAWSSESCredential(
                AWSSESCredentialRequest(
                    key: "AKIADEMO\(runID.uppercased())", secret: Secret("demo-secret-\(runID)"),
                    region: "us-west-2"))
        },
        get: client.getAWSSESCredential, deactivate: client.deactivateAWSSESCredential)
} catch {
    FileHandle.standardError.write(Data("api-client-demo: \(error)\n".utf8))
    exit(1)
}
