import YAMLSupport

extension ConfigValidator {
    /// Returns a node's scalar text and style, or reports a collection where a value belongs.
    ///
    /// A tagged node yields `nil` without a new diagnostic: the tag was reported when the whole
    /// document was checked for tags.
    mutating func scalar(_ node: YAMLNode, keyPath: String) -> (text: String, style: ScalarStyle)? {
        if node.tag != nil { return nil }
        guard case .scalar(let text, let style) = node.content else {
            error("expected a single value, found a \(node.kindName)", at: node.location, keyPath: keyPath)
            return nil
        }
        return (text, style)
    }

    /// Reads a text field, resolving `${env:…}`, `${file:…}` and `$$`.
    mutating func readText(_ node: YAMLNode, keyPath: String) -> String? {
        guard let (text, style) = scalar(node, keyPath: keyPath) else { return nil }
        if style == .plain, let implicit = ImplicitScalarType.of(text) {
            if implicit == .null {
                error("missing value", at: node.location, keyPath: keyPath)
            } else {
                error(
                    "'\(text)' is read as a \(implicit.noun) by YAML 1.1",
                    detail: "Quote it ('\(text)') to use it as text.", at: node.location, keyPath: keyPath)
            }
            return nil
        }
        guard let resolved = resolveReferences(text, at: node.location, keyPath: keyPath, isSecret: false) else {
            return nil
        }
        guard !resolved.value.isEmpty else {
            error("empty value", at: node.location, keyPath: keyPath)
            return nil
        }
        if resolved.value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            error("value contains a control character", at: node.location, keyPath: keyPath)
            return nil
        }
        if resolved.value.first?.isWhitespace == true || resolved.value.last?.isWhitespace == true {
            error("value starts or ends with a space", detail: "Remove the spaces; Rebilly would store them.", at: node.location, keyPath: keyPath)
            return nil
        }
        return resolved.value
    }

    /// Reads a port: an unquoted decimal integer from 1 to 65535, with no leading zero.
    mutating func readPort(_ node: YAMLNode, keyPath: String) -> Int? {
        guard let (text, style) = scalar(node, keyPath: keyPath) else { return nil }
        guard style == .plain else {
            let hint = Int(text).map { "Write \($0) without quotes." } ?? "Write a number from 1 to 65535 without quotes."
            error("port must be a number, not quoted text", detail: hint, at: node.location, keyPath: keyPath)
            return nil
        }
        let isDecimal = !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber }
        if isDecimal, text.count > 1, text.hasPrefix("0") {
            let digits = text.drop { $0 == "0" }
            error(
                "port '\(text)' has a leading zero, which YAML 1.1 reads as an octal number",
                detail: "Write \(digits.isEmpty ? "a number from 1 to 65535" : String(digits)) without the leading zero.",
                at: node.location, keyPath: keyPath)
            return nil
        }
        guard isDecimal, let port = Int(text), (1...65535).contains(port) else {
            error(
                "invalid port '\(text)', expected a decimal number from 1 to 65535",
                detail: Self.portHint(text), at: node.location, keyPath: keyPath)
            return nil
        }
        return port
    }

    private static func portHint(_ text: String) -> String? {
        if text.contains(":"), ImplicitScalarType.of(text) == .integer {
            return "YAML 1.1 reads '\(text)' as a base-60 number; write the port in decimal, such as 465."
        }
        if text.contains("${") { return "A port cannot come from a reference; write the number." }
        if ImplicitScalarType.of(text) == .null { return "Set a port such as 465, or remove the key to use the default." }
        return nil
    }

    /// Reads one of a fixed set of words, rejecting the YAML 1.1 booleans that look like words.
    mutating func readChoice(_ node: YAMLNode, options: [String], keyPath: String) -> String? {
        guard let (text, style) = scalar(node, keyPath: keyPath) else { return nil }
        var expected: String { "expected one of \(ConfigValidator.list(options))" }
        if style == .plain, let implicit = ImplicitScalarType.of(text), !options.contains(text) {
            error(
                implicit == .null ? "missing value, \(expected)" : "'\(text)' is a YAML 1.1 \(implicit.noun), \(expected)",
                at: node.location, keyPath: keyPath)
            return nil
        }
        guard options.contains(text) else {
            error(
                "invalid value \(Quote.text(text)), \(expected)",
                detail: Suggestion.closest(to: text, in: options).map { "Did you mean '\($0)'?" }, at: node.location,
                keyPath: keyPath)
            return nil
        }
        return text
    }

    /// Reads `true` or `false`, written without quotes.
    mutating func readBoolean(_ node: YAMLNode, keyPath: String) -> Bool? {
        guard let (text, style) = scalar(node, keyPath: keyPath) else { return nil }
        if style == .plain, text == "true" || text == "false" { return text == "true" }
        let hint = style == .plain ? "Write true or false." : "Write true or false without quotes."
        error("invalid value \(Quote.text(text)), expected true or false", detail: hint, at: node.location, keyPath: keyPath)
        return nil
    }
}
