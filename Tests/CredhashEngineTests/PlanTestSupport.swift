import Foundation
import RebillyAPI
import Testing
import YAMLSupport

@testable import CredhashEngine

/// Builders for planner tests: credentials, states and inputs in a line each.
enum PlanFixtures {
    static let here = SourceLocation(line: 1, column: 1)

    static func email(_ name: String, host: String = "smtp.example.com", port: Int = 25, password: String? = "pw",
                      retire: RetirePolicy = .manual) -> DesiredCredential {
        var fields = [
            ConfigField(path: "host", value: .text(host), location: here),
            ConfigField(path: "port", value: .integer(port), location: here),
            ConfigField(path: "encryption", value: .text("none"), location: nil),
            ConfigField(path: "auth.type", value: .text(password == nil ? "none" : "login"), location: here),
        ]
        var secrets: [ConfigSecret] = []
        if let password {
            fields.append(ConfigField(path: "auth.username", value: .text("mailer"), location: here))
            secrets.append(ConfigSecret(path: "auth.password", value: Secret(password), origin: "env X", location: here))
        }
        return DesiredCredential(name: name, kind: .email, fields: fields, secrets: secrets, retire: retire, location: here)
    }

    static let key = FingerprintKey.unkeyed(salt: Array(repeating: 7, count: 32))

    static func config(_ credentials: [DesiredCredential]) -> DesiredConfig {
        DesiredConfig(path: "credentials.yaml", version: 1, credentials: credentials.sorted { $0.address < $1.address },
                      digest: String(repeating: "ab", count: 32))
    }

    /// A state entry recording `credential` as sent, with `hash`.
    static func entry(_ credential: DesiredCredential, hash: String) -> StateCredential {
        StateCredential(
            type: credential.kind, name: credential.name, hash: hash, status: .active,
            fields: credential.fieldDictionary, secretFingerprints: key.fingerprints(of: credential),
            createdTime: "2026-01-01T00:00:00Z", updatedTime: "2026-01-01T00:00:00Z")
    }

    static func state(_ entries: [(DesiredCredential, String)], retirements: [Retirement] = [],
                      pending: [PendingCreate] = []) -> State {
        State(
            serial: 4, lineage: "00000000-0000-4000-8000-000000000000", fingerprintSalt: String(repeating: "07", count: 32),
            fingerprintKeyed: false, fingerprintKeyCheck: key.checkValue,
            credentials: Dictionary(uniqueKeysWithValues: entries.map { ($0.0.address, entry($0.0, hash: $0.1)) }),
            retirements: retirements, pending: pending)
    }

    static func input(_ desired: [DesiredCredential], state: State?, remote: [String: RemoteObservation]? = nil,
                      scope: RetireScope = .byPolicy) -> PlanInput {
        PlanInput(
            config: config(desired),
            fingerprints: Dictionary(uniqueKeysWithValues: desired.map { ($0.address, key.fingerprints(of: $0)) }),
            state: state, remote: remote, offlineReason: remote == nil ? "REBILLY_API_KEY is not set" : nil,
            retireScope: scope)
    }
}
