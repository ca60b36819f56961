import YAMLSupport

extension ConfigValidator {
    /// Checks host names and email addresses; other text passes unchanged.
    mutating func checkFormat(_ text: String, type: ConfigSchema.FieldType, at location: SourceLocation, keyPath: String) -> Bool {
        switch type {
        case .hostName, .bareHostName:
            guard let problem = HostNameRule.problem(with: text, portAllowedElsewhere: type == .hostName) else { return true }
            error(problem.summary, detail: problem.detail, at: location, keyPath: keyPath)
            return false
        case .emailAddress:
            guard !EmailAddressRule.isValid(text) else { return true }
            error(
                "invalid email address '\(text)'", detail: "Write one address such as 'billing@example.com'.",
                at: location, keyPath: keyPath)
            return false
        default:
            return true
        }
    }
}

/// The rule for host names: letters, digits, `-` and `.`, without scheme, path or port.
enum HostNameRule {
    static let maximumLength = 253

    /// Returns what is wrong with `text` as a host name, or `nil` when it is valid.
    ///
    /// - Parameter portAllowedElsewhere: Whether the credential has a separate `port` field to
    ///   suggest instead.
    static func problem(with text: String, portAllowedElsewhere: Bool) -> (summary: String, detail: String?)? {
        let bare = bareHost(in: text)
        let suggestion = bare.isEmpty || bare == text ? nil : "Write '\(bare)'."
        if text.contains("://") { return ("host '\(text)' must not include a scheme", suggestion) }
        if text.contains("/") { return ("host '\(text)' must not include a path", suggestion) }
        if text.contains(":") {
            let detail = portAllowedElsewhere ? "Write the host alone and set 'port'." : suggestion
            return ("host '\(text)' must not include a port", detail)
        }
        let allowed = text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "."
        }
        guard allowed, text.count <= maximumLength, !text.hasPrefix("."), !text.hasPrefix("-") else {
            return ("invalid host '\(text)'", "A host name has letters, digits, '-' and '.', at most \(maximumLength) characters.")
        }
        return nil
    }

    /// Strips a scheme, user information, path and port from a URL-like text.
    static func bareHost(in text: String) -> String {
        var rest = Substring(text)
        if let scheme = rest.firstRange(of: "://") { rest = rest[scheme.upperBound...] }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if let colon = rest.firstIndex(of: ":") { rest = rest[..<colon] }
        return String(rest)
    }
}

/// A practical check of email addresses: one `@`, a local part, and a domain with a dot.
enum EmailAddressRule {
    static let maximumLength = 254

    static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, text.count <= maximumLength else { return false }
        let local = parts[0]
        let domain = parts[1]
        guard !local.isEmpty, local.count <= 64, !text.contains(where: \.isWhitespace) else { return false }
        guard HostNameRule.problem(with: String(domain), portAllowedElsewhere: false) == nil else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }
}
