/// What a plan is made from, gathered by a command.
public struct PlanRequest: Sendable {
    /// The validated configuration.
    public var config: DesiredConfig
    /// The state as loaded, with its checked fingerprint key.
    public var store: StateStore
    /// The gateway to read recorded hashes through, or `nil` for an offline plan.
    public var gateway: (any CredentialGateway)?
    /// Why the plan is offline, when `gateway` is `nil`.
    public var offlineReason: String?
    /// How many hashes to read at once during a refresh.
    public var parallelism: Int
    /// Which superseded hashes to retire.
    public var retireScope: RetireScope

    public init(
        config: DesiredConfig, store: StateStore, gateway: (any CredentialGateway)?, offlineReason: String?,
        parallelism: Int, retireScope: RetireScope = .byPolicy
    ) {
        self.config = config
        self.store = store
        self.gateway = gateway
        self.offlineReason = offlineReason
        self.parallelism = parallelism
        self.retireScope = retireScope
    }
}

/// The plan stage as a whole: fingerprint the desired secrets, refresh, compare.
public enum Planning {
    /// Makes the plan for `request`.
    ///
    /// - Returns: The plan and the secret fingerprints it was made with, which a saved plan keeps.
    /// - Throws: ``RefreshError`` when a recorded hash cannot be read from Rebilly.
    public static func makePlan(_ request: PlanRequest) async throws(RefreshError)
        -> (plan: Plan, fingerprints: [String: [String: String]])
    {
        let key = request.store.fingerprintKey
        var fingerprints: [String: [String: String]] = [:]
        for credential in request.config.credentials {
            fingerprints[credential.address] = key.fingerprints(of: credential)
        }

        // A missing state file is an empty state, so it has nothing to refresh.
        let state = request.store.serialOnDisk == nil ? nil : request.store.state
        var remote: [String: RemoteObservation]?
        if let gateway = request.gateway {
            remote = try await Refresher.observe(
                state?.credentials ?? [:], gateway: gateway, parallelism: request.parallelism, key: key)
        }
        let input = PlanInput(
            config: request.config, fingerprints: fingerprints, state: state, remote: remote,
            offlineReason: request.offlineReason, retireScope: request.retireScope)
        return (Planner.plan(input), fingerprints)
    }
}

extension SavedPlan {
    /// Writes the saved plan to `path` atomically, readable by its owner only.
    ///
    /// - Throws: `StateFileError.writeFailed` naming the failed step.
    public func write(to path: String) throws {
        try AtomicFileWriter.replace(path, with: encoded())
    }
}
