import Foundation

/// The webhook authentication scheme, the `auth.type` field.
public enum WebhookAuthenticationType: String, Sendable, Hashable, CaseIterable, Decodable {
    case none
    case basic
    case digest
    case oauth1
}

/// The desired state of a webhook credential, sent by `createWebhookCredential`.
///
/// Not `Encodable`: the client's request encoder is the only code that writes the secrets.
public struct WebhookCredentialRequest: Sendable, Hashable {
    /// Webhook authentication with its details.
    public enum Authentication: Sendable, Hashable {
        case none
        case basic(username: String, password: Secret)
        case digest(username: String, password: Secret)
        case oauth1(consumerKey: String, consumerSecret: Secret, token: Secret, tokenSecret: Secret)

        /// The scheme, the `auth.type` field.
        public var type: WebhookAuthenticationType {
            switch self {
            case .none: return .none
            case .basic: return .basic
            case .digest: return .digest
            case .oauth1: return .oauth1
            }
        }
    }

    /// The host name only, without scheme, port or path, matched against the webhook URL's
    /// domain (required).
    public var host: String
    /// The authentication. The API's default is `none`.
    public var auth: Authentication

    /// Creates a request.
    public init(host: String, auth: Authentication = .none) {
        self.host = host
        self.auth = auth
    }
}

/// A webhook credential as the API returns it.
///
/// When the server echoes a password or an OAuth 1 secret, it is kept only as a ``Secret``. The
/// API's webhook schema has no `_links`, so ``CredentialResource/links`` is usually empty.
public struct WebhookCredential: CredentialResource, Hashable {
    /// Webhook authentication as returned, with each secret when the server echoed it.
    public enum Authentication: Sendable, Hashable {
        case none
        case basic(username: String, password: Secret?)
        case digest(username: String, password: Secret?)
        case oauth1(consumerKey: String, consumerSecret: Secret?, token: Secret?, tokenSecret: Secret?)

        /// The scheme, the `auth.type` field.
        public var type: WebhookAuthenticationType {
            switch self {
            case .none: return .none
            case .basic: return .basic
            case .digest: return .digest
            case .oauth1: return .oauth1
            }
        }
    }

    /// The read-only hash, status, deactivation time and links.
    public var metadata: CredentialMetadata
    /// The host name.
    public var host: String
    /// The authentication, or `none` when the server omitted it.
    public var auth: Authentication

    /// Creates a credential, for tests and fakes.
    public init(metadata: CredentialMetadata, host: String, auth: Authentication = .none) {
        self.metadata = metadata
        self.host = host
        self.auth = auth
    }
}

extension WebhookCredential: DecodableCredential {
    static var kind: CredentialKind { .webhook }

    private enum Key: String, CodingKey {
        case host, auth
    }

    private enum AuthKey: String, CodingKey {
        case type, username, password, consumerKey, consumerSecret, token, tokenSecret
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        metadata = try CredentialMetadata(from: decoder)
        host = try container.decode(String.self, forKey: .host)
        auth = .none
        if container.contains(.auth) {
            auth = try Self.decodeAuthentication(container.nestedContainer(keyedBy: AuthKey.self, forKey: .auth))
        }
    }

    private static func decodeAuthentication(_ container: KeyedDecodingContainer<AuthKey>) throws
        -> Authentication
    {
        let type = try container.decodeIfPresent(WebhookAuthenticationType.self, forKey: .type) ?? .none
        switch type {
        case .none:
            return .none
        case .basic, .digest:
            let username = try container.decode(String.self, forKey: .username)
            let password = try container.decodeSecretIfPresent(forKey: .password)
            return type == .basic
                ? .basic(username: username, password: password)
                : .digest(username: username, password: password)
        case .oauth1:
            return .oauth1(
                consumerKey: try container.decode(String.self, forKey: .consumerKey),
                consumerSecret: try container.decodeSecretIfPresent(forKey: .consumerSecret),
                token: try container.decodeSecretIfPresent(forKey: .token),
                tokenSecret: try container.decodeSecretIfPresent(forKey: .tokenSecret))
        }
    }
}

extension WebhookCredentialRequest: EncodableCredentialRequest {
    typealias Response = WebhookCredential

    var wireValue: WireValue {
        .object(["host": .string(host), "auth": authWireValue])
    }

    private var authWireValue: WireValue {
        let type = WireValue.string(auth.type.rawValue)
        switch auth {
        case .none:
            return .object(["type": type])
        case .basic(let username, let password), .digest(let username, let password):
            return .object(["type": type, "username": .string(username), "password": .secret(password)])
        case .oauth1(let consumerKey, let consumerSecret, let token, let tokenSecret):
            return .object([
                "type": type,
                "consumerKey": .string(consumerKey),
                "consumerSecret": .secret(consumerSecret),
                "token": .secret(token),
                "tokenSecret": .secret(tokenSecret),
            ])
        }
    }
}
