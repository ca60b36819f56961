import Foundation
import Testing

/// One way a secret value can appear in text: whole, encoded, or in part.
struct CanaryForm {
    /// How the form is named in a failure, such as `its base64 form`.
    let label: String
    let text: String
}

/// Searches text for secret values in every form a leak could take.
enum CanaryScan {
    /// The length of the value's substrings that count as a leak of part of it.
    static let substringLength = 8

    /// Returns the value, its base64, base64url, percent-encoded and JSON-escaped forms, and every
    /// substring of ``substringLength`` characters.
    static func forms(of value: String) -> [CanaryForm] {
        var forms = [CanaryForm(label: "the value", text: value)]
        for (offset, text) in base64Cores(of: Array(value.utf8)).enumerated() {
            forms.append(CanaryForm(label: "its base64 form at byte offset \(offset)", text: text))
            let urlSafe = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            forms.append(CanaryForm(label: "its base64url form at byte offset \(offset)", text: urlSafe))
        }
        if let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) {
            forms.append(CanaryForm(label: "its percent-encoded form", text: encoded))
        }
        if let encoded = value.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) {
            forms.append(CanaryForm(label: "its URL query form", text: encoded))
        }
        if let json = try? String(decoding: JSONEncoder().encode(value), as: UTF8.self) {
            forms.append(CanaryForm(label: "its JSON-escaped form", text: String(json.dropFirst().dropLast())))
        }
        let characters = Array(value)
        if characters.count > substringLength {
            for start in 0...(characters.count - substringLength) {
                let part = String(characters[start..<(start + substringLength)])
                forms.append(CanaryForm(label: "its substring '\(part)'", text: part))
            }
        }
        return forms
    }

    /// Returns the base64 characters that depend only on `bytes`, when they start 0, 1 or 2 bytes into a
    /// longer encoded text, so a value found inside a bigger base64 blob is caught too.
    static func base64Cores(of bytes: [UInt8]) -> [String] {
        (0..<3).map { offset in
            let encoded = Array(Data(Array(repeating: 0, count: offset) + bytes).base64EncodedString())
            // Character i covers bits 6i..<6i+6; keep those entirely within the value's bits.
            let first = (8 * offset + 5) / 6
            let last = (8 * (offset + bytes.count) - 6) / 6
            return first <= last ? String(encoded[first...last]) : ""
        }
    }

    /// Returns one message for each secret found in each file, naming the secret, the form found
    /// and where, with `describe` turning a path into a reader's name for it.
    static func leaks(
        in files: [String: Data], secrets: [String: String], describe: (String) -> String
    ) -> [String] {
        let formsBySecret = secrets.mapValues(forms(of:))
        var messages: [String] = []
        for (path, data) in files.sorted(by: { $0.key < $1.key }) {
            let text = String(decoding: data, as: UTF8.self)
            for (name, forms) in formsBySecret.sorted(by: { $0.key < $1.key }) {
                guard let form = forms.first(where: { !$0.text.isEmpty && text.contains($0.text) }) else { continue }
                messages.append("\(name): \(form.label) appears in \(describe(path))")
            }
        }
        return messages
    }
}

extension Workspace {
    /// Records an issue for every secret of `secrets`, in any form ``CanaryScan`` looks for, found in
    /// the output of a run or in any file under the workspace's root except `inputs` that still
    /// hold exactly the bytes the test wrote.
    func expectNoCanary(
        _ secrets: [String: String], inputs: [String: Data] = [:], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let files = try writtenFiles().filter { path, data in inputs[path] != data }
        #expect(files.keys.contains { $0.hasSuffix(".err") }, "no run output was scanned", sourceLocation: sourceLocation)
        for message in CanaryScan.leaks(in: files, secrets: secrets, describe: describe) {
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        }
    }

    /// Returns `the standard error of 'credhash plan --json'` for a run log, or the path under
    /// the root for any other file.
    private func describe(_ path: String) -> String {
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        if path.hasPrefix(rootPath + "/logs/"), let command = commandLines[name] {
            let stream = path.hasSuffix(".out") ? "standard output" : "standard error"
            return "the \(stream) of '\(command)'"
        }
        return "the file \(path.replacingOccurrences(of: rootPath + "/", with: ""))"
    }
}
