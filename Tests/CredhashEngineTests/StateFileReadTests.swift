import Foundation
import Testing

@testable import CredhashEngine

/// One damaged state file and the error reading it must raise.
struct BrokenStateCase: CustomTestStringConvertible, Sendable {
    let id: String
    let text: String
    let expected: @Sendable (_ path: String) -> StateFileError

    var testDescription: String { id }
}

@Suite(.timeLimit(.minutes(1)))
struct StateFileReadTests {
    static func replacing(_ target: String, with replacement: String) -> String {
        StateTestSupport.sampleText(replacing: target, with: replacement)
    }

    static let syntaxCases: [BrokenStateCase] = [
        BrokenStateCase(id: "empty", text: "", expected: { .empty(path: $0) }),
        BrokenStateCase(id: "whitespace only", text: " \n\t \n", expected: { .empty(path: $0) }),
        BrokenStateCase(
            id: "truncated JSON", text: String(StateTestSupport.sampleText.prefix(200)),
            expected: { .invalidJSON(path: $0, detail: "unexpected end of file during JSON parse") }),
        BrokenStateCase(
            id: "not JSON", text: "serial = 3\n",
            expected: { .invalidJSON(path: $0, detail: "invalid value around character 0") }),
        BrokenStateCase(id: "JSON array", text: "[1, 2]\n", expected: { .notAnObject(path: $0) }),
        BrokenStateCase(id: "JSON string", text: "\"state\"\n", expected: { .notAnObject(path: $0) }),
        BrokenStateCase(id: "JSON null", text: "null\n", expected: { .notAnObject(path: $0) }),
    ]

    static let versionCases: [BrokenStateCase] = [
        BrokenStateCase(
            id: "newer format version with new field",
            text: replacing("\"formatVersion\" : 1", with: "\"formatVersion\" : 2,\n  \"futureField\" : true"),
            expected: { .unsupportedFormatVersion(path: $0, found: 2, supported: 1) }),
        BrokenStateCase(
            id: "missing format version", text: replacing("  \"formatVersion\" : 1,\n", with: ""),
            expected: { .missingField(path: $0, keyPath: "formatVersion") }),
        BrokenStateCase(
            id: "format version zero", text: replacing("\"formatVersion\" : 1", with: "\"formatVersion\" : 0"),
            expected: { .invalidValue(path: $0, keyPath: "formatVersion", detail: "found 0, expected 1 or more") }),
    ]

    static let fieldCases: [BrokenStateCase] = [
        BrokenStateCase(
            id: "unknown top-level key",
            text: replacing("\"serial\" : 3", with: "\"colour\" : \"red\",\n  \"serial\" : 3"),
            expected: { .unknownField(path: $0, keyPath: "colour") }),
        BrokenStateCase(
            id: "unknown credential key",
            text: replacing("\"hash\" : \"hash-1\"", with: "\"colour\" : \"red\", \"hash\" : \"hash-1\""),
            expected: { .unknownField(path: $0, keyPath: "credentials.email.smtp-main.colour") }),
        BrokenStateCase(
            id: "unknown replacement key",
            text: replacing("\"newHash\" : \"hash-1\"", with: "\"colour\" : \"red\", \"newHash\" : \"hash-1\""),
            expected: { .unknownField(path: $0, keyPath: "replacements[0].colour") }),
        BrokenStateCase(
            id: "unknown retirement key", text: replacing("\"since\" :", with: "\"colour\" : \"red\", \"since\" :"),
            expected: { .unknownField(path: $0, keyPath: "retirements[0].colour") }),
        BrokenStateCase(
            id: "unknown pending key",
            text: replacing("\"requestFingerprint\" :", with: "\"colour\" : \"red\", \"requestFingerprint\" :"),
            expected: { .unknownField(path: $0, keyPath: "pending[0].colour") }),
        BrokenStateCase(
            id: "missing credential hash", text: replacing("      \"hash\" : \"hash-1\",\n", with: ""),
            expected: { .missingField(path: $0, keyPath: "credentials.email.smtp-main.hash") }),
        BrokenStateCase(
            id: "missing serial", text: replacing(",\n  \"serial\" : 3", with: ""),
            expected: { .missingField(path: $0, keyPath: "serial") }),
    ]

    static let valueCases: [BrokenStateCase] = [
        BrokenStateCase(
            id: "lineage not a UUID", text: replacing(StateTestSupport.lineage, with: "not-a-uuid"),
            expected: { .invalidValue(path: $0, keyPath: "lineage", detail: "found 'not-a-uuid', expected a UUID") }),
        BrokenStateCase(
            id: "lineage null", text: replacing("\"\(StateTestSupport.lineage)\"", with: "null"),
            expected: { .invalidValue(path: $0, keyPath: "lineage", detail: "found null, expected a string") }),
        BrokenStateCase(
            id: "salt too short", text: replacing(StateTestSupport.salt, with: "abcd"),
            expected: {
                .invalidValue(path: $0, keyPath: "fingerprintSalt", detail: "expected 64 hexadecimal digits")
            }),
        BrokenStateCase(
            id: "salt not hexadecimal",
            text: replacing(StateTestSupport.salt, with: String(repeating: "zz", count: 32)),
            expected: {
                .invalidValue(path: $0, keyPath: "fingerprintSalt", detail: "expected 64 hexadecimal digits")
            }),
        BrokenStateCase(
            id: "fingerprint not hexadecimal",
            text: replacing("\"auth.password\" : \"c3", with: "\"auth.password\" : \"zz"),
            expected: {
                .invalidValue(
                    path: $0, keyPath: "credentials.email.smtp-main.secretFingerprints.auth.password",
                    detail: "expected 64 hexadecimal digits")
            }),
        BrokenStateCase(
            id: "negative serial", text: replacing("\"serial\" : 3", with: "\"serial\" : -1"),
            expected: { .invalidValue(path: $0, keyPath: "serial", detail: "found -1, expected 0 or more") }),
        BrokenStateCase(
            id: "serial that cannot rise",
            text: replacing("\"serial\" : 3", with: "\"serial\" : 9223372036854775807"),
            expected: {
                .invalidValue(
                    path: $0, keyPath: "serial",
                    detail: "found 9223372036854775807, expected 9007199254740991 or less")
            }),
        BrokenStateCase(
            id: "fractional serial", text: replacing("\"serial\" : 3", with: "\"serial\" : 1.5"),
            expected: {
                .invalidValue(path: $0, keyPath: "serial", detail: "found 1.5, expected a whole number of 0 or more")
            }),
        BrokenStateCase(
            id: "serial as text", text: replacing("\"serial\" : 3", with: "\"serial\" : \"3\""),
            expected: { .invalidValue(path: $0, keyPath: "serial", detail: "expected a whole number") }),
        BrokenStateCase(
            id: "keyed flag as text",
            text: replacing("\"fingerprintKeyed\" : false", with: "\"fingerprintKeyed\" : \"no\""),
            expected: { .invalidValue(path: $0, keyPath: "fingerprintKeyed", detail: "expected true or false") }),
        BrokenStateCase(
            id: "unknown status", text: replacing("\"active\"", with: "\"paused\""),
            expected: {
                .invalidValue(
                    path: $0, keyPath: "credentials.email.smtp-main.status",
                    detail: "found 'paused', expected one of 'active', 'inactive', 'deactivated'")
            }),
        BrokenStateCase(
            id: "unknown retirement type",
            text: replacing("\"type\" : \"email\"\n    }\n  ]", with: "\"type\" : \"sms\"\n    }\n  ]"),
            expected: {
                .invalidValue(
                    path: $0, keyPath: "retirements[0].type",
                    detail: "found 'sms', expected one of 'email', 'webhook', 'mailgun', 'aws-ses'")
            }),
        BrokenStateCase(
            id: "empty hash", text: replacing("\"hash\" : \"hash-1\"", with: "\"hash\" : \"\""),
            expected: {
                .invalidValue(
                    path: $0, keyPath: "credentials.email.smtp-main.hash", detail: "expected a non-empty string")
            }),
        BrokenStateCase(
            id: "field value true", text: replacing("\"port\" : 465", with: "\"port\" : true"),
            expected: {
                .invalidValue(
                    path: $0, keyPath: "credentials.email.smtp-main.fields.port",
                    detail: "expected a string or a whole number")
            }),
        BrokenStateCase(
            id: "address not type and name", text: replacing("\"email.smtp-main\" : {", with: "\"email.other\" : {"),
            expected: {
                .invalidValue(
                    path: $0, keyPath: "credentials.email.other",
                    detail: "found 'email' and 'smtp-main', expected the address 'email.other' to be type and "
                        + "name joined by a dot")
            }),
    ]

    @Test(arguments: syntaxCases + versionCases + fieldCases + valueCases)
    func brokenFileIsRejectedAndKept(_ brokenCase: BrokenStateCase) throws {
        let folder = try TemporaryFolder()
        let path = folder.file("credhash.state.json")
        try StateTestSupport.writeText(brokenCase.text, to: path)

        #expect(throws: brokenCase.expected(path)) {
            try StateFile.read(path: path)
        }
        #expect(StateTestSupport.bytes(of: path) == Array(brokenCase.text.utf8))
        #expect(try folder.names() == ["credhash.state.json"])
    }

    @Test func folderIsUnreadable() throws {
        let folder = try TemporaryFolder()

        #expect(throws: StateFileError.unreadable(path: folder.path, reason: "it is a folder")) {
            try StateFile.read(path: folder.path)
        }
    }

    @Test func sampleTextReads() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("credhash.state.json")
        try StateTestSupport.writeText(StateTestSupport.sampleText, to: path)

        #expect(try StateFile.read(path: path) == StateTestSupport.sample())
    }
}
