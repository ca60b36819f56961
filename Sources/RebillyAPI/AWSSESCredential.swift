import Foundation

/// The desired state of an Amazon SES credential, sent by `createAWSSESCredential`.
///
/// Not `Encodable`: the client's request encoder is the only code that writes the secret key.
public struct AWSSESCredentialRequest: Sendable, Hashable {
    /// The AWS access key ID, such as `AKIAIOSFODNN7EXAMPLE` (required).
    public var key: String
    /// The AWS secret access key (required).
    public var secret: Secret
    /// The AWS region name, such as `us-west-2` (required).
    public var region: String
    /// The SES configuration set to send with (optional).
    public var configurationSetName: String?

    /// Creates a request.
    public init(key: String, secret: Secret, region: String, configurationSetName: String? = nil) {
        self.key = key
        self.secret = secret
        self.region = region
        self.configurationSetName = configurationSetName
    }
}

/// An Amazon SES credential as the API returns it.
///
/// When the server echoes the secret access key, it is kept only as a ``Secret``.
public struct AWSSESCredential: CredentialResource, Hashable {
    /// The read-only hash, status, deactivation time and links.
    public var metadata: CredentialMetadata
    /// The AWS access key ID.
    public var key: String
    /// The AWS region name.
    public var region: String
    /// The SES configuration set, when one is set.
    public var configurationSetName: String?
    /// The AWS secret access key, when the server echoed it.
    public var secret: Secret?

    /// Creates a credential, for tests and fakes.
    public init(
        metadata: CredentialMetadata, key: String, region: String,
        configurationSetName: String? = nil, secret: Secret? = nil
    ) {
        self.metadata = metadata
        self.key = key
        self.region = region
        self.configurationSetName = configurationSetName
        self.secret = secret
    }
}

extension AWSSESCredential: DecodableCredential {
    static var kind: CredentialKind { .awsSES }

    private enum Key: String, CodingKey {
        case key, secret, region, configurationSetName
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        metadata = try CredentialMetadata(from: decoder)
        key = try container.decode(String.self, forKey: .key)
        region = try container.decode(String.self, forKey: .region)
        configurationSetName = try container.decodeIfPresent(String.self, forKey: .configurationSetName)
        secret = try container.decodeSecretIfPresent(forKey: .secret)
    }
}

extension AWSSESCredentialRequest: EncodableCredentialRequest {
    typealias Response = AWSSESCredential

    var wireValue: WireValue {
        var members: [String: WireValue] = [
            "key": .string(key),
            "secret": .secret(secret),
            "region": .string(region),
        ]
        if let configurationSetName {
            members["configurationSetName"] = .string(configurationSetName)
        }
        return .object(members)
    }
}
