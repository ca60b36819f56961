/// The kinds of Rebilly credential hash credhash manages, named as users write them in `type:`.
public enum CredentialKind: String, Sendable, CaseIterable, Comparable, Codable {
    /// SMTP credentials for sending email.
    case email
    /// Credentials Rebilly presents when it calls a webhook.
    case webhook
    /// Mailgun API credentials.
    case mailgun
    /// Amazon SES credentials.
    case awsSES = "aws-ses"

    public static func < (lhs: CredentialKind, rhs: CredentialKind) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

/// What happens to a hash that a replace has superseded.
public enum RetirePolicy: String, Sendable, CaseIterable, Codable {
    /// The old hash stays active until `credhash retire` deactivates it.
    case manual
    /// The old hash is deactivated in the same apply, once the new hash exists.
    case immediately
}
