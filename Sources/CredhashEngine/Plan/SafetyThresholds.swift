/// Limits that stop a plan which would deactivate or replace a large share of the managed
/// credentials, the signature of a wrong config file, state file or key.
///
/// Precedence: the named constants below, then the configuration's `safety:` block, then the
/// command-line flags.
public struct SafetyThresholds: Sendable, Equatable {
    /// Below this many managed credentials the percentage rules do not apply.
    public static let defaultMinimumManaged = 10
    /// The largest share of managed credentials one plan may deactivate or retire, in percent.
    public static let defaultMaximumDeactivatePercent = 30
    /// The largest share of managed credentials one plan may replace, in percent.
    public static let defaultMaximumReplacePercent = 30

    public var minimumManaged = defaultMinimumManaged
    public var maximumDeactivatePercent = defaultMaximumDeactivatePercent
    public var maximumReplacePercent = defaultMaximumReplacePercent
    /// Addresses whose deactivation or retirement `--allow-deactivate` permits; they are not counted.
    public var allowedDeactivations: Set<String> = []
    /// Addresses whose replace `--allow-replace` permits; they are not counted.
    public var allowedReplacements: Set<String> = []
    /// With `--max-deactivate N`, up to N deactivations and retirements pass whatever the share.
    public var maximumDeactivateCount: Int?

    public init() {}

    /// The defaults overridden by a configuration's `safety:` block.
    public init(config settings: [String: Int]) {
        minimumManaged = settings["minimumManaged"] ?? Self.defaultMinimumManaged
        maximumDeactivatePercent = settings["maxDeactivatePercent"] ?? Self.defaultMaximumDeactivatePercent
        maximumReplacePercent = settings["maxReplacePercent"] ?? Self.defaultMaximumReplacePercent
    }

    /// Checks `plan` against the thresholds.
    ///
    /// - Throws: ``PlanSafetyError`` naming the rule, the counts and the flag that allows the plan.
    public func check(_ plan: Plan) throws(PlanSafetyError) {
        let managed = plan.managedCount
        guard managed >= minimumManaged else { return }

        let deactivations = plan.changes.filter {
            $0.action.deactivatesHash && !allowedDeactivations.contains($0.address)
        }.count
        let withinCount = maximumDeactivateCount.map { deactivations <= $0 } ?? false
        if !withinCount, deactivations * 100 > maximumDeactivatePercent * managed {
            throw .tooManyDeactivations(count: deactivations, managed: managed, limitPercent: maximumDeactivatePercent)
        }

        let replacements = plan.changes.filter { $0.action.isReplace && !allowedReplacements.contains($0.address) }.count
        if replacements * 100 > maximumReplacePercent * managed {
            throw .tooManyReplacements(count: replacements, managed: managed, limitPercent: maximumReplacePercent)
        }
    }
}

/// A plan refused by a safety threshold (exit code 6).
public enum PlanSafetyError: Error, Sendable, Equatable, CustomStringConvertible {
    case tooManyDeactivations(count: Int, managed: Int, limitPercent: Int)
    case tooManyReplacements(count: Int, managed: Int, limitPercent: Int)

    public var description: String {
        switch self {
        case .tooManyDeactivations(let count, let managed, let limit):
            return "plan deactivates or retires \(count) of \(managed) managed credentials "
                + "(\(Self.percent(count, managed))), more than the allowed \(limit) %"
        case .tooManyReplacements(let count, let managed, let limit):
            return "plan replaces \(count) of \(managed) managed credentials "
                + "(\(Self.percent(count, managed))), more than the allowed \(limit) %"
        }
    }

    /// What to do: review, then the scoped flag that allows the plan.
    public var hint: String {
        switch self {
        case .tooManyDeactivations(let count, _, _):
            return "Review the plan. If these deactivations are intended, pass --allow-deactivate ADDRESS[,…] "
                + "naming them, or --max-deactivate \(count)."
        case .tooManyReplacements:
            return "Review the plan. If these replacements are intended, pass --allow-replace ADDRESS[,…] naming them."
        }
    }

    private static func percent(_ count: Int, _ total: Int) -> String {
        let hundredths = (count * 10_000 + total / 2) / total
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) %"
    }
}
