import Foundation

/// The connection security of an SMTP server.
public enum SMTPEncryption: String, Sendable, Hashable, CaseIterable, Decodable {
    case none
    case tls
    case ssl
}

/// The SMTP authentication mechanism, the `auth.type` field.
public enum SMTPAuthenticationType: String, Sendable, Hashable, CaseIterable, Decodable {
    case none
    case plain
    case login
    case cramMD5 = "cram-md5"
}

/// The desired state of an email (SMTP) credential, sent by `createEmailCredential`.
///
/// Not `Encodable`: the client's request encoder is the only code that writes the password.
public struct EmailCredentialRequest: Sendable, Hashable {
    /// The API's default SMTP port.
    public static let defaultPort = 25

    /// SMTP authentication with its login details.
    public enum Authentication: Sendable, Hashable {
        case none
        case plain(username: String, password: Secret)
        case login(username: String, password: Secret)
        case cramMD5(username: String, password: Secret)

        /// The mechanism, the `auth.type` field.
        public var type: SMTPAuthenticationType {
            switch self {
            case .none: return .none
            case .plain: return .plain
            case .login: return .login
            case .cramMD5: return .cramMD5
            }
        }
    }

    /// The SMTP host name (required).
    public var host: String
    /// The SMTP port, 1 to 65535. The API's default is 25.
    public var port: Int
    /// The connection security. The API's default is `none`.
    public var encryption: SMTPEncryption
    /// The authentication. The API's default is `none`.
    public var auth: Authentication

    /// Creates a request with the API's defaults for the optional fields.
    public init(
        host: String, port: Int = defaultPort, encryption: SMTPEncryption = .none,
        auth: Authentication = .none
    ) {
        self.host = host
        self.port = port
        self.encryption = encryption
        self.auth = auth
    }
}

/// An email (SMTP) credential as the API returns it.
///
/// When the server echoes the password, it is kept only as a ``Secret``.
public struct EmailCredential: CredentialResource, Hashable {
    /// SMTP authentication as returned, with the password when the server echoed it.
    public enum Authentication: Sendable, Hashable {
        case none
        case plain(username: String, password: Secret?)
        case login(username: String, password: Secret?)
        case cramMD5(username: String, password: Secret?)

        /// The mechanism, the `auth.type` field.
        public var type: SMTPAuthenticationType {
            switch self {
            case .none: return .none
            case .plain: return .plain
            case .login: return .login
            case .cramMD5: return .cramMD5
            }
        }
    }

    /// The read-only hash, status, deactivation time and links.
    public var metadata: CredentialMetadata
    /// The SMTP host name.
    public var host: String
    /// The SMTP port, or 25 when the server omitted it.
    public var port: Int
    /// The connection security, or `none` when the server omitted it.
    public var encryption: SMTPEncryption
    /// The authentication, or `none` when the server omitted it.
    public var auth: Authentication

    /// Creates a credential, for tests and fakes.
    public init(
        metadata: CredentialMetadata, host: String, port: Int = EmailCredentialRequest.defaultPort,
        encryption: SMTPEncryption = .none, auth: Authentication = .none
    ) {
        self.metadata = metadata
        self.host = host
        self.port = port
        self.encryption = encryption
        self.auth = auth
    }
}

extension EmailCredential: DecodableCredential {
    static var kind: CredentialKind { .email }

    private enum Key: String, CodingKey {
        case host, port, encryption, auth
    }

    private enum AuthKey: String, CodingKey {
        case type, username, password
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        metadata = try CredentialMetadata(from: decoder)
        host = try container.decode(String.self, forKey: .host)
        port = try container.decodeIfPresent(Int.self, forKey: .port) ?? EmailCredentialRequest.defaultPort
        encryption = try container.decodeIfPresent(SMTPEncryption.self, forKey: .encryption) ?? .none
        auth = .none
        if container.contains(.auth) {
            auth = try Self.decodeAuthentication(container.nestedContainer(keyedBy: AuthKey.self, forKey: .auth))
        }
    }

    private static func decodeAuthentication(_ container: KeyedDecodingContainer<AuthKey>) throws
        -> Authentication
    {
        let type = try container.decodeIfPresent(SMTPAuthenticationType.self, forKey: .type) ?? .none
        if type == .none {
            return .none
        }
        let username = try container.decode(String.self, forKey: .username)
        let password = try container.decodeSecretIfPresent(forKey: .password)
        switch type {
        case .none: return .none
        case .plain: return .plain(username: username, password: password)
        case .login: return .login(username: username, password: password)
        case .cramMD5: return .cramMD5(username: username, password: password)
        }
    }
}

extension EmailCredentialRequest: EncodableCredentialRequest {
    typealias Response = EmailCredential

    var wireValue: WireValue {
        .object([
            "host": .string(host),
            "port": .integer(port),
            "encryption": .string(encryption.rawValue),
            "auth": authWireValue,
        ])
    }

    private var authWireValue: WireValue {
        switch auth {
        case .none:
            return .object(["type": .string(auth.type.rawValue)])
        case .plain(let username, let password), .login(let username, let password),
            .cramMD5(let username, let password):
            return .object([
                "type": .string(auth.type.rawValue),
                "username": .string(username),
                "password": .secret(password),
            ])
        }
    }
}
