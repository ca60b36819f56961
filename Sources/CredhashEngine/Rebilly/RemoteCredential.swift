import RebillyAPI

/// A credential as Rebilly returned it, in the engine's terms: fields by dotted path, the same
/// paths the configuration and the state use.
public struct RemoteCredential: Sendable {
    public var hash: String
    /// The status; a response without one is taken as active, the status of every new hash.
    public var status: CredentialStatus
    public var fields: [String: FieldValue]
    /// The secrets the response echoed, by path; empty when it echoed none.
    public var secrets: [(path: String, value: Secret)]
}

extension RemoteCredential {
    init(metadata: CredentialMetadata, fields: [String: FieldValue], secrets: [(String, Secret?)]) {
        hash = metadata.hash
        switch metadata.status {
        case .inactive: status = .inactive
        case .deactivated: status = .deactivated
        case .active, nil: status = .active
        }
        self.fields = fields
        self.secrets = secrets.compactMap { path, value in value.map { (path, $0) } }
    }

    init(_ credential: EmailCredential) {
        var fields: [String: FieldValue] = [
            "host": .text(credential.host), "port": .integer(credential.port),
            "encryption": .text(credential.encryption.rawValue), "auth.type": .text(credential.auth.type.rawValue),
        ]
        var password: Secret?
        switch credential.auth {
        case .none: break
        case .plain(let username, let secret), .login(let username, let secret), .cramMD5(let username, let secret):
            fields["auth.username"] = .text(username)
            password = secret
        }
        self.init(metadata: credential.metadata, fields: fields, secrets: [("auth.password", password)])
    }

    init(_ credential: WebhookCredential) {
        var fields: [String: FieldValue] = [
            "host": .text(credential.host), "auth.type": .text(credential.auth.type.rawValue),
        ]
        var secrets: [(String, Secret?)] = []
        switch credential.auth {
        case .none: break
        case .basic(let username, let password), .digest(let username, let password):
            fields["auth.username"] = .text(username)
            secrets = [("auth.password", password)]
        case .oauth1(let consumerKey, let consumerSecret, let token, let tokenSecret):
            fields["auth.consumerKey"] = .text(consumerKey)
            secrets = [("auth.consumerSecret", consumerSecret), ("auth.token", token), ("auth.tokenSecret", tokenSecret)]
        }
        self.init(metadata: credential.metadata, fields: fields, secrets: secrets)
    }

    init(_ credential: MailgunCredential) {
        let fields: [String: FieldValue] = ["emailFrom": .text(credential.emailFrom), "domain": .text(credential.domain)]
        self.init(metadata: credential.metadata, fields: fields, secrets: [("apiKey", credential.apiKey)])
    }

    init(_ credential: AWSSESCredential) {
        var fields: [String: FieldValue] = ["key": .text(credential.key), "region": .text(credential.region)]
        if let name = credential.configurationSetName { fields["configurationSetName"] = .text(name) }
        self.init(metadata: credential.metadata, fields: fields, secrets: [("secret", credential.secret)])
    }
}
