/// Renders a plan as Markdown for a pull-request comment or a CI job summary.
public enum MarkdownPlanRenderer {
    public static func render(_ plan: Plan) -> String {
        var lines = ["### credhash plan for \(code(plan.configPath))", ""]
        lines.append("**\(PlanSummary.tally(plan).dropFirst("Plan: ".count).dropLast())**")
        lines.append("")
        lines.append(escape(PlanSummary.refreshLine(plan)))
        lines.append("")
        if plan.changes.isEmpty {
            lines.append(escape(PlanSummary.noChanges(plan)))
        } else {
            lines += ["| | Address | Action | Details |", "|---|---|---|---|"]
            lines += plan.changes.map(row)
        }
        if !plan.drift.isEmpty {
            lines += ["", "**Drift**: Rebilly differs from the state.", ""]
            lines += plan.drift.map { entry in
                let values = entry.sensitive ? "(sensitive) differs" : "\(value(entry.recorded)) in state, \(value(entry.remote)) in Rebilly"
                return "- \(code(entry.address)) \(code(entry.path)): \(escape(values))"
            }
        }
        if !plan.pending.isEmpty {
            lines += ["", "**Pending creates** from an interrupted apply (the next apply resolves them):", ""]
            lines += plan.pending.sorted { $0.address < $1.address }.map { "- \(code($0.address)) since \(escape($0.since))" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func row(_ change: PlannedChange) -> String {
        var details: [String] = []
        if let previous = change.previousAddress { details.append("from \(code(previous))") }
        if change.action == .replace {
            details += change.fieldChanges.map { "\(code($0.path)): \(escape(PlanSummary.describe($0)))" }
            details.append(escape(PlanSummary.retirementNote(change)))
        }
        if let hash = change.hash { details.append("hash \(code(hash))") }
        details.append(escape(PlanSummary.because(change)))
        let symbol = "`\(change.action.symbol)`"
        return "| \(symbol) | \(code(change.address)) | \(change.action.rawValue) | \(details.joined(separator: "<br>")) |"
    }

    private static func value(_ value: FieldValue?) -> String {
        value.map(\.description) ?? "(none)"
    }

    /// Wraps `text` in a code span. A pipe is escaped so it cannot end a table cell. A backtick
    /// becomes an apostrophe, because it cannot be escaped inside a span.
    public static func code(_ text: String) -> String {
        var body = ""
        for character in text {
            switch character {
            case "|": body += "\\|"
            case "`": body += "'"
            case "\n", "\r": body += " "
            default: body += DiagnosticRenderer.escapingControlCharacters(String(character))
            }
        }
        return "`\(body)`"
    }

    /// Escapes characters that would break a table cell or start Markdown or HTML markup.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "|", "\\", "`", "*", "_", "[", "]", "<": result += "\\\(character)"
            case "\n", "\r": result += " "
            default: result += DiagnosticRenderer.escapingControlCharacters(String(character))
            }
        }
        return result
    }
}
