/// What credhash has created in Rebilly, as recorded in the state file.
///
/// Rebilly has no endpoint that lists credential hashes, so the state is the only record of which
/// hash belongs to which credential. It holds no secret: secret fields are kept only as a keyed
/// fingerprint (see ``FingerprintKey``).
public struct State: Sendable, Equatable, Codable {
    /// The state format this build writes. A reader refuses a newer one.
    public static let currentFormatVersion = 1
    /// The largest serial a state may have: 2^53 − 1, the largest integer every JSON reader keeps
    /// exact, so that each later write can still raise it by one.
    public static let maximumSerial = 9_007_199_254_740_991

    /// The on-disk format version.
    public var formatVersion: Int
    /// Rises by one on every change; a saved plan and a compare-and-swap write check it.
    public var serial: Int
    /// A UUID fixed when the state is created. Two states with different lineages never mix.
    public var lineage: String
    /// Random bytes, in hexadecimal, that salt the fingerprint key.
    public var fingerprintSalt: String
    /// Whether fingerprints are keyed by `CREDHASH_STATE_KEY` (`true`) or by the salt alone.
    public var fingerprintKeyed: Bool
    /// An HMAC of a fixed text under the fingerprint key, so a wrong key is detected before any
    /// fingerprint is compared.
    public var fingerprintKeyCheck: String
    /// The managed credentials by address (`email.smtp-main`).
    public var credentials: [String: StateCredential]
    /// Every replace so far, oldest first: the mapping other systems follow.
    public var replacements: [Replacement]
    /// Hashes superseded by a replace and not yet deactivated.
    public var retirements: [Retirement]
    /// Creates that were sent but whose answer was not recorded yet: the apply journal.
    public var pending: [PendingCreate]

    /// Creates a state.
    public init(
        formatVersion: Int = State.currentFormatVersion, serial: Int, lineage: String, fingerprintSalt: String,
        fingerprintKeyed: Bool, fingerprintKeyCheck: String, credentials: [String: StateCredential] = [:],
        replacements: [Replacement] = [], retirements: [Retirement] = [], pending: [PendingCreate] = []
    ) {
        self.formatVersion = formatVersion
        self.serial = serial
        self.lineage = lineage
        self.fingerprintSalt = fingerprintSalt
        self.fingerprintKeyed = fingerprintKeyed
        self.fingerprintKeyCheck = fingerprintKeyCheck
        self.credentials = credentials
        self.replacements = replacements
        self.retirements = retirements
        self.pending = pending
    }
}

/// The status Rebilly reports for a credential hash.
public enum CredentialStatus: String, Sendable, Codable, Equatable {
    case active
    case inactive
    case deactivated
}

/// One managed credential in the state.
public struct StateCredential: Sendable, Equatable, Codable {
    /// The kind.
    public var type: CredentialKind
    /// The name, the part of the address after the kind.
    public var name: String
    /// The credential hash Rebilly assigned.
    public var hash: String
    /// The status last seen.
    public var status: CredentialStatus
    /// The non-secret fields as sent, by dotted path.
    public var fields: [String: FieldValue]
    /// The keyed fingerprint of each secret field as sent, by dotted path.
    public var secretFingerprints: [String: String]
    /// When the hash was created or adopted (ISO 8601, UTC).
    public var createdTime: String
    /// When this entry last changed (ISO 8601, UTC).
    public var updatedTime: String

    /// Creates an entry.
    public init(
        type: CredentialKind, name: String, hash: String, status: CredentialStatus, fields: [String: FieldValue],
        secretFingerprints: [String: String], createdTime: String, updatedTime: String
    ) {
        self.type = type
        self.name = name
        self.hash = hash
        self.status = status
        self.fields = fields
        self.secretFingerprints = secretFingerprints
        self.createdTime = createdTime
        self.updatedTime = updatedTime
    }
}

/// One replace: the old hash, the new one, and why.
public struct Replacement: Sendable, Equatable, Codable {
    public var address: String
    public var oldHash: String
    public var newHash: String
    /// The plan reason, such as `replaceBecauseSecretChanged`.
    public var reason: String
    /// When the new hash was recorded (ISO 8601, UTC).
    public var time: String

    public init(address: String, oldHash: String, newHash: String, reason: String, time: String) {
        self.address = address
        self.oldHash = oldHash
        self.newHash = newHash
        self.reason = reason
        self.time = time
    }
}

/// A superseded hash that is still active and waits to be deactivated.
public struct Retirement: Sendable, Equatable, Codable {
    public var address: String
    public var type: CredentialKind
    public var hash: String
    /// When the hash was superseded (ISO 8601, UTC).
    public var since: String

    public init(address: String, type: CredentialKind, hash: String, since: String) {
        self.address = address
        self.type = type
        self.hash = hash
        self.since = since
    }
}

/// A create recorded before it was sent, so an interrupted apply can find its hash again.
public struct PendingCreate: Sendable, Equatable, Codable {
    public var address: String
    public var type: CredentialKind
    /// The fingerprint of the whole request (fields and secrets), under the state's key.
    public var requestFingerprint: String
    /// When the create was recorded (ISO 8601, UTC).
    public var time: String

    public init(address: String, type: CredentialKind, requestFingerprint: String, time: String) {
        self.address = address
        self.type = type
        self.requestFingerprint = requestFingerprint
        self.time = time
    }
}

extension FieldValue: Codable {
    /// Decodes a JSON number as an integer and a JSON string as text.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .integer(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    /// Encodes integers as JSON numbers and text as JSON strings.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .integer(let number): try container.encode(number)
        }
    }
}
