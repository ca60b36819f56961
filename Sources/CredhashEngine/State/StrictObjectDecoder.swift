import CryptoSupport
import Foundation

/// A coding key that accepts any name, so a decoder can list every key an object contains.
struct AnyCodingKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ stringValue: String) {
        self.stringValue = stringValue
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        nil
    }
}

/// A problem found while decoding a state file, before ``StateFile`` attaches the file path.
enum StateDecodingIssue: Error, Equatable {
    case unsupportedFormatVersion(found: Int)
    case unknownField(keyPath: String)
    case invalidValue(keyPath: String, detail: String)
}

/// Reads one JSON object of the state file, rejecting keys the format does not define.
///
/// Each object is checked once against a set of known keys, so a strict read costs time linear
/// in the size of the file.
///
/// NOTE: JSONDecoder accepts an object that contains the same key twice and keeps one of the
/// values, so such a file is read without an error.
struct StrictObjectDecoder {
    let container: KeyedDecodingContainer<AnyCodingKey>

    /// Opens the object at `decoder`'s position.
    ///
    /// - Throws: `DecodingError.typeMismatch` when the value there is not an object.
    init(_ decoder: Decoder) throws {
        container = try decoder.container(keyedBy: AnyCodingKey.self)
    }

    /// Throws for the first key, in sorted order, that is not in `knownKeys`.
    func rejectUnknownKeys(_ knownKeys: Set<String>) throws {
        let unknown = container.allKeys.map(\.stringValue).filter { !knownKeys.contains($0) }
        if let first = unknown.min() {
            throw StateDecodingIssue.unknownField(keyPath: keyPath(first))
        }
    }

    /// Decodes the value under `key`.
    func decode<Value: Decodable>(_ key: String, as type: Value.Type = Value.self) throws -> Value {
        try container.decode(type, forKey: AnyCodingKey(key))
    }

    /// Decodes an integer that must be `minimum` or more.
    ///
    /// JSONDecoder reports a fractional or out-of-range number as invalid JSON without a key path,
    /// so that case is decoded again as a `Double` to name the key.
    func integer(_ key: String, minimum: Int, maximum: Int = Int.max) throws -> Int {
        let number: Int
        do {
            number = try decode(key)
        } catch {
            guard let real = try? decode(key, as: Double.self) else { throw error }
            throw invalid(key, "found \(real), expected a whole number of \(minimum) or more")
        }
        guard number >= minimum else { throw invalid(key, "found \(number), expected \(minimum) or more") }
        guard number <= maximum else { throw invalid(key, "found \(number), expected \(maximum) or less") }
        return number
    }

    /// Decodes a string that must not be empty.
    func nonEmptyString(_ key: String) throws -> String {
        let text: String = try decode(key)
        guard !text.isEmpty else { throw invalid(key, "expected a non-empty string") }
        return text
    }

    /// Decodes a string of hexadecimal digits encoding exactly `byteCount` bytes.
    func hexString(_ key: String, byteCount: Int) throws -> String {
        let text: String = try decode(key)
        guard text.utf8.count == byteCount * 2, Hex.decode(text) != nil else {
            throw invalid(key, "expected \(byteCount * 2) hexadecimal digits")
        }
        return text
    }

    /// Decodes an object of strings of `byteCount` bytes in hexadecimal each, such as a map of
    /// field paths to fingerprints.
    func hexStrings(_ key: String, byteCount: Int) throws -> [String: String] {
        let values: [String: String] = try decode(key)
        for (name, text) in values where text.utf8.count != byteCount * 2 || Hex.decode(text) == nil {
            throw invalid("\(key).\(name)", "expected \(byteCount * 2) hexadecimal digits")
        }
        return values
    }

    /// Decodes a string that must be the raw value of one of `choices`.
    func enumValue<Value: RawRepresentable>(_ key: String, choices: [Value]) throws -> Value
    where Value.RawValue == String {
        let text: String = try decode(key)
        guard let value = Value(rawValue: text) else {
            let listed = choices.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw invalid(key, "found '\(text)', expected one of \(listed)")
        }
        return value
    }

    /// Returns an invalid-value issue for `key` of this object.
    func invalid(_ key: String, _ detail: String) -> StateDecodingIssue {
        .invalidValue(keyPath: keyPath(key), detail: detail)
    }

    /// Returns the dotted path of `key` of this object, such as `credentials.email.smtp-main.hash`.
    func keyPath(_ key: String) -> String {
        StateKeyPath.render(container.codingPath + [AnyCodingKey(key)])
    }
}

/// Renders decoder coding paths the way state file errors show them.
enum StateKeyPath {
    /// Joins object keys with dots and writes array positions as `[index]`: `replacements[2].time`.
    static func render(_ codingPath: [CodingKey]) -> String {
        var rendered = ""
        for key in codingPath {
            // Array positions are the only keys with an integer value whose text is not that integer.
            if let index = key.intValue, key.stringValue != String(index) {
                rendered += "[\(index)]"
            } else {
                rendered += rendered.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return rendered
    }
}
