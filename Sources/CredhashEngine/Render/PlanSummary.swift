/// Counts and wording shared by every plan renderer.
enum PlanSummary {
    /// The actions that appear in the tally line, in order.
    static let tallyActions: [PlanAction] = [.create, .replace, .deactivate, .rename, .retire, .forget]

    /// `Plan: 1 to create, 0 to replace, …, 8 unchanged.`
    static func tally(_ plan: Plan) -> String {
        var parts = [PlanAction.create, .replace, .deactivate, .rename, .retire].map { "\(plan.count($0)) to \($0.rawValue)" }
        if plan.count(.forget) > 0 { parts.append("\(plan.count(.forget)) to forget") }
        parts.append("\(plan.unchanged) unchanged")
        return "Plan: " + parts.joined(separator: ", ") + "."
    }

    /// Where the plan's picture of Rebilly comes from.
    static func refreshLine(_ plan: Plan) -> String {
        if plan.refresh.performed {
            let secrets = plan.refresh.secretsObservable
                ? "" : " Secret drift is not observable: Rebilly did not return the secrets."
            return "Refreshed every recorded hash from Rebilly.\(secrets)"
        }
        return "Offline plan: \(plan.refresh.skippedBecause ?? "Rebilly was not queried")."
    }

    /// The text after a field path for one field change: `587 -> 465` or `(sensitive) changed`.
    static func describe(_ change: FieldChange) -> String {
        if change.sensitive { return "(sensitive) changed" }
        let before = change.before.map(\.description) ?? "(none)"
        let after = change.after.map(\.description) ?? "(none)"
        return "\(before) -> \(after)"
    }

    /// What happens to a replace's old hash.
    static func retirementNote(_ change: PlannedChange) -> String {
        if change.reasons.contains(.replaceBecauseMissingInRebilly) { return "Rebilly no longer has the old hash" }
        if change.reasons.contains(.replaceBecauseDeactivatedInRebilly) { return "the old hash is already deactivated" }
        return change.retiresOldHash
            ? "the old hash is deactivated once the new one exists (retire: immediately)"
            : "the old hash stays active until 'credhash retire' (retire: manual)"
    }

    /// The line shown when nothing is planned.
    static func noChanges(_ plan: Plan) -> String {
        let pending = plan.pending.isEmpty ? "" : " beyond the pending creates listed below"
        return plan.refresh.performed
            ? "No changes\(pending). Rebilly matches the configuration."
            : "No changes\(pending). The state matches the configuration; Rebilly was not queried."
    }

    /// The `(because …)` text.
    static func because(_ change: PlannedChange) -> String {
        "(because " + change.reasons.map(\.explanation).joined(separator: "; ") + ")"
    }
}
