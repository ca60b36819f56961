extension Planner {
    /// Pairs creates with removed entries that have the same type, fields and secret fingerprint.
    static func matchRenames(
        creates: [DesiredCredential], removed: [String], credentials: [String: StateCredential], input: PlanInput
    ) -> (renames: [PlannedChange], creates: [DesiredCredential], removed: [String]) {
        var available = removed
        var renames: [PlannedChange] = []
        var remainingCreates: [DesiredCredential] = []
        for credential in creates {
            let fingerprints = input.fingerprints[credential.address] ?? [:]
            let match = available.firstIndex { address in
                guard let entry = credentials[address], isUsable(address, remote: input.remote) else { return false }
                return entry.type == credential.kind && entry.fields == credential.fieldDictionary
                    && entry.secretFingerprints == fingerprints
            }
            guard let match else {
                remainingCreates.append(credential)
                continue
            }
            let previous = available.remove(at: match)
            renames.append(
                PlannedChange(
                    address: credential.address, type: credential.kind, action: .rename,
                    reasons: [.renameBecauseMovedInConfig], hash: credentials[previous]?.hash, previousAddress: previous))
        }
        return (renames, remainingCreates, available)
    }

    /// A removed entry can be renamed only while its hash is still active in Rebilly.
    private static func isUsable(_ address: String, remote: [String: RemoteObservation]?) -> Bool {
        guard let observation = remote?[address] else { return true }
        if case .found(.active, _, _) = observation { return true }
        return false
    }

    /// Deactivates removed entries. An entry is forgotten instead when a kept credential or an
    /// earlier removed one shares its hash, or when a refresh found the hash gone or inactive.
    static func removalChanges(
        _ removed: [String], credentials: [String: StateCredential], keptAddresses: Set<String>,
        remote: [String: RemoteObservation]?, sentContents: Set<String>
    ) -> [PlannedChange] {
        var usedHashes = Set(credentials.filter { keptAddresses.contains($0.key) }.map(\.value.hash))
        return removed.compactMap { address in
            guard let entry = credentials[address] else { return nil }
            let reason: ActionReason
            if sentContents.contains(contentKey(type: entry.type, fields: entry.fields, fingerprints: entry.secretFingerprints)) {
                reason = .forgetBecauseAdoptedByAnother
            } else if usedHashes.contains(entry.hash) {
                reason = .forgetBecauseHashShared
            } else if !isUsable(address, remote: remote) {
                reason = .forgetBecauseGoneFromRebilly
            } else {
                reason = .deactivateBecauseRemovedFromConfig
            }
            usedHashes.insert(entry.hash)
            let action: PlanAction = reason == .deactivateBecauseRemovedFromConfig ? .deactivate : .forget
            return PlannedChange(address: address, type: entry.type, action: action, reasons: [reason], hash: entry.hash)
        }
    }

    /// A text that is equal for two credentials exactly when Rebilly sees their creates as
    /// identical: the same type, non-secret fields and secret fingerprints.
    static func contentKey(type: CredentialKind, fields: [String: FieldValue], fingerprints: [String: String]) -> String {
        let fieldText = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let secretText = fingerprints.sorted { $0.key < $1.key }.map { "\($0.key)#\($0.value)" }
        return ([type.rawValue] + fieldText + secretText).joined(separator: "\u{0}")
    }

    /// Retires superseded hashes in scope, except any hash a kept credential still uses.
    static func retireChanges(_ input: PlanInput, keptAddresses: Set<String>) -> [PlannedChange] {
        let credentials = input.state?.credentials ?? [:]
        let keptHashes = Set(credentials.filter { keptAddresses.contains($0.key) }.map(\.value.hash))
        let policies = Dictionary(
            input.config.credentials.map { ($0.address, $0.retire) }, uniquingKeysWith: { first, _ in first })
        var seen = Set<String>()
        return (input.state?.retirements ?? []).compactMap { retirement in
            guard !keptHashes.contains(retirement.hash), seen.insert(retirement.hash).inserted else { return nil }
            let reason: ActionReason
            switch input.retireScope {
            case .byPolicy:
                guard policies[retirement.address] == .immediately else { return nil }
                reason = .retireBecausePolicyImmediately
            case .requested(let addresses):
                guard addresses?.contains(retirement.address) ?? true else { return nil }
                reason = .retireBecauseRequested
            }
            return PlannedChange(
                address: retirement.address, type: retirement.type, action: .retire, reasons: [reason],
                hash: retirement.hash)
        }
    }
}
