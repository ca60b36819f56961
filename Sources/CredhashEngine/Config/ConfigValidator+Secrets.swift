import RebillyAPI
import YAMLSupport

extension ConfigValidator {
    /// Reads a secret field. No message it reports repeats any part of the written value.
    mutating func readSecret(_ node: YAMLNode, path: String, keyPath: String, credentialName: String) -> ConfigSecret? {
        guard let (text, style) = scalar(node, keyPath: keyPath) else { return nil }
        if node.anchor != nil, !node.isAlias {
            error(
                "secret value carries an anchor",
                detail: "An alias could copy the secret into a field that is printed; remove the '&' anchor.",
                at: node.location, keyPath: keyPath)
            return nil
        }
        if style == .plain, let implicit = ImplicitScalarType.of(text) {
            let summary = implicit == .null ? "missing value" : "secret value is read as a \(implicit.noun) by YAML 1.1"
            let hint = implicit == .null
                ? "A value starting with '#' is a comment and one starting with '&' is an anchor; quote it. "
                : ""
            error(
                summary, detail: hint + Self.referenceHint(credentialName: credentialName, path: path), at: node.location,
                keyPath: keyPath)
            return nil
        }
        guard case .success(let segments) = ReferenceParser.segments(of: text) else {
            _ = resolveReferences(text, at: node.location, keyPath: keyPath, isSecret: true)
            return nil
        }

        // A literal secret would sit in the repository in plain text, so it needs an explicit opt-in.
        let hasLiteral = segments.contains { if case .literal = $0 { return true } else { return false } }
        let hasReference = segments.contains { $0.reference != nil }
        if hasLiteral, !allowLiteralSecrets {
            error(
                hasReference ? "secret mixes literal text with a reference" : "secret written as literal text",
                detail: Self.referenceHint(credentialName: credentialName, path: path)
                    + " To keep literal secrets in this file anyway, set 'allowLiteralSecrets: true'.",
                at: node.location, keyPath: keyPath)
            return nil
        }
        if hasLiteral, node.hasTrailingComment {
            error(
                "unquoted secret is followed by a comment",
                detail: "YAML ends an unquoted value at ' #', so any text after it is lost; quote the secret.",
                at: node.location, keyPath: keyPath)
            return nil
        }
        if hasLiteral, style == .literal || style == .folded, text.hasSuffix("\n") {
            error(
                "block scalar keeps a final line break in the secret",
                detail: "Use '|-' or '>-' to strip it, or a ${file:…} reference.", at: node.location, keyPath: keyPath)
            return nil
        }
        guard let resolved = resolveReferences(text, at: node.location, keyPath: keyPath, isSecret: true) else { return nil }
        return ConfigSecret(path: path, value: Secret(resolved.value), origin: resolved.origin, location: node.location)
    }

    private static func referenceHint(credentialName: String, path: String) -> String {
        let variable = Self.suggestedVariable(credentialName: credentialName, path: path)
        return "Write a reference such as '${env:\(variable)}' or '${file:secrets/\(credentialName)}'."
    }

    /// Suggests an environment variable name: `smtp-main` and `auth.password` give `SMTP_MAIN_PASSWORD`.
    static func suggestedVariable(credentialName: String, path: String) -> String {
        let field = path.split(separator: ".").last.map(String.init) ?? path
        var words = ""
        for character in field {
            if character.isUppercase { words += "_" }
            words += String(character)
        }
        let name = String((credentialName + "_" + words).uppercased().map { $0 == "-" ? "_" : $0 })
        // Variable names cannot start with a digit, which credential names may.
        return name.first?.isNumber == true ? "CREDENTIAL_" + name : name
    }

    /// Parses and resolves the `$` syntax of `text`, reporting any problem.
    ///
    /// - Parameter isSecret: When `true`, messages never quote the written text, only the
    ///   variable or file a reference names.
    mutating func resolveReferences(
        _ text: String, at location: SourceLocation, keyPath: String, isSecret: Bool
    ) -> (value: String, origin: String)? {
        switch ReferenceParser.segments(of: text) {
        case .failure(let syntaxError):
            let (summary, detail) = Self.describe(syntaxError, isSecret: isSecret)
            error(summary, detail: detail, at: location, keyPath: keyPath)
            return nil
        case .success(let segments):
            switch resolver.resolve(segments) {
            case .success(let resolved):
                return resolved
            case .failure(let referenceError):
                let (summary, detail) = describe(referenceError)
                error(summary, detail: detail, at: location, keyPath: keyPath)
                return nil
            }
        }
    }

    private static func describe(_ error: ReferenceSyntaxError, isSecret: Bool) -> (String, String?) {
        let forms = "References are written ${env:NAME} or ${file:PATH}, and '$$' writes a literal '$'."
        switch error {
        case .unterminated:
            return ("reference '${' is missing its closing '}'", forms)
        case .unknownScheme(let scheme):
            return (isSecret ? "unknown reference kind" : "unknown reference kind '\(scheme)'", forms)
        case .emptyTarget(let scheme):
            return ("reference '${\(scheme):}' names nothing", forms)
        case .invalidVariableName(let name):
            return (
                "invalid environment variable name '\(name)'",
                "Names start with a letter or '_' and hold letters, digits and '_'.")
        case .strayDollar:
            return ("'$' must be followed by '{' or written as '$$'", forms)
        }
    }

    private func describe(_ error: ReferenceError) -> (String, String?) {
        switch error {
        case .missingVariable(let name):
            return ("environment variable '\(name)' is not set", "Export it before running credhash, or set it in the CI job's secrets.")
        case .emptyVariable(let name):
            return ("environment variable '\(name)' is empty", nil)
        case .emptyFile(let path):
            return ("file '\(path)' is empty", nil)
        case .fileNotUTF8(let path):
            return ("file '\(path)' is not valid UTF-8", nil)
        case .variableTooLong(let name, let limit):
            return ("environment variable '\(name)' is longer than \(limit / 1024) KiB", "Secrets are limited to the size a secret file may have.")
        case .variableNotUTF8(let name):
            return (
                "environment variable '\(name)' is not valid UTF-8",
                "Its value contains bytes that are not UTF-8, or the replacement character U+FFFD.")
        case .containsNUL(let reference):
            return ("value of '\(reference)' contains a NUL character", nil)
        case .file(let path, let fileError):
            return describe(fileError, path: path)
        }
    }

    private func describe(_ error: FileReadError, path: String) -> (String, String?) {
        let relative = "Relative paths start from the folder of '\(file)'."
        switch error {
        case .notFound: return ("file '\(path)' not found", relative)
        case .isDirectory: return ("'\(path)' is a directory, expected a file", relative)
        case .notRegularFile: return ("'\(path)' is not a regular file", "Point ${file:…} at a plain file, not a pipe or device.")
        case .tooLarge(let limit): return ("file '\(path)' is larger than \(limit) bytes", nil)
        case .unreadable(let code): return ("failed reading file '\(path)': \(RegularFileReader.describe(errno: code))", nil)
        }
    }
}
