/// Compares the desired configuration with the state and builds a ``Plan``.
///
/// The planner is pure: it reads its input and returns a plan. It sends no request, reads no
/// file and never sees a secret value, only fingerprints.
public enum Planner {
    /// Builds the plan for `input`.
    public static func plan(_ input: PlanInput) -> Plan {
        let credentials = input.state?.credentials ?? [:]
        let pendingAddresses = Set(input.state?.pending.map(\.address) ?? [])
        let desired = input.config.credentials.filter { !pendingAddresses.contains($0.address) }
        let desiredAddresses = Set(input.config.credentials.map(\.address))

        // Compare each desired credential with its state entry; new ones are create candidates.
        var changes: [PlannedChange] = []
        var creates: [DesiredCredential] = []
        var unchanged = 0
        for credential in desired {
            guard let recorded = credentials[credential.address] else {
                creates.append(credential)
                continue
            }
            let fingerprints = input.fingerprints[credential.address] ?? [:]
            let observation = input.remote?[credential.address]
            if let change = replaceChange(credential, recorded: recorded, fingerprints: fingerprints, observation: observation) {
                changes.append(change)
            } else {
                unchanged += 1
            }
        }

        // Entries no longer desired are removal candidates; a matching create turns both into a rename.
        let removed = credentials.keys.filter { !desiredAddresses.contains($0) }.sorted()
        let (renames, remainingCreates, remainingRemoved) = matchRenames(
            creates: creates, removed: removed, credentials: credentials, input: input)
        changes += renames
        changes += remainingCreates.map(createChange)
        // A create or replace whose content equals a removed credential's gets that credential's
        // hash back from Rebilly, so the removed one must not be deactivated.
        let sentAddresses = Set(changes.filter { $0.action == .replace }.map(\.address) + remainingCreates.map(\.address))
        let sentContents = Set(desired.filter { sentAddresses.contains($0.address) }.map { credential in
            contentKey(
                type: credential.kind, fields: credential.fieldDictionary,
                fingerprints: input.fingerprints[credential.address] ?? [:])
        })
        changes += removalChanges(
            remainingRemoved, credentials: credentials, keptAddresses: desiredAddresses, remote: input.remote,
            sentContents: sentContents)
        changes = withoutSharedRetirements(changes, credentials: credentials, keptAddresses: desiredAddresses)
        changes += retireChanges(input, keptAddresses: desiredAddresses)

        return Plan(
            changes: changes.sorted { ($0.address, $0.action) < ($1.address, $1.action) }, unchanged: unchanged,
            drift: PlanDrift.entries(credentials: credentials, remote: input.remote, desired: desiredAddresses),
            pending: (input.state?.pending ?? []).map { PendingEntry(address: $0.address, type: $0.type, since: $0.time) },
            refresh: refreshInfo(input), stateLineage: input.state?.lineage, stateSerial: input.state?.serial ?? 0,
            managedCount: credentials.count, configPath: input.config.path, configDigest: input.config.digest)
    }

    private static func refreshInfo(_ input: PlanInput) -> RefreshInfo {
        let observable = input.remote?.values.contains {
            if case .found(_, _, .some) = $0 { return true } else { return false }
        } ?? false
        return RefreshInfo(
            performed: input.remote != nil, skippedBecause: input.remote == nil ? input.offlineReason : nil,
            secretsObservable: observable)
    }

    /// Turns off the immediate retirement of a replace whose old hash another kept credential uses.
    static func withoutSharedRetirements(
        _ changes: [PlannedChange], credentials: [String: StateCredential], keptAddresses: Set<String>
    ) -> [PlannedChange] {
        changes.map { change in
            guard change.action == .replace, change.retiresOldHash, let hash = change.hash else { return change }
            let shared = credentials.contains { $0.key != change.address && keptAddresses.contains($0.key) && $0.value.hash == hash }
            var updated = change
            updated.retiresOldHash = !shared
            return updated
        }
    }

    static func createChange(_ credential: DesiredCredential) -> PlannedChange {
        PlannedChange(
            address: credential.address, type: credential.kind, action: .create, reasons: [.createBecauseNew],
            fields: credential.fieldDictionary, secretPaths: credential.secrets.map(\.path))
    }

    /// Returns a replace when anything recorded or observed differs, or `nil` when nothing does.
    static func replaceChange(
        _ credential: DesiredCredential, recorded: StateCredential, fingerprints: [String: String],
        observation: RemoteObservation?
    ) -> PlannedChange? {
        var reasons: [ActionReason] = []
        let fieldChanges = PlanDiff.fieldChanges(recorded: recorded.fields, desired: credential.fieldDictionary)
        if !fieldChanges.isEmpty { reasons.append(.replaceBecauseFieldsChanged) }
        let secretChanges = PlanDiff.secretChanges(recorded: recorded.secretFingerprints, desired: fingerprints)
        if !secretChanges.isEmpty { reasons.append(.replaceBecauseSecretChanged) }
        switch observation {
        case .notFound: reasons.append(.replaceBecauseMissingInRebilly)
        case .found(.deactivated, _, _): reasons.append(.replaceBecauseDeactivatedInRebilly)
        case .found(.inactive, _, _): reasons.append(.replaceBecauseInactiveInRebilly)
        case .found(.active, _, _), nil: break
        }
        guard !reasons.isEmpty else { return nil }

        let isLive = reasons.allSatisfy { $0 == .replaceBecauseFieldsChanged || $0 == .replaceBecauseSecretChanged }
        return PlannedChange(
            address: credential.address, type: credential.kind, action: .replace, reasons: reasons,
            hash: recorded.hash, fieldChanges: (fieldChanges + secretChanges).sorted { $0.path < $1.path },
            fields: credential.fieldDictionary, secretPaths: credential.secrets.map(\.path),
            retiresOldHash: isLive && credential.retire == .immediately)
    }
}

extension DesiredCredential {
    /// The non-secret fields by path, as the state records them.
    public var fieldDictionary: [String: FieldValue] {
        Dictionary(fields.map { ($0.path, $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}
