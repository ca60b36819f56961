import Foundation

/// The lifecycle state of a credential.
public enum CredentialStatus: String, Sendable, Hashable, Decodable {
    /// The credential can be used.
    case active
    /// The credential is paused, and the API offers no way to resume it.
    case inactive
    /// The credential is permanently deactivated, which cannot be undone.
    case deactivated
}

/// A related link from a credential's read-only `_links`.
public struct CredentialLink: Sendable, Hashable, Decodable {
    /// The link URL.
    public var href: String
    /// The link type. The API documents only `self`.
    public var rel: String?

    /// Creates a link.
    public init(href: String, rel: String?) {
        self.href = href
        self.rel = rel
    }
}

/// The read-only fields every credential kind returns.
public struct CredentialMetadata: Sendable, Hashable {
    /// The credential's ID. The API calls it a hash but generates a UUID or a `crd_` ULID.
    public var hash: String
    /// The state, or nil when the server omitted it.
    public var status: CredentialStatus?
    /// The time the credential was deactivated, or nil while it is active.
    public var deactivationTime: Date?
    /// The `_links` array. The API's webhook schema has none, so it is empty there.
    public var links: [CredentialLink]

    /// Creates metadata.
    public init(
        hash: String, status: CredentialStatus?, deactivationTime: Date? = nil,
        links: [CredentialLink] = []
    ) {
        self.hash = hash
        self.status = status
        self.deactivationTime = deactivationTime
        self.links = links
    }
}

/// The outcome of a create operation.
public struct CreateResult<Credential: Sendable>: Sendable {
    /// Whether the server made a new credential or returned an identical existing one.
    public enum Outcome: Sendable, Hashable {
        /// 201: a new credential.
        case created
        /// 303: a credential with the same content already existed, and nothing was created.
        case existing
    }

    /// The credential as the server returned it, or as a GET of `location` returned it when the
    /// 303 had no body.
    public var credential: Credential
    /// Whether the credential is new.
    public var outcome: Outcome
    /// The `Location` header, resolved against the request URL, or nil when the server sent none.
    public var location: URL?

    /// Creates a result.
    public init(credential: Credential, outcome: Outcome, location: URL?) {
        self.credential = credential
        self.outcome = outcome
        self.location = location
    }

    /// True for a 201 and false for a 303.
    public var isNew: Bool { outcome == .created }
}

extension CreateResult: Equatable where Credential: Equatable {}

/// The JSON keys every credential kind shares.
enum MetadataKey: String, CodingKey {
    case hash
    case status
    case deactivationTime
    case links = "_links"
}

extension CredentialMetadata {
    /// Decodes the shared read-only fields from a credential's top-level object.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: MetadataKey.self)
        self.init(
            hash: try container.decode(String.self, forKey: .hash),
            status: try container.decodeIfPresent(CredentialStatus.self, forKey: .status),
            deactivationTime: try container.decodeTimestampIfPresent(forKey: .deactivationTime),
            links: try container.decodeIfPresent([CredentialLink].self, forKey: .links) ?? [])
    }
}

extension KeyedDecodingContainer {
    /// Decodes an echoed secret as a ``Secret``, so the plain value never lands in a model.
    func decodeSecretIfPresent(forKey key: Key) throws -> Secret? {
        try decodeIfPresent(String.self, forKey: key).map(Secret.init)
    }

    /// Decodes an ISO 8601 date-time, with or without fractional seconds.
    func decodeTimestampIfPresent(forKey key: Key) throws -> Date? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else {
            return nil
        }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) {
            return date
        }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) {
            return date
        }
        throw DecodingError.dataCorruptedError(
            forKey: key, in: self, debugDescription: "expected an ISO 8601 date-time")
    }
}
