/// Renders a plan as text for a terminal or a log: a legend, one block per change, drift,
/// pending creates and a tally line.
public enum HumanPlanRenderer {
    /// Renders `plan`.
    ///
    /// - Parameters:
    ///   - plan: The plan.
    ///   - colorize: Whether to colour the action markers with ANSI escapes.
    /// - Returns: The text, ending with a line break.
    public static func render(_ plan: Plan, colorize: Bool = false) -> String {
        var lines = ["credhash plan for \(safe(plan.configPath))", PlanSummary.refreshLine(plan), ""]
        if plan.changes.isEmpty {
            lines += [PlanSummary.noChanges(plan), ""]
        } else {
            lines += [legend(plan, colorize: colorize), ""]
            for change in plan.changes {
                lines += block(change, colorize: colorize) + [""]
            }
        }
        lines += driftLines(plan) + pendingLines(plan)
        lines.append(PlanSummary.tally(plan))
        return lines.joined(separator: "\n") + "\n"
    }

    private static func legend(_ plan: Plan, colorize: Bool) -> String {
        let present = Set(plan.changes.map(\.action))
        let entries = PlanAction.order.filter(present.contains).map { "\(marker($0, colorize: colorize)) \($0.rawValue)" }
        return "Actions: " + entries.joined(separator: ", ")
    }

    private static func block(_ change: PlannedChange, colorize: Bool) -> [String] {
        var lines = ["  \(marker(change.action, colorize: colorize)) \(safe(change.address)) \(change.action.phrase)"]
        if let previous = change.previousAddress { lines.append("      from \(safe(previous))") }
        if let hash = change.hash { lines.append("      hash: \(safe(hash))") }
        switch change.action {
        case .create:
            lines += fieldLines(change)
        case .replace:
            lines += change.fieldChanges.map { "      ~ \(safe($0.path)): \(safe(PlanSummary.describe($0)))" }
            lines.append("      " + PlanSummary.retirementNote(change))
        default:
            break
        }
        lines.append("      " + PlanSummary.because(change))
        return lines
    }

    private static func fieldLines(_ change: PlannedChange) -> [String] {
        let fields = change.fields.sorted { $0.key < $1.key }.map { "      \(safe($0.key)): \(safe($0.value.description))" }
        return fields + change.secretPaths.sorted().map { "      \(safe($0)): (sensitive)" }
    }

    private static func driftLines(_ plan: Plan) -> [String] {
        guard !plan.drift.isEmpty else { return [] }
        var lines = ["Drift: Rebilly differs from the state for these fields:"]
        for entry in plan.drift {
            let values = entry.sensitive
                ? "(sensitive) differs"
                : "\(entry.recorded.map(\.description) ?? "(none)") in state, \(entry.remote.map(\.description) ?? "(none)") in Rebilly"
            lines.append("  \(safe(entry.address)) \(safe(entry.path)): \(safe(values))")
        }
        return lines + [""]
    }

    private static func pendingLines(_ plan: Plan) -> [String] {
        guard !plan.pending.isEmpty else { return [] }
        var lines = ["Pending creates from an interrupted apply; the next apply resolves them and nothing is sent for them now:"]
        lines += plan.pending.sorted { $0.address < $1.address }.map { "  \(safe($0.address)) since \(safe($0.since))" }
        return lines + [""]
    }

    /// Escapes control characters in text that comes from files or from Rebilly.
    static func safe(_ text: String) -> String {
        DiagnosticRenderer.escapingControlCharacters(text)
    }

    /// The action's symbol, coloured when asked: green adds, red removes, yellow changes.
    static func marker(_ action: PlanAction, colorize: Bool) -> String {
        guard colorize else { return action.symbol }
        let color: String
        switch action {
        case .create: color = "32"
        case .deactivate, .retire: color = "31"
        case .replace, .rename, .forget: color = "33"
        case .noOp: return action.symbol
        }
        return "\u{1B}[\(color)m\(action.symbol)\u{1B}[0m"
    }
}
