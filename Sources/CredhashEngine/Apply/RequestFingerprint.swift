import RebillyAPI

extension FingerprintKey {
    /// Returns the fingerprint of the whole create request for `credential`: its kind, every
    /// non-secret field and the fingerprint of every secret field.
    ///
    /// The apply journal stores it before a create is sent. A later apply recomputes it from the
    /// configuration and sends the same request again only when the two are equal, because only
    /// an identical request gets the hash of the earlier one back (303).
    public func requestFingerprint(of credential: DesiredCredential) -> String {
        var canonical = ""
        func append(_ text: String) { canonical += "\(text.utf8.count):\(text)" }

        append(credential.kind.rawValue)
        for (path, value) in credential.fieldDictionary.sorted(by: { $0.key < $1.key }) {
            append(path)
            switch value {
            case .text(let text): append("text:" + text)
            case .integer(let number): append("integer:\(number)")
            }
        }
        for (path, fingerprint) in fingerprints(of: credential).sorted(by: { $0.key < $1.key }) {
            append(path)
            append("secret:" + fingerprint)
        }
        // The canonical text holds no secret, only fingerprints, but the HMAC input is a Secret.
        return fingerprint(kind: credential.kind, path: "request", value: Secret(canonical))
    }
}
