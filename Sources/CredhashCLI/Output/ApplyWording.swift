import CredhashEngine

/// The phrases apply output uses for actions and their results.
enum ApplyWording {
    /// The phrase for an action that starts: `creating`.
    static func starting(_ change: PlannedChange) -> String {
        switch change.action {
        case .create: return "creating"
        case .replace: return "replacing \(short(change.hash))"
        case .deactivate: return "deactivating \(short(change.hash))"
        case .retire: return "retiring old hash \(short(change.hash))"
        case .rename: return "renaming from '\(change.previousAddress ?? "")'"
        case .forget: return "forgetting without deactivating \(short(change.hash))"
        case .noOp: return "checking"
        }
    }

    /// The phrase for an action that succeeded: `created 5d0e1a2b…`.
    static func finished(_ change: PlannedChange, _ outcome: ApplyOutcome) -> String {
        switch outcome.kind {
        case .created: return "created \(short(outcome.newHash))"
        case .adopted: return "adopted existing identical hash \(short(outcome.newHash))"
        case .replaced:
            let retired = outcome.retiredOldHash ? ", old hash deactivated" : ""
            return "replaced by \(short(outcome.newHash))\(retired)"
        case .deactivated: return "deactivated"
        case .alreadyGone: return "already gone from Rebilly (404)"
        case .retired: return "retired \(short(change.hash))"
        case .keptInUse: return "kept \(short(change.hash)), because the configuration uses it again"
        case .renamed: return "renamed"
        case .forgotten: return "forgotten"
        case .unchanged: return "unchanged"
        }
    }

    /// The line for a settled journal entry.
    static func reconciled(_ resolution: PendingResolution) -> String {
        switch resolution {
        case .recorded(_, let hash, let isNew):
            return isNew
                ? "interrupted create was never received; created \(short(hash))"
                : "interrupted create recovered: recorded \(short(hash))"
        case .requestChanged(let address):
            return "interrupted create cannot be recovered because the credential changed since it was sent; "
                + "its hash, if Rebilly created one, stays unknown; run 'credhash state rm-pending \(address)' to clear "
                + "the entry, then apply again"
        case .notInConfig(let address):
            return "interrupted create is no longer in the configuration; run 'credhash state rm-pending \(address)' "
                + "to clear the entry"
        case .failed(_, let error):
            return "failed recovering the interrupted create, which stays pending: \(error)"
        }
    }

    /// The `outcome` field of a reconcile event.
    static func outcomeName(_ resolution: PendingResolution) -> String {
        switch resolution {
        case .recorded(_, _, let isNew): return isNew ? "created" : "adopted"
        case .requestChanged: return "requestChanged"
        case .notInConfig: return "notInConfig"
        case .failed: return "failed"
        }
    }

    /// `duration` in seconds as a JSON number.
    static func seconds(_ duration: Duration) -> Double {
        Double(ApplyTime.seconds(duration)) ?? 0
    }

    /// The first eight characters of `hash` and an ellipsis; `credhash output` prints it whole.
    static func short(_ hash: String?) -> String {
        guard let hash else { return "" }
        return hash.count > 8 ? String(hash.prefix(8)) + "…" : hash
    }
}
