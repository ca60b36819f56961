/// What `apply` does to one credential. Rebilly cannot change a credential hash, so every
/// change to a credential is a `replace`.
public enum PlanAction: String, Sendable, Codable, CaseIterable, Comparable {
    /// Create a new hash for a credential that has none.
    case create
    /// Create a new hash, record the old→new mapping, then retire the old hash per its policy.
    case replace
    /// Deactivate the hash of a credential removed from the configuration.
    case deactivate
    /// Move a state entry to a new address; no API call.
    case rename
    /// Deactivate a hash that an earlier replace superseded.
    case retire
    /// Drop a state entry without deactivating its hash, because another credential uses it.
    case forget
    /// Nothing to do.
    case noOp = "no-op"

    /// The marker shown before the address in human output.
    public var symbol: String {
        switch self {
        case .create: return "+"
        case .replace: return "-/+"
        case .deactivate, .retire: return "-"
        case .rename, .forget: return "~"
        case .noOp: return " "
        }
    }

    /// Whether the action creates a hash and supersedes another.
    public var isReplace: Bool { self == .replace }

    /// Whether the action deactivates a hash in Rebilly.
    public var deactivatesHash: Bool { self == .deactivate || self == .retire }

    /// The verb phrase shown after the address: `will be created`.
    public var phrase: String {
        switch self {
        case .create: return "will be created"
        case .replace: return "will be replaced"
        case .deactivate: return "will be deactivated"
        case .rename: return "will be renamed"
        case .retire: return "old hash will be retired"
        case .forget: return "will be forgotten"
        case .noOp: return "is up to date"
        }
    }

    /// The order actions are listed in summaries.
    static let order: [PlanAction] = [.create, .replace, .deactivate, .rename, .retire, .forget, .noOp]

    public static func < (lhs: PlanAction, rhs: PlanAction) -> Bool {
        (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }
}

/// Why an action was chosen, named `<action>Because<cause>`.
public enum ActionReason: String, Sendable, Codable, CaseIterable {
    /// The credential is in the configuration but not in the state.
    case createBecauseNew
    /// A non-secret field differs from what was sent for the current hash.
    case replaceBecauseFieldsChanged
    /// The secret fields' fingerprint differs from the one recorded.
    case replaceBecauseSecretChanged
    /// Rebilly returned 404 for the recorded hash.
    case replaceBecauseMissingInRebilly
    /// Rebilly reports the recorded hash as deactivated.
    case replaceBecauseDeactivatedInRebilly
    /// Rebilly reports the recorded hash as inactive.
    case replaceBecauseInactiveInRebilly
    /// The credential is in the state but no longer in the configuration.
    case deactivateBecauseRemovedFromConfig
    /// A removed and an added credential have the same type, fields and secret fingerprint.
    case renameBecauseMovedInConfig
    /// The credential's retire policy is `immediately`.
    case retireBecausePolicyImmediately
    /// `credhash retire` was asked to retire the hash.
    case retireBecauseRequested
    /// The removed credential's hash is also the hash of a credential that stays, or of another
    /// removed credential that is deactivated in the same plan.
    case forgetBecauseHashShared
    /// The removed credential's hash is missing or already deactivated in Rebilly.
    case forgetBecauseGoneFromRebilly
    /// A credential in the configuration will be sent with exactly the removed one's content, so
    /// Rebilly returns the removed credential's hash for its create, and that hash must stay active.
    case forgetBecauseAdoptedByAnother

    /// The explanation shown on the `(because …)` line.
    public var explanation: String {
        switch self {
        case .createBecauseNew: return "it is new in the configuration"
        case .replaceBecauseFieldsChanged: return "fields changed"
        case .replaceBecauseSecretChanged: return "the secret changed"
        case .replaceBecauseMissingInRebilly: return "Rebilly no longer has the hash"
        case .replaceBecauseDeactivatedInRebilly: return "the hash is deactivated in Rebilly"
        case .replaceBecauseInactiveInRebilly: return "the hash is inactive in Rebilly"
        case .deactivateBecauseRemovedFromConfig: return "it was removed from the configuration"
        case .renameBecauseMovedInConfig: return "it moved to a new name with the same content"
        case .retireBecausePolicyImmediately: return "its retire policy is 'immediately'"
        case .retireBecauseRequested: return "credhash retire was asked to retire it"
        case .forgetBecauseHashShared: return "another credential uses the same hash"
        case .forgetBecauseGoneFromRebilly: return "Rebilly no longer has the hash active"
        case .forgetBecauseAdoptedByAnother: return "a credential in the configuration will reuse its hash"
        }
    }
}
