import Foundation

extension Secret {
    /// The length of a run of the value's characters that counts as a trace of the value.
    static let traceLength = 8

    /// Returns whether `text` repeats this secret in a form a reader could recover part of it from: the
    /// whole value, its base64, base64url, percent-encoded or JSON-escaped form, or any run of
    /// ``traceLength`` of its characters.
    ///
    /// Values shorter than 4 characters are never looked for, because they would match ordinary
    /// words while protecting little, and values shorter than ``traceLength`` only whole.
    func isTraced(in text: String) -> Bool {
        withRevealedValue { value in
            guard value.count >= 4 else { return false }
            return Self.traceForms(of: value).contains { !$0.isEmpty && text.contains($0) }
        }
    }

    private static func traceForms(of value: String) -> [String] {
        var forms = [value]
        for core in base64Cores(of: Array(value.utf8)) {
            forms.append(core)
            forms.append(core.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_"))
        }
        for allowed in [CharacterSet.alphanumerics, .urlQueryAllowed, .urlPathAllowed] {
            if let encoded = value.addingPercentEncoding(withAllowedCharacters: allowed) { forms.append(encoded) }
        }
        if let json = try? JSONEncoder().encode(value) {
            forms.append(String(decoding: json.dropFirst().dropLast(), as: UTF8.self))
        }
        let characters = Array(value)
        if characters.count > traceLength {
            for start in 0...(characters.count - traceLength) {
                forms.append(String(characters[start..<(start + traceLength)]))
            }
        }
        return forms
    }

    /// Returns the base64 characters that depend only on `bytes` when the bytes start 0, 1 or 2 bytes into
    /// a longer encoded text, so a value inside a bigger base64 blob is found too.
    private static func base64Cores(of bytes: [UInt8]) -> [String] {
        (0..<3).map { offset in
            let encoded = Array(Data(Array(repeating: 0, count: offset) + bytes).base64EncodedString())
            // Character i covers bits 6i..<6i+6; keep those entirely within the value's bits.
            let first = (8 * offset + 5) / 6
            let last = (8 * (offset + bytes.count) - 6) / 6
            return first <= last ? String(encoded[first...last]) : ""
        }
    }
}
