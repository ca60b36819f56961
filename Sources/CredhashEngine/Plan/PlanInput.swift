/// What Rebilly reported for one recorded hash during a refresh.
public enum RemoteObservation: Sendable, Equatable {
    /// The hash exists. `secretFingerprints` is set only when the response echoed the secrets.
    case found(status: CredentialStatus, fields: [String: FieldValue], secretFingerprints: [String: String]?)
    /// Rebilly returned 404.
    case notFound
}

/// Which superseded hashes a plan retires.
public enum RetireScope: Sendable, Equatable {
    /// Those of credentials whose policy is `immediately` (a normal `plan`).
    case byPolicy
    /// Every superseded hash, or only those of the given addresses (`credhash retire`).
    case requested(addresses: Set<String>?)
}

/// Everything the planner compares; gathering it is the caller's work.
public struct PlanInput: Sendable {
    /// The validated configuration.
    public var config: DesiredConfig
    /// The secret fingerprints of each desired credential by address, then by field path.
    public var fingerprints: [String: [String: String]]
    /// The state, or `nil` when none exists yet.
    public var state: State?
    /// What Rebilly reported per address, or `nil` for an offline plan.
    public var remote: [String: RemoteObservation]?
    /// Why the plan is offline, when `remote` is `nil`.
    public var offlineReason: String?
    /// Which superseded hashes to retire.
    public var retireScope: RetireScope

    public init(
        config: DesiredConfig, fingerprints: [String: [String: String]], state: State?,
        remote: [String: RemoteObservation]? = nil, offlineReason: String? = nil, retireScope: RetireScope = .byPolicy
    ) {
        self.config = config
        self.fingerprints = fingerprints
        self.state = state
        self.remote = remote
        self.offlineReason = offlineReason
        self.retireScope = retireScope
    }
}
