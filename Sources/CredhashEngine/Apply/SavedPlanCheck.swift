/// Why a saved plan no longer fits: what moved since it was made.
public struct StalePlanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Each difference, as a phrase: `the state serial moved from 3 to 4`.
    public var differences: [String]

    public var description: String {
        "saved plan is stale: " + differences.joined(separator: "; ")
            + "; run 'credhash plan --out' again and review the new plan"
    }
}

extension SavedPlan {
    /// Checks that the state, the configuration and the secrets are still those the plan was made from.
    ///
    /// - Parameters:
    ///   - store: The state as loaded now; a plan made without a state requires that none exists.
    ///   - config: The configuration as loaded now.
    /// - Throws: ``StalePlanError`` naming every difference found.
    public func checkCurrent(store: StateStore, config: DesiredConfig) throws(StalePlanError) {
        let plan = document.plan
        var differences: [String] = []

        // The state: the same lineage and serial, or still no state at all.
        let lineage = store.serialOnDisk == nil ? nil : store.state.lineage
        let serial = store.serialOnDisk ?? 0
        if lineage != plan.stateLineage, plan.stateLineage == nil {
            differences.append("the plan was made before any state existed, and now a state exists")
        } else if lineage != plan.stateLineage {
            differences.append(
                "the state lineage is \(Self.describe(lineage)), the plan was made for \(Self.describe(plan.stateLineage))")
        } else if serial != plan.stateSerial {
            differences.append("the state serial moved from \(plan.stateSerial) to \(serial)")
        }

        // The configuration file's bytes.
        if config.digest != plan.configDigest {
            differences.append("the configuration file '\(config.path)' changed")
        }

        // The secrets, compared as fingerprints under the state's key.
        let key = store.fingerprintKey
        let current = Dictionary(
            config.credentials.map { ($0.address, key.fingerprints(of: $0)) }, uniquingKeysWith: { first, _ in first })
        let moved = Set(current.keys).union(secretFingerprints.keys).filter { current[$0] != secretFingerprints[$0] }
        if !moved.isEmpty {
            differences.append("secrets changed for " + moved.sorted().map { "'\($0)'" }.joined(separator: ", "))
        }
        // The changes must be those credhash plans now, so a hand-edited plan cannot send or
        // deactivate anything other than what `show` displays.
        if differences.isEmpty {
            let state = store.serialOnDisk == nil ? nil : store.state
            if let difference = Self.replanDifference(plan, state: state, config: config, fingerprints: current) {
                differences.append(difference)
            }
        }
        guard differences.isEmpty else { throw StalePlanError(differences: differences) }
    }

    private static func describe(_ lineage: String?) -> String {
        lineage.map { "'\($0)'" } ?? "none"
    }
}
