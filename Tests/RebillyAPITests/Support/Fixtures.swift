import Foundation

@testable import RebillyAPI

/// One fixture per credential kind. Each response echoes the kind's secrets as canaries.
enum Fixtures {
    static let email: KindFixture<EmailCredentialRequest, EmailCredential> = {
        let hash = "b120c2ca-6c2b-4690-9dff-3b0d87852dc7"
        let path = "/credential-hashes/emails/\(hash)"
        let auth = EmailCredential.Authentication.login(username: "mailer", password: Secret(Canary.emailPassword))
        return KindFixture(
            collectionPath: "/credential-hashes/emails", hash: hash,
            request: EmailCredentialRequest(
                host: "smtp.example.com", port: 587, encryption: .tls,
                auth: .login(username: "mailer", password: Secret(Canary.emailPassword))),
            requestJSON: jsonText([
                "host": "smtp.example.com", "port": 587, "encryption": "tls",
                "auth": ["type": "login", "username": "mailer", "password": Canary.emailPassword],
            ]),
            responseFields: [
                "hash": hash, "status": "active", "host": "smtp.example.com", "port": 587, "encryption": "tls",
                "auth": ["type": "login", "username": "mailer", "password": Canary.emailPassword],
                "_links": selfLinks(path),
            ],
            expected: EmailCredential(
                metadata: testMetadata(hash: hash, path: path, deactivated: false), host: "smtp.example.com",
                port: 587, encryption: .tls, auth: auth),
            expectedDeactivated: EmailCredential(
                metadata: testMetadata(hash: hash, path: path, deactivated: true), host: "smtp.example.com",
                port: 587, encryption: .tls, auth: auth),
            create: { client, request throws(APIError) in try await client.createEmailCredential(request) },
            get: { client, hash throws(APIError) in try await client.getEmailCredential(hash: hash) },
            deactivate: { client, hash throws(APIError) in try await client.deactivateEmailCredential(hash: hash) })
    }()

    static let webhook: KindFixture<WebhookCredentialRequest, WebhookCredential> = {
        let hash = "crd_0YV9Y706QGCB39FQD380G1ZHZH"
        let path = "/credential-hashes/webhooks/\(hash)"
        let auth = WebhookCredential.Authentication.oauth1(
            consumerKey: "consumer-1", consumerSecret: Secret(Canary.webhookConsumerSecret), token: Secret(Canary.webhookToken),
            tokenSecret: Secret(Canary.webhookTokenSecret))
        let authFields = [
            "type": "oauth1", "consumerKey": "consumer-1", "consumerSecret": Canary.webhookConsumerSecret,
            "token": Canary.webhookToken, "tokenSecret": Canary.webhookTokenSecret,
        ]
        return KindFixture(
            collectionPath: "/credential-hashes/webhooks", hash: hash,
            request: WebhookCredentialRequest(
                host: "hooks.example.com",
                auth: .oauth1(
                    consumerKey: "consumer-1", consumerSecret: Secret(Canary.webhookConsumerSecret),
                    token: Secret(Canary.webhookToken), tokenSecret: Secret(Canary.webhookTokenSecret))),
            requestJSON: jsonText(["host": "hooks.example.com", "auth": authFields]),
            // The API's webhook schema has no `_links`.
            responseFields: ["hash": hash, "status": "active", "host": "hooks.example.com", "auth": authFields],
            expected: WebhookCredential(
                metadata: testMetadata(hash: hash, path: path, deactivated: false, links: false),
                host: "hooks.example.com", auth: auth),
            expectedDeactivated: WebhookCredential(
                metadata: testMetadata(hash: hash, path: path, deactivated: true, links: false),
                host: "hooks.example.com", auth: auth),
            create: { client, request throws(APIError) in try await client.createWebhookCredential(request) },
            get: { client, hash throws(APIError) in try await client.getWebhookCredential(hash: hash) },
            deactivate: { client, hash throws(APIError) in try await client.deactivateWebhookCredential(hash: hash) })
    }()

    static let mailgun: KindFixture<MailgunCredentialRequest, MailgunCredential> = {
        let hash = "4f6cf35e-2c4a-483b-a0a9-158621f77a21"
        let path = "/credential-hashes/mailgun/\(hash)"
        return KindFixture(
            collectionPath: "/credential-hashes/mailgun", hash: hash,
            request: MailgunCredentialRequest(
                emailFrom: "billing@example.com", apiKey: Secret(Canary.mailgunAPIKey), domain: "mg.example.com"),
            requestJSON: jsonText([
                "emailFrom": "billing@example.com", "apiKey": Canary.mailgunAPIKey, "domain": "mg.example.com",
            ]),
            responseFields: [
                "hash": hash, "status": "active", "emailFrom": "billing@example.com",
                "apiKey": Canary.mailgunAPIKey, "domain": "mg.example.com", "_links": selfLinks(path),
            ],
            expected: MailgunCredential(
                metadata: testMetadata(hash: hash, path: path, deactivated: false),
                emailFrom: "billing@example.com", domain: "mg.example.com", apiKey: Secret(Canary.mailgunAPIKey)),
            expectedDeactivated: MailgunCredential(
                metadata: testMetadata(hash: hash, path: path, deactivated: true),
                emailFrom: "billing@example.com", domain: "mg.example.com", apiKey: Secret(Canary.mailgunAPIKey)),
            create: { client, request throws(APIError) in try await client.createMailgunCredential(request) },
            get: { client, hash throws(APIError) in try await client.getMailgunCredential(hash: hash) },
            deactivate: { client, hash throws(APIError) in try await client.deactivateMailgunCredential(hash: hash) })
    }()

    static let awsSES: KindFixture<AWSSESCredentialRequest, AWSSESCredential> = {
        let hash = "7d0e2b8a-51f4-4c3e-9a6d-2f1b0c9e8d7a"
        let path = "/credential-hashes/aws-ses/\(hash)"
        return KindFixture(
            collectionPath: "/credential-hashes/aws-ses", hash: hash,
            request: AWSSESCredentialRequest(
                key: "AKIAIOSFODNN7EXAMPLE", secret: Secret(Canary.sesSecret), region: "us-west-2",
                configurationSetName: "transactional"),
            requestJSON: jsonText([
                "key": "AKIAIOSFODNN7EXAMPLE", "secret": Canary.sesSecret, "region": "us-west-2",
                "configurationSetName": "transactional",
            ]),
            responseFields: [
                "hash": hash, "status": "active", "key": "AKIAIOSFODNN7EXAMPLE", "secret": Canary.sesSecret,
                "region": "us-west-2", "configurationSetName": "transactional", "_links": selfLinks(path),
            ],
            expected: AWSSESCredential(
                metadata: testMetadata(hash: hash, path: path, deactivated: false), key: "AKIAIOSFODNN7EXAMPLE",
                region: "us-west-2", configurationSetName: "transactional", secret: Secret(Canary.sesSecret)),
            expectedDeactivated: AWSSESCredential(
                metadata: testMetadata(hash: hash, path: path, deactivated: true), key: "AKIAIOSFODNN7EXAMPLE",
                region: "us-west-2", configurationSetName: "transactional", secret: Secret(Canary.sesSecret)),
            create: { client, request throws(APIError) in try await client.createAWSSESCredential(request) },
            get: { client, hash throws(APIError) in try await client.getAWSSESCredential(hash: hash) },
            deactivate: { client, hash throws(APIError) in try await client.deactivateAWSSESCredential(hash: hash) })
    }()
}
