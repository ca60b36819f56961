import Foundation

/// A client for Rebilly's credential-hash API: create, read and deactivate email (SMTP), webhook,
/// Mailgun and Amazon SES credentials.
///
/// The method names follow the `credentialHashes` resource of Rebilly's JavaScript SDK. The API has
/// no update, delete or list operation: PATCH can only deactivate, and that cannot be undone. Every
/// method retries as ``RetryPolicy`` describes and throws only ``APIError``.
public struct CredentialHashesClient: Sendable {
    let configuration: ClientConfiguration
    let transport: any Transport
    let clock: any RetryClock
    let log: LogSink
    let encoder: RequestEncoder

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - configuration: The base URL, API key, version, timeout and retry bounds.
    ///   - transport: The HTTP transport, by default an ephemeral `URLSession` that does not follow
    ///     redirects.
    ///   - clock: The time source and sleeper for retries.
    ///   - log: The destination of debug messages, by default none.
    public init(
        configuration: ClientConfiguration, transport: any Transport = URLSessionTransport(),
        clock: any RetryClock = SystemRetryClock(), log: LogSink = .disabled
    ) {
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
        self.log = log
        self.encoder = RequestEncoder(configuration: configuration)
    }

    // MARK: - Email (SMTP)

    /// Retrieves an email credential: `GET /credential-hashes/emails/{hash}`, SDK `getEmailCredential`.
    ///
    /// - Throws: ``APIError``, such as ``APIError/notFound(_:_:)`` for an unknown hash.
    public func getEmailCredential(hash: String) async throws(APIError) -> EmailCredential {
        try await get(EmailCredential.self, hash: hash)
    }

    /// Creates an email credential: `POST /credential-hashes/emails`, SDK `createEmailCredential`.
    ///
    /// - Returns: The credential, and whether it is new (201) or an identical existing one (303).
    /// - Throws: ``APIError``, such as ``APIError/validation(_:invalidFields:problem:)`` for a 422.
    public func createEmailCredential(_ request: EmailCredentialRequest) async throws(APIError)
        -> CreateResult<EmailCredential>
    {
        try await create(request)
    }

    /// Deactivates an email credential for good: `PATCH /credential-hashes/emails/{hash}` with
    /// `{"status":"deactivated"}`, SDK `patchEmailCredential`.
    ///
    /// - Returns: The credential with its new status.
    /// - Throws: ``APIError``, such as ``APIError/notFound(_:_:)`` for an unknown hash.
    public func deactivateEmailCredential(hash: String) async throws(APIError) -> EmailCredential {
        try await deactivate(EmailCredential.self, hash: hash)
    }

    // MARK: - Webhook

    /// Retrieves a webhook credential: `GET /credential-hashes/webhooks/{hash}`, SDK
    /// `getWebhookCredential`.
    ///
    /// - Throws: ``APIError``, such as ``APIError/notFound(_:_:)`` for an unknown hash.
    public func getWebhookCredential(hash: String) async throws(APIError) -> WebhookCredential {
        try await get(WebhookCredential.self, hash: hash)
    }

    /// Creates a webhook credential: `POST /credential-hashes/webhooks`, SDK
    /// `createWebhookCredential`.
    ///
    /// - Returns: The credential, and whether it is new (201) or an identical existing one (303).
    /// - Throws: ``APIError``, such as ``APIError/validation(_:invalidFields:problem:)`` for a 422.
    public func createWebhookCredential(_ request: WebhookCredentialRequest) async throws(APIError)
        -> CreateResult<WebhookCredential>
    {
        try await create(request)
    }

    /// Deactivates a webhook credential for good: `PATCH /credential-hashes/webhooks/{hash}`, SDK
    /// `patchWebhookCredential`.
    ///
    /// - Returns: The credential with its new status.
    /// - Throws: ``APIError``, such as ``APIError/notFound(_:_:)`` for an unknown hash.
    public func deactivateWebhookCredential(hash: String) async throws(APIError) -> WebhookCredential {
        try await deactivate(WebhookCredential.self, hash: hash)
    }

    // MARK: - Mailgun

    /// Retrieves a Mailgun credential: `GET /credential-hashes/mailgun/{hash}`, SDK
    /// `getMailgunCredential`.
    ///
    /// - Throws: ``APIError``, such as ``APIError/notFound(_:_:)`` for an unknown hash.
    public func getMailgunCredential(hash: String) async throws(APIError) -> MailgunCredential {
        try await get(MailgunCredential.self, hash: hash)
    }

    /// Creates a Mailgun credential: `POST /credential-hashes/mailgun`, SDK `createMailgunCredential`.
    ///
    /// - Returns: The credential, and whether it is new (201) or an identical existing one (303).
    /// - Throws: ``APIError``, such as ``APIError/validation(_:invalidFields:problem:)`` for a 422.
    public func createMailgunCredential(_ request: MailgunCredentialRequest) async throws(APIError)
        -> CreateResult<MailgunCredential>
    {
        try await create(request)
    }

    /// Deactivates a Mailgun credential for good: `PATCH /credential-hashes/mailgun/{hash}`, SDK
    /// `patchMailgunCredential`.
    ///
    /// - Returns: The credential with its new status.
    /// - Throws: ``APIError``, such as ``APIError/notFound(_:_:)`` for an unknown hash.
    public func deactivateMailgunCredential(hash: String) async throws(APIError) -> MailgunCredential {
        try await deactivate(MailgunCredential.self, hash: hash)
    }

    // MARK: - Amazon SES

    /// Retrieves an Amazon SES credential: `GET /credential-hashes/aws-ses/{hash}`, SDK
    /// `getAWSSESCredential`.
    ///
    /// - Throws: ``APIError``, such as ``APIError/notFound(_:_:)`` for an unknown hash.
    public func getAWSSESCredential(hash: String) async throws(APIError) -> AWSSESCredential {
        try await get(AWSSESCredential.self, hash: hash)
    }

    /// Creates an Amazon SES credential: `POST /credential-hashes/aws-ses`, SDK
    /// `createAWSSESCredential`.
    ///
    /// - Returns: The credential, and whether it is new (201) or an identical existing one (303).
    /// - Throws: ``APIError``, such as ``APIError/validation(_:invalidFields:problem:)`` for a 422.
    public func createAWSSESCredential(_ request: AWSSESCredentialRequest) async throws(APIError)
        -> CreateResult<AWSSESCredential>
    {
        try await create(request)
    }

    /// Deactivates an Amazon SES credential for good: `PATCH /credential-hashes/aws-ses/{hash}`, SDK
    /// `updateAWSSESCredential`.
    ///
    /// - Returns: The credential with its new status.
    /// - Throws: ``APIError``, such as ``APIError/notFound(_:_:)`` for an unknown hash.
    public func deactivateAWSSESCredential(hash: String) async throws(APIError) -> AWSSESCredential {
        try await deactivate(AWSSESCredential.self, hash: hash)
    }
}
