/// The type a YAML 1.1 reader gives a plain (unquoted) scalar without a tag.
///
/// credhash itself reads every value as its field's type, but other tools that read the same
/// file (editors, linters, `yq`) follow these rules, so a plain `yes` or `0465` means something
/// else to them. The validator uses this to reject such values instead of silently reading them
/// differently.
enum ImplicitScalarType: String, Sendable, Equatable {
    case null
    case boolean
    case integer
    case float
    case timestamp

    /// The noun used in messages.
    var noun: String {
        switch self {
        case .null: return "null"
        case .boolean: return "boolean"
        case .integer: return "number"
        case .float: return "floating-point number"
        case .timestamp: return "date"
        }
    }

    private static let nulls: Set<String> = ["", "~", "null", "Null", "NULL"]
    private static let booleans: Set<String> = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE",
        "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    ]

    /// The first bytes of every null, boolean, number and date, so that most text (host names,
    /// user names) is known to be a string after one lookup.
    private static let firstBytes = Set("~yYnNtTfFoO+-.0123456789".utf8)

    /// Returns the type YAML 1.1 resolves the plain scalar `text` to, or `nil` for a string.
    static func of(_ text: String) -> ImplicitScalarType? {
        if let first = text.utf8.first, !firstBytes.contains(first) { return nil }
        if nulls.contains(text) { return .null }
        if booleans.contains(text) { return .boolean }
        if isInteger(text) { return .integer }
        if isFloat(text) || isBase60Float(text) { return .float }
        if isTimestamp(text) { return .timestamp }
        return nil
    }

    private static func unsigned(_ text: String) -> Substring {
        let body = Substring(text)
        if let first = body.first, first == "+" || first == "-" { return body.dropFirst() }
        return body
    }

    /// Binary `0b1010`, octal `0644`, decimal `1_000`, hexadecimal `0x1F` and base-60 `1:30`.
    private static func isInteger(_ text: String) -> Bool {
        let body = unsigned(text)
        guard let first = body.first, first.isASCII, first.isNumber else { return false }
        if body.hasPrefix("0b") { return body.count > 2 && body.dropFirst(2).allSatisfy { "01_".contains($0) } }
        if body.hasPrefix("0x") {
            return body.count > 2 && body.dropFirst(2).allSatisfy { $0 == "_" || $0.isHexDigit }
        }
        if body.contains(":") { return isBase60(body) }
        return body.allSatisfy { $0 == "_" || ($0.isASCII && $0.isNumber) }
    }

    private static func isBase60(_ body: Substring) -> Bool {
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count > 1, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber || $0 == "_" } })
        else { return false }
        return parts.dropFirst().allSatisfy { $0.count <= 2 }
    }

    /// Base-60 floats such as `190:20:30.15`.
    private static func isBase60Float(_ text: String) -> Bool {
        let body = unsigned(text)
        guard let point = body.firstIndex(of: "."), body.contains(":") else { return false }
        let fraction = body[body.index(after: point)...]
        return isBase60(body[..<point]) && fraction.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "_" }
    }

    /// Dates and times such as `2001-12-14` or `2001-12-14t21:59:43.10-05:00`: a four-digit year,
    /// then a month and a day of one or two digits, then the end or a time.
    private static func isTimestamp(_ text: String) -> Bool {
        let parts = text.prefix { $0 != "T" && $0 != "t" && $0 != " " }.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count)
        else { return false }
        return parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// Decimal floats with a point or an exponent, and `.inf`, `-.inf` and `.nan` in their spellings.
    private static func isFloat(_ text: String) -> Bool {
        let body = unsigned(text)
        if [".inf", ".Inf", ".INF"].contains(body) { return true }
        if [".nan", ".NaN", ".NAN"].contains(text) { return true }
        var mantissa = body
        if let exponentIndex = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = body[..<exponentIndex]
            var exponent = body[body.index(after: exponentIndex)...]
            if let sign = exponent.first, sign == "+" || sign == "-" { exponent = exponent.dropFirst() }
            guard !exponent.isEmpty, exponent.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        } else if !body.contains(".") {
            return false
        }
        let digits = mantissa.filter { $0 != "_" && $0 != "." }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return mantissa.filter { $0 == "." }.count <= 1
    }
}
