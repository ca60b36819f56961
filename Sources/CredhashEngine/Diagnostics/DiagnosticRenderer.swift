/// Renders diagnostics as `path:line:col: severity: key.path: summary` lines for terminals and logs.
public enum DiagnosticRenderer {
    /// Renders one diagnostic, with its detail indented on the following lines.
    ///
    /// - Parameters:
    ///   - diagnostic: The diagnostic.
    ///   - colorize: Whether to colour the severity with ANSI escapes.
    /// - Returns: The text, ending without a newline.
    public static func render(_ diagnostic: Diagnostic, colorize: Bool = false) -> String {
        var line = ""
        if let location = diagnostic.location {
            line += escapingControlCharacters(location.file)
            if let lineNumber = location.line { line += ":\(lineNumber)" }
            if let column = location.column { line += ":\(column)" }
            line += ": "
        }
        line += severityLabel(diagnostic.severity, colorize: colorize) + ": "
        if let keyPath = diagnostic.keyPath { line += escapingControlCharacters(keyPath) + ": " }
        // Summaries and details can carry text from the input, such as a `${file:…}` path.
        line += escapingControlCharacters(diagnostic.summary)
        if let detail = diagnostic.detail {
            line += "\n" + detail.split(separator: "\n", omittingEmptySubsequences: false)
                .map { "    " + escapingControlCharacters(String($0)) }.joined(separator: "\n")
        }
        return line
    }

    /// Writes control characters and bidirectional overrides as `\u{…}`, so text from a file
    /// cannot move the cursor, change a terminal's settings or show its characters reordered.
    public static func escapingControlCharacters(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
            result += isControl ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }
        return result
    }

    private static func severityLabel(_ severity: Diagnostic.Severity, colorize: Bool) -> String {
        guard colorize else { return severity.rawValue }
        switch severity {
        case .error: return "\u{1B}[1;31merror\u{1B}[0m"
        case .warning: return "\u{1B}[1;33mwarning\u{1B}[0m"
        case .note: return "\u{1B}[1;36mnote\u{1B}[0m"
        }
    }
}
