extension SavedPlan {
    /// Plans again from the current state and configuration and returns how the saved changes
    /// differ from that plan, as a phrase, or `nil` when they are the same.
    ///
    /// `apply FILE` carries out the saved changes, but it builds each request from the
    /// configuration, so a saved change that credhash would not plan now would be applied other
    /// than `show` displays it. Every field of every change is compared, together with the
    /// unchanged and managed counts and the pending creates, which `show` also displays.
    ///
    /// This check does not read Rebilly. The observations a refresh made are taken from the
    /// saved reasons instead (see ``observations(implied:)``), which ``confirmRefreshReasons(gateway:)``
    /// checks against Rebilly later, and the drift entries are not compared.
    ///
    /// - Parameters:
    ///   - saved: The saved plan.
    ///   - state: The state as loaded now, or `nil` when none exists.
    ///   - config: The configuration as loaded now.
    ///   - fingerprints: The secret fingerprints of each desired credential, under the state's key.
    static func replanDifference(
        _ saved: Plan, state: State?, config: DesiredConfig, fingerprints: [String: [String: String]]
    ) -> String? {
        if let duplicate = firstDuplicate(saved.changes) {
            return "it lists the \(duplicate.action.rawValue) of \(Quote.text(duplicate.address)) more than once"
        }
        let remote = saved.refresh.performed ? observations(implied: saved.changes) : nil
        let input = PlanInput(config: config, fingerprints: fingerprints, state: state, remote: remote, retireScope: .byPolicy)
        let replanned = Planner.plan(input)

        if let difference = firstChangeDifference(saved: saved.changes, replanned: replanned.changes) {
            return difference
        }
        if saved.unchanged != replanned.unchanged {
            return "it counts \(saved.unchanged) unchanged credentials, but credhash counts \(replanned.unchanged) now"
        }
        if saved.managedCount != replanned.managedCount {
            return "it counts \(saved.managedCount) managed credentials, but the state holds \(replanned.managedCount)"
        }
        if saved.pending != replanned.pending {
            return "its pending creates differ from the journal in the state"
        }
        return nil
    }

    /// Returns the first change listed twice with the same address, action and hash.
    private static func firstDuplicate(_ changes: [PlannedChange]) -> PlannedChange? {
        var seen = Set<[String]>()
        return changes.first { change in
            !seen.insert([change.address, change.action.rawValue, change.hash ?? ""]).inserted
        }
    }

    /// Pairs each saved change with the next replanned change of the same address and action,
    /// in order, and returns the first difference as a phrase. A difference is a saved change
    /// without a partner, a pair whose fields differ, or a replanned change without a partner.
    private static func firstChangeDifference(saved: [PlannedChange], replanned: [PlannedChange]) -> String? {
        var partners = Dictionary(grouping: replanned) { [$0.address, $0.action.rawValue] }
        for change in saved {
            let subject = "its \(change.action.rawValue) of \(Quote.text(change.address))"
            let key = [change.address, change.action.rawValue]
            guard let expected = partners[key]?.first else {
                return "\(subject) is not planned from the current state and configuration"
            }
            partners[key]?.removeFirst()
            let fields = differingFields(change, expected)
            if !fields.isEmpty {
                let names = fields.map { Quote.text($0) }.joined(separator: ", ")
                return "\(subject) differs from the plan made now from the state and the configuration in \(names)"
            }
        }
        if let missing = replanned.first(where: { !(partners[[$0.address, $0.action.rawValue]]?.isEmpty ?? true) }) {
            return "it lacks the \(missing.action.rawValue) of \(Quote.text(missing.address)) that credhash plans now"
        }
        return nil
    }

    /// Returns the JSON names of the fields in which two changes of the same address and action differ.
    private static func differingFields(_ saved: PlannedChange, _ expected: PlannedChange) -> [String] {
        var names: [String] = []
        if saved.type != expected.type { names.append("type") }
        if saved.reasons != expected.reasons { names.append("reasons") }
        if saved.hash != expected.hash { names.append("hash") }
        if saved.previousAddress != expected.previousAddress { names.append("previousAddress") }
        if saved.fieldChanges != expected.fieldChanges { names.append("fieldChanges") }
        if saved.fields != expected.fields { names.append("fields") }
        if saved.secretPaths != expected.secretPaths { names.append("secretPaths") }
        if saved.retiresOldHash != expected.retiresOldHash { names.append("retiresOldHash") }
        return names
    }

    /// Returns the Rebilly observations that the saved reasons imply, so planning again
    /// reproduces the replace and forget actions that the saved plan's refresh caused.
    ///
    /// `apply FILE` reads those hashes again afterwards (see ``confirmRefreshReasons(gateway:)``).
    static func observations(implied changes: [PlannedChange]) -> [String: RemoteObservation] {
        var remote: [String: RemoteObservation] = [:]
        for change in changes {
            if change.reasons.contains(.replaceBecauseMissingInRebilly) || change.reasons.contains(.forgetBecauseGoneFromRebilly) {
                remote[change.address] = .notFound
            } else if change.reasons.contains(.replaceBecauseDeactivatedInRebilly) {
                remote[change.address] = .found(status: .deactivated, fields: [:], secretFingerprints: nil)
            } else if change.reasons.contains(.replaceBecauseInactiveInRebilly) {
                remote[change.address] = .found(status: .inactive, fields: [:], secretFingerprints: nil)
            }
        }
        return remote
    }
}
