import CredhashEngine
import Foundation

/// The JSON that `credhash validate --json` prints; `formatVersion` rises on incompatible changes.
struct ValidationJSON: Encodable {
    struct Location: Encodable {
        let file: String
        let line: Int?
        let column: Int?
    }

    struct DiagnosticEntry: Encodable {
        let severity: String
        let summary: String
        let detail: String?
        let keyPath: String?
        let location: Location?
    }

    struct SecretEntry: Encodable {
        let origin: String
    }

    struct CredentialEntry: Encodable {
        let address: String
        let type: String
        let name: String
        let fields: [String: FieldJSON]
        let secrets: [String: SecretEntry]
        let retire: String
    }

    let formatVersion = 1
    let file: String
    let valid: Bool
    let diagnostics: [DiagnosticEntry]
    let credentials: [CredentialEntry]

    static func render(_ result: ConfigLoadResult, path: String) -> String {
        let document = ValidationJSON(
            file: path, valid: result.config != nil, diagnostics: result.diagnostics.map(entry),
            credentials: result.config?.credentials.map(entry) ?? [])
        return JSONCoding.encode(document)
    }

    private static func entry(_ diagnostic: Diagnostic) -> DiagnosticEntry {
        DiagnosticEntry(
            severity: diagnostic.severity.rawValue, summary: diagnostic.summary, detail: diagnostic.detail,
            keyPath: diagnostic.keyPath,
            location: diagnostic.location.map { Location(file: $0.file, line: $0.line, column: $0.column) })
    }

    private static func entry(_ credential: DesiredCredential) -> CredentialEntry {
        CredentialEntry(
            address: credential.address, type: credential.kind.rawValue, name: credential.name,
            fields: Dictionary(uniqueKeysWithValues: credential.fields.map { ($0.path, FieldJSON($0.value)) }),
            secrets: Dictionary(uniqueKeysWithValues: credential.secrets.map { ($0.path, SecretEntry(origin: $0.origin)) }),
            retire: credential.retire.rawValue)
    }
}

/// A field value as JSON: a number for integers, a string otherwise.
struct FieldJSON: Encodable {
    let value: FieldValue

    init(_ value: FieldValue) { self.value = value }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .text(let text): try container.encode(text)
        case .integer(let number): try container.encode(number)
        }
    }
}
