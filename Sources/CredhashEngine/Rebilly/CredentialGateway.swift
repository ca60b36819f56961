import RebillyAPI

/// The Rebilly operations the engine needs, by credential kind.
///
/// ``RebillyGateway`` sends them through ``CredentialHashesClient``; tests may substitute their own.
public protocol CredentialGateway: Sendable {
    /// Reads the credential `hash` of `kind`.
    func get(_ kind: CredentialKind, hash: String) async throws(APIError) -> RemoteCredential
    /// Creates `credential`; `isNew` is `false` when Rebilly answered with an identical existing one.
    func create(_ credential: DesiredCredential) async throws(APIError) -> (credential: RemoteCredential, isNew: Bool)
    /// Deactivates the credential `hash` of `kind`, which cannot be undone.
    func deactivate(_ kind: CredentialKind, hash: String) async throws(APIError) -> RemoteCredential
}

/// The gateway to Rebilly's credential-hash API.
public struct RebillyGateway: CredentialGateway {
    let client: CredentialHashesClient

    public init(client: CredentialHashesClient) {
        self.client = client
    }

    public func get(_ kind: CredentialKind, hash: String) async throws(APIError) -> RemoteCredential {
        switch kind {
        case .email: return RemoteCredential(try await client.getEmailCredential(hash: hash))
        case .webhook: return RemoteCredential(try await client.getWebhookCredential(hash: hash))
        case .mailgun: return RemoteCredential(try await client.getMailgunCredential(hash: hash))
        case .awsSES: return RemoteCredential(try await client.getAWSSESCredential(hash: hash))
        }
    }

    public func create(_ credential: DesiredCredential) async throws(APIError) -> (credential: RemoteCredential, isNew: Bool) {
        let request = CredentialRequestBuilder(credential)
        switch credential.kind {
        case .email:
            let result = try await client.createEmailCredential(request.email())
            return (RemoteCredential(result.credential), result.isNew)
        case .webhook:
            let result = try await client.createWebhookCredential(request.webhook())
            return (RemoteCredential(result.credential), result.isNew)
        case .mailgun:
            let result = try await client.createMailgunCredential(request.mailgun())
            return (RemoteCredential(result.credential), result.isNew)
        case .awsSES:
            let result = try await client.createAWSSESCredential(request.awsSES())
            return (RemoteCredential(result.credential), result.isNew)
        }
    }

    public func deactivate(_ kind: CredentialKind, hash: String) async throws(APIError) -> RemoteCredential {
        switch kind {
        case .email: return RemoteCredential(try await client.deactivateEmailCredential(hash: hash))
        case .webhook: return RemoteCredential(try await client.deactivateWebhookCredential(hash: hash))
        case .mailgun: return RemoteCredential(try await client.deactivateMailgunCredential(hash: hash))
        case .awsSES: return RemoteCredential(try await client.deactivateAWSSESCredential(hash: hash))
        }
    }
}
