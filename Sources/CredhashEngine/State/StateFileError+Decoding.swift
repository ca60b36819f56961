import Foundation

extension StateFileError {
    /// Attaches the file path to a problem found by the state's strict decoding.
    init(_ issue: StateDecodingIssue, path: String) {
        switch issue {
        case .unsupportedFormatVersion(let found):
            self = .unsupportedFormatVersion(path: path, found: found, supported: State.currentFormatVersion)
        case .unknownField(let keyPath):
            self = .unknownField(path: path, keyPath: keyPath)
        case .invalidValue(let keyPath, let detail):
            self = .invalidValue(path: path, keyPath: keyPath, detail: detail)
        }
    }

    /// Translates a JSONDecoder error about the file at `path`, whose contents are `bytes`.
    init(_ error: DecodingError, path: String, bytes: [UInt8]) {
        switch error {
        case .keyNotFound(let key, let context):
            self = .missingField(path: path, keyPath: StateKeyPath.render(context.codingPath + [key]))
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            self = .notAnObject(path: path)
        case .typeMismatch(let type, let context):
            let detail = "expected " + Self.describe(type, at: context.codingPath)
            self = .invalidValue(path: path, keyPath: StateKeyPath.render(context.codingPath), detail: detail)
        case .valueNotFound(_, let context) where context.codingPath.isEmpty:
            self = .notAnObject(path: path)
        case .valueNotFound(let type, let context):
            let detail = "found null, expected " + Self.describe(type, at: context.codingPath)
            self = .invalidValue(path: path, keyPath: StateKeyPath.render(context.codingPath), detail: detail)
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            self = .invalidJSON(path: path, detail: Self.syntaxProblem(in: bytes))
        case .dataCorrupted(let context):
            let detail = Self.sentenceFragment(context.debugDescription)
            self = .invalidValue(path: path, keyPath: StateKeyPath.render(context.codingPath), detail: detail)
        @unknown default:
            self = .invalidJSON(path: path, detail: Self.sentenceFragment("\(error)"))
        }
    }

    /// Names the JSON value a Swift type is decoded from, for "expected …" details.
    private static func describe(_ type: Any.Type, at codingPath: [CodingKey]) -> String {
        // Non-secret fields are decoded as `FieldValue`, which accepts a number or a string.
        if codingPath.dropLast().last?.stringValue == "fields" { return "a string or a whole number" }
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "a whole number"
        case is Bool.Type: return "true or false"
        case is [Any].Type: return "an array"
        default: return "an object"
        }
    }

    /// Describes where JSON text is malformed.
    ///
    /// JSONDecoder on Linux reports every syntax error as "The given data was not valid JSON"
    /// with no position, so the text is parsed again with JSONSerialization, whose message gives
    /// one. This second parse happens only for a file that already failed.
    private static func syntaxProblem(in bytes: [UInt8]) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            return "the JSON decoder rejected a value"
        } catch {
            let message = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            return sentenceFragment(message ?? "\(error)")
        }
    }

    /// Turns a Foundation sentence into a message fragment: lowercase start, no final period.
    private static func sentenceFragment(_ sentence: String) -> String {
        var fragment = sentence.hasSuffix(".") ? String(sentence.dropLast()) : sentence
        if let first = fragment.first {
            fragment = first.lowercased() + fragment.dropFirst()
        }
        return fragment
    }
}
