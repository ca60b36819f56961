import Foundation

// Strict decoding of the state model. Encoding stays synthesized, so the key sets below must list
// every stored property. The round-trip tests fail when one is missing.

/// The length of a fingerprint and of the key check value, in bytes: one HMAC-SHA-256 output.
private let fingerprintByteCount = 32

extension State {
    static let fieldNames: Set<String> = [
        "formatVersion", "serial", "lineage", "fingerprintSalt", "fingerprintKeyed", "fingerprintKeyCheck",
        "credentials", "replacements", "retirements", "pending",
    ]

    /// Decodes a state, checking `formatVersion` before anything else.
    ///
    /// A newer format may have other fields, so the version decides whether the rest is read.
    ///
    /// - Throws: `StateDecodingIssue` for a newer version, an unknown key or an invalid value, and
    ///   `DecodingError` for a missing key or a value of the wrong JSON type.
    public init(from decoder: Decoder) throws {
        let object = try StrictObjectDecoder(decoder)

        // The version comes first, because a newer format may have other fields.
        let formatVersion = try object.integer("formatVersion", minimum: 1)
        guard formatVersion <= State.currentFormatVersion else {
            throw StateDecodingIssue.unsupportedFormatVersion(found: formatVersion)
        }
        try object.rejectUnknownKeys(Self.fieldNames)

        let serial = try object.integer("serial", minimum: 0, maximum: State.maximumSerial)
        let lineage: String = try object.decode("lineage")
        guard UUID(uuidString: lineage) != nil else {
            throw object.invalid("lineage", "found '\(lineage)', expected a UUID")
        }

        self.init(
            formatVersion: formatVersion, serial: serial, lineage: lineage,
            fingerprintSalt: try object.hexString("fingerprintSalt", byteCount: FingerprintKey.saltLength),
            fingerprintKeyed: try object.decode("fingerprintKeyed"),
            fingerprintKeyCheck: try object.hexString("fingerprintKeyCheck", byteCount: fingerprintByteCount),
            credentials: try object.decode("credentials"), replacements: try object.decode("replacements"),
            retirements: try object.decode("retirements"), pending: try object.decode("pending"))
        try Self.checkAddresses(of: credentials, in: object)
    }

    /// Checks that each credential is stored under its own address, `type.name`.
    private static func checkAddresses(of credentials: [String: StateCredential], in object: StrictObjectDecoder)
        throws
    {
        for (address, credential) in credentials where address != "\(credential.type.rawValue).\(credential.name)" {
            let detail = "found '\(credential.type.rawValue)' and '\(credential.name)', expected the address "
                + "'\(address)' to be type and name joined by a dot"
            let keyPath = object.keyPath("credentials") + ".\(address)"
            throw StateDecodingIssue.invalidValue(keyPath: keyPath, detail: detail)
        }
    }
}

extension StateCredential {
    static let fieldNames: Set<String> = [
        "type", "name", "hash", "status", "fields", "secretFingerprints", "createdTime", "updatedTime",
    ]

    /// Decodes an entry, rejecting unknown keys, an invalid name or hash, and field paths the
    /// credential's type does not have, above all a secret path among the non-secret fields.
    public init(from decoder: Decoder) throws {
        let object = try StrictObjectDecoder(decoder)
        try object.rejectUnknownKeys(Self.fieldNames)
        self.init(
            type: try object.enumValue("type", choices: CredentialKind.allCases),
            name: try object.nonEmptyString("name"),
            hash: try object.nonEmptyString("hash"),
            status: try object.enumValue("status", choices: CredentialStatus.choices),
            fields: try object.decode("fields"),
            secretFingerprints: try object.hexStrings("secretFingerprints", byteCount: fingerprintByteCount),
            createdTime: try object.decode("createdTime"),
            updatedTime: try object.decode("updatedTime"))
        try checkContents(object)
    }

    private func checkContents(_ object: StrictObjectDecoder) throws {
        guard ConfigSchema.isValidName(name) else {
            throw object.invalid("name", "expected a credential name of lowercase letters, digits and '-'")
        }
        guard Self.isSafeHash(hash) else {
            throw object.invalid("hash", "expected letters, digits, '-', '_', '.' or '~'")
        }
        let paths = ConfigSchema.fieldPaths(of: type)
        if let path = fields.keys.sorted().first(where: { !paths.plain.contains($0) }) {
            throw object.invalid("fields", "\(Quote.text(path)) is not a non-secret field of type '\(type.rawValue)'")
        }
        if let path = secretFingerprints.keys.sorted().first(where: { !paths.secret.contains($0) }) {
            throw object.invalid("secretFingerprints", "\(Quote.text(path)) is not a secret field of type '\(type.rawValue)'")
        }
    }

    /// Whether `hash` can go into a URL path as it is: the characters Rebilly's IDs use.
    static func isSafeHash(_ hash: String) -> Bool {
        hash.count <= 100 && hash != "." && hash != ".."
            && hash.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_.~".unicodeScalars.contains($0)
            }
    }
}

extension CredentialStatus {
    /// Every status, in the order error messages list them.
    static let choices: [CredentialStatus] = [.active, .inactive, .deactivated]
}

extension Replacement {
    static let fieldNames: Set<String> = ["address", "oldHash", "newHash", "reason", "time"]

    /// Decodes a replacement, rejecting unknown keys and empty hashes.
    public init(from decoder: Decoder) throws {
        let object = try StrictObjectDecoder(decoder)
        try object.rejectUnknownKeys(Self.fieldNames)
        self.init(
            address: try object.nonEmptyString("address"), oldHash: try object.nonEmptyString("oldHash"),
            newHash: try object.nonEmptyString("newHash"), reason: try object.decode("reason"),
            time: try object.decode("time"))
    }
}

extension Retirement {
    static let fieldNames: Set<String> = ["address", "type", "hash", "since"]

    /// Decodes a retirement, rejecting unknown keys and an empty hash.
    public init(from decoder: Decoder) throws {
        let object = try StrictObjectDecoder(decoder)
        try object.rejectUnknownKeys(Self.fieldNames)
        self.init(
            address: try object.nonEmptyString("address"),
            type: try object.enumValue("type", choices: CredentialKind.allCases),
            hash: try object.nonEmptyString("hash"),
            since: try object.decode("since"))
    }
}

extension PendingCreate {
    static let fieldNames: Set<String> = ["address", "type", "requestFingerprint", "time"]

    /// Decodes a journal entry, rejecting unknown keys.
    public init(from decoder: Decoder) throws {
        let object = try StrictObjectDecoder(decoder)
        try object.rejectUnknownKeys(Self.fieldNames)
        self.init(
            address: try object.nonEmptyString("address"),
            type: try object.enumValue("type", choices: CredentialKind.allCases),
            requestFingerprint: try object.hexString("requestFingerprint", byteCount: fingerprintByteCount),
            time: try object.decode("time"))
    }
}
