/// Renders diagnostics as GitHub Actions workflow commands, which the runner shows as
/// annotations on the file and line: `::error file=credentials.yaml,line=4,col=7::summary`.
///
/// The escaping follows GitHub's workflow-command rules. `%`, CR and LF in the message, and also
/// `:` and `,` in property values, become percent escapes. So text from a file can neither end
/// the command early nor start another one.
public enum WorkflowAnnotation {
    /// Renders one diagnostic as one line without a final newline.
    ///
    /// The message is the key path and summary, followed by the detail on new lines. A note
    /// becomes a `notice` command, the level GitHub calls it.
    public static func render(_ diagnostic: Diagnostic) -> String {
        var properties: [String] = []
        if let location = diagnostic.location {
            properties.append("file=" + escapeProperty(location.file))
            if let line = location.line { properties.append("line=\(line)") }
            if let column = location.column { properties.append("col=\(column)") }
        }
        var message = diagnostic.keyPath.map { $0 + ": " } ?? ""
        message += diagnostic.summary
        if let detail = diagnostic.detail { message += "\n" + detail }

        var command = "::" + commandName(diagnostic.severity)
        if !properties.isEmpty { command += " " + properties.joined(separator: ",") }
        return command + "::" + escapeData(message)
    }

    /// Escapes a message: `%` → `%25`, CR → `%0D`, LF → `%0A`.
    public static func escapeData(_ text: String) -> String {
        var result = ""
        for character in text.unicodeScalars {
            switch character {
            case "%": result += "%25"
            case "\r": result += "%0D"
            case "\n": result += "%0A"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// Escapes a property value: as `escapeData`, and also `:` → `%3A` and `,` → `%2C`.
    public static func escapeProperty(_ text: String) -> String {
        var result = ""
        for character in escapeData(text).unicodeScalars {
            switch character {
            case ":": result += "%3A"
            case ",": result += "%2C"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    private static func commandName(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .note: return "notice"
        }
    }
}
