import YAMLSupport

extension ConfigValidator {
    /// Checks host names and email addresses; other text passes unchanged.
    mutating func checkFormat(_ text: String, type: ConfigSchema.FieldType, at location: SourceLocation, keyPath: String) -> Bool {
        let noun = keyPath.hasSuffix(".domain") ? "domain" : "host"
        switch type {
        case .hostName where HostNameRule.isIPv6Address(text):
            return true
        case .hostName, .bareHostName:
            guard let problem = HostNameRule.problem(with: text, noun: noun, portAllowedElsewhere: type == .hostName) else {
                return true
            }
            error(problem.summary, detail: problem.detail, at: location, keyPath: keyPath)
            return false
        case .emailAddress:
            guard !EmailAddressRule.isValid(text) else { return true }
            error(
                "invalid email address \(Quote.text(text))", detail: "Write one address such as 'billing@example.com'.",
                at: location, keyPath: keyPath)
            return false
        default:
            return true
        }
    }
}

/// The rule for host names: dot-separated labels of letters, digits and `-`, without scheme, path
/// or port.
enum HostNameRule {
    static let maximumLength = 253
    static let maximumLabelLength = 63

    /// Returns what is wrong with `text` as a host name, or `nil` when it is valid.
    ///
    /// - Parameters:
    ///   - noun: What the field is called in messages: `host` or `domain`.
    ///   - portAllowedElsewhere: Whether the credential has a separate `port` field to suggest instead.
    static func problem(with text: String, noun: String, portAllowedElsewhere: Bool) -> (summary: String, detail: String?)? {
        if let problem = punctuationProblem(with: text, noun: noun, portAllowedElsewhere: portAllowedElsewhere) {
            return problem
        }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        let validLabels = labels.allSatisfy { label in
            !label.isEmpty && label.count <= maximumLabelLength && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        }
        guard validLabels, text.count <= maximumLength else {
            return (
                "invalid \(noun) \(Quote.text(text))",
                "A host name is labels of letters, digits and '-' joined by '.', each at most \(maximumLabelLength) "
                    + "characters and \(maximumLength) in all.")
        }
        return nil
    }

    /// Returns the problem of a scheme, path, brackets or port in `text`, or `nil` when it has none.
    private static func punctuationProblem(with text: String, noun: String, portAllowedElsewhere: Bool) -> (summary: String, detail: String?)? {
        // Each of these problems needs a ':', '/' or '[', and most host names have none.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "[") })
        else { return nil }

        let quoted = Quote.text(text)
        let bare = bareHost(in: text)
        let suggestion = bare.isEmpty || bare == text || bare.contains("[") ? nil : "Write \(Quote.text(bare))."
        if text.contains("://") { return ("\(noun) \(quoted) must not include a scheme", suggestion) }
        if text.contains("/") { return ("\(noun) \(quoted) must not include a path", suggestion) }
        if text.hasPrefix("[") { return ("\(noun) \(quoted) must not be in brackets", "Write an IPv6 address without brackets.") }
        if text.contains(":") {
            let detail = portAllowedElsewhere ? "Write the host alone and set 'port'." : suggestion
            return ("\(noun) \(quoted) must not include a port", detail)
        }
        return nil
    }

    /// Whether `text` is an IPv6 address written without brackets, such as `::1` or `2001:db8::25`.
    static func isIPv6Address(_ text: String) -> Bool {
        let colons = text.filter { $0 == ":" }.count
        return colons >= 2 && text.count <= 45 && text.allSatisfy { $0 == ":" || $0 == "." || $0.isHexDigit }
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
        guard HostNameRule.problem(with: String(domain), noun: "domain", portAllowedElsewhere: false) == nil else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }
}
