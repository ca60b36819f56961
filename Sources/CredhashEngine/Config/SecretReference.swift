/// A piece of a configuration string: literal text or a reference to resolve.
enum ReferenceSegment: Sendable, Equatable {
    /// Text taken as written, with `$$` already turned into `$`.
    case literal(String)
    /// `${env:NAME}`: the value of an environment variable.
    case environment(String)
    /// `${file:PATH}`: the contents of a file, relative to the configuration file's folder.
    case file(String)

    /// How the reference is written, for messages; `nil` for literal text.
    var reference: String? {
        switch self {
        case .literal: return nil
        case .environment(let name): return "${env:\(name)}"
        case .file(let path): return "${file:\(path)}"
        }
    }
}

/// Why a string's `$` syntax is invalid.
enum ReferenceSyntaxError: Error, Sendable, Equatable {
    /// `${` without a closing `}`.
    case unterminated
    /// `${scheme:…}` with a scheme other than `env` or `file`, or no scheme at all.
    case unknownScheme(String)
    /// `${env:}` or `${file:}`.
    case emptyTarget(String)
    /// `${env:NAME}` where NAME is not a valid variable name.
    case invalidVariableName(String)
    /// A `$` followed by neither `$` nor `{`.
    case strayDollar
}

/// Splits configuration strings into literal text and references.
enum ReferenceParser {
    /// Splits `text` into segments.
    ///
    /// `$$` writes a literal `$`, and `${env:NAME}` and `${file:PATH}` are references. The text of
    /// a resolved reference is never scanned again, so a `$` in a secret value stays as it is.
    static func segments(of text: String) -> Result<[ReferenceSegment], ReferenceSyntaxError> {
        var segments: [ReferenceSegment] = []
        var literal = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            literal += rest[..<dollar]
            let afterDollar = rest[rest.index(after: dollar)...]
            if afterDollar.first == "$" {
                literal += "$"
                rest = afterDollar.dropFirst()
                continue
            }
            guard afterDollar.first == "{" else { return .failure(.strayDollar) }
            guard let close = afterDollar.firstIndex(of: "}") else { return .failure(.unterminated) }
            let body = afterDollar[afterDollar.index(after: afterDollar.startIndex)..<close]
            switch reference(body) {
            case .success(let segment):
                if !literal.isEmpty { segments.append(.literal(literal)) }
                literal = ""
                segments.append(segment)
            case .failure(let error):
                return .failure(error)
            }
            rest = afterDollar[afterDollar.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty || segments.isEmpty { segments.append(.literal(literal)) }
        return .success(segments)
    }

    private static func reference(_ body: Substring) -> Result<ReferenceSegment, ReferenceSyntaxError> {
        guard let colon = body.firstIndex(of: ":") else { return .failure(.unknownScheme(String(body))) }
        let scheme = String(body[..<colon])
        let target = String(body[body.index(after: colon)...])
        switch scheme {
        case "env":
            guard !target.isEmpty else { return .failure(.emptyTarget("env")) }
            guard isVariableName(target) else { return .failure(.invalidVariableName(target)) }
            return .success(.environment(target))
        case "file":
            guard !target.isEmpty else { return .failure(.emptyTarget("file")) }
            return .success(.file(target))
        default:
            return .failure(.unknownScheme(scheme))
        }
    }

    /// Whether `name` is a portable environment variable name: a letter or `_`, then letters,
    /// digits and `_`.
    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || isASCIILetter(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || isASCIILetter($0) || ("0"..."9").contains($0) }
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
