import RebillyAPI

/// Builds the API's request models from a validated credential.
///
/// The validator has already checked every field against the same rules, so a missing or
/// malformed value cannot occur here; the fallbacks only keep the code total.
struct CredentialRequestBuilder {
    let credential: DesiredCredential

    init(_ credential: DesiredCredential) {
        self.credential = credential
    }

    func email() -> EmailCredentialRequest {
        let username = text("auth.username")
        let password = secret("auth.password")
        let auth: EmailCredentialRequest.Authentication
        switch text("auth.type") {
        case "plain": auth = .plain(username: username, password: password)
        case "login": auth = .login(username: username, password: password)
        case "cram-md5": auth = .cramMD5(username: username, password: password)
        default: auth = .none
        }
        return EmailCredentialRequest(
            host: text("host"), port: integer("port") ?? EmailCredentialRequest.defaultPort,
            encryption: SMTPEncryption(rawValue: text("encryption")) ?? .none, auth: auth)
    }

    func webhook() -> WebhookCredentialRequest {
        let auth: WebhookCredentialRequest.Authentication
        switch text("auth.type") {
        case "basic": auth = .basic(username: text("auth.username"), password: secret("auth.password"))
        case "digest": auth = .digest(username: text("auth.username"), password: secret("auth.password"))
        case "oauth1":
            auth = .oauth1(
                consumerKey: text("auth.consumerKey"), consumerSecret: secret("auth.consumerSecret"),
                token: secret("auth.token"), tokenSecret: secret("auth.tokenSecret"))
        default: auth = .none
        }
        return WebhookCredentialRequest(host: text("host"), auth: auth)
    }

    func mailgun() -> MailgunCredentialRequest {
        MailgunCredentialRequest(emailFrom: text("emailFrom"), apiKey: secret("apiKey"), domain: text("domain"))
    }

    func awsSES() -> AWSSESCredentialRequest {
        let setName = credential.field("configurationSetName").map(\.description)
        return AWSSESCredentialRequest(
            key: text("key"), secret: secret("secret"), region: text("region"), configurationSetName: setName)
    }

    private func text(_ path: String) -> String {
        credential.field(path)?.description ?? ""
    }

    private func integer(_ path: String) -> Int? {
        if case .integer(let number) = credential.field(path) { return number }
        return nil
    }

    private func secret(_ path: String) -> Secret {
        credential.secret(path) ?? Secret("")
    }
}
