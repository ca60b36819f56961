import Foundation

/// The desired state of a Mailgun credential, sent by `createMailgunCredential`.
///
/// Not `Encodable`: the client's request encoder is the only code that writes the API key.
public struct MailgunCredentialRequest: Sendable, Hashable {
    /// The sender address (required).
    public var emailFrom: String
    /// The Mailgun API key (required).
    public var apiKey: Secret
    /// The Mailgun sending domain (required).
    public var domain: String

    /// Creates a request.
    public init(emailFrom: String, apiKey: Secret, domain: String) {
        self.emailFrom = emailFrom
        self.apiKey = apiKey
        self.domain = domain
    }
}

/// A Mailgun credential as the API returns it.
///
/// When the server echoes the Mailgun API key, it is kept only as a ``Secret``.
public struct MailgunCredential: CredentialResource, Hashable {
    /// The read-only hash, status, deactivation time and links.
    public var metadata: CredentialMetadata
    /// The sender address.
    public var emailFrom: String
    /// The Mailgun sending domain.
    public var domain: String
    /// The Mailgun API key, when the server echoed it.
    public var apiKey: Secret?

    /// Creates a credential, for tests and fakes.
    public init(metadata: CredentialMetadata, emailFrom: String, domain: String, apiKey: Secret? = nil) {
        self.metadata = metadata
        self.emailFrom = emailFrom
        self.domain = domain
        self.apiKey = apiKey
    }
}

extension MailgunCredential: DecodableCredential {
    static var kind: CredentialKind { .mailgun }

    private enum Key: String, CodingKey {
        case emailFrom, domain, apiKey
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        metadata = try CredentialMetadata(from: decoder)
        emailFrom = try container.decode(String.self, forKey: .emailFrom)
        domain = try container.decode(String.self, forKey: .domain)
        apiKey = try container.decodeSecretIfPresent(forKey: .apiKey)
    }
}

extension MailgunCredentialRequest: EncodableCredentialRequest {
    typealias Response = MailgunCredential

    var wireValue: WireValue {
        .object(["emailFrom": .string(emailFrom), "apiKey": .secret(apiKey), "domain": .string(domain)])
    }
}
