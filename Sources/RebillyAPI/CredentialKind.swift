import Foundation

/// The four credential-hash kinds the client manages.
public enum CredentialKind: String, Sendable, Hashable, CaseIterable {
    /// An SMTP server, at `/credential-hashes/emails`.
    case email
    /// A webhook host, at `/credential-hashes/webhooks`.
    case webhook
    /// A Mailgun account, at `/credential-hashes/mailgun`.
    case mailgun
    /// An Amazon SES account, at `/credential-hashes/aws-ses`.
    case awsSES

    /// The path of the kind's collection, relative to the base URL.
    public var collectionPath: String {
        switch self {
        case .email: return "/credential-hashes/emails"
        case .webhook: return "/credential-hashes/webhooks"
        case .mailgun: return "/credential-hashes/mailgun"
        case .awsSES: return "/credential-hashes/aws-ses"
        }
    }

    /// The kind's part of the SDK operation names, such as `Email` in `getEmailCredential`.
    var operationNamePart: String {
        switch self {
        case .email: return "Email"
        case .webhook: return "Webhook"
        case .mailgun: return "Mailgun"
        case .awsSES: return "AWSSES"
        }
    }
}

/// The read-only fields every response model exposes.
public protocol CredentialResource: Sendable {
    /// The credential's hash, status, deactivation time and links.
    var metadata: CredentialMetadata { get }
}

extension CredentialResource {
    /// The credential's ID.
    public var hash: String { metadata.hash }
    /// The credential's state, or nil when the server omitted it.
    public var status: CredentialStatus? { metadata.status }
    /// When the credential was deactivated.
    public var deactivationTime: Date? { metadata.deactivationTime }
    /// The credential's `_links`.
    public var links: [CredentialLink] { metadata.links }
}

/// A response model the client can decode for a given kind.
protocol DecodableCredential: CredentialResource, Decodable {
    static var kind: CredentialKind { get }
}

/// A request model the client can encode for a given kind.
protocol EncodableCredentialRequest: Sendable {
    associatedtype Response: DecodableCredential
    /// The request body as a JSON tree whose secrets stay wrapped until ``RequestEncoder`` writes it.
    var wireValue: WireValue { get }
}
