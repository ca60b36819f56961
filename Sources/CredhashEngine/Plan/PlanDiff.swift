/// Field-level comparisons between recorded and desired credentials.
enum PlanDiff {
    /// Every non-secret field whose recorded and desired values differ, by path.
    static func fieldChanges(recorded: [String: FieldValue], desired: [String: FieldValue]) -> [FieldChange] {
        let paths = Set(recorded.keys).union(desired.keys).sorted()
        return paths.compactMap { path in
            let before = recorded[path]
            let after = desired[path]
            guard before != after else { return nil }
            return FieldChange(path: path, before: before, after: after, sensitive: false)
        }
    }

    /// Every secret field whose fingerprint differs, added or removed, without values.
    static func secretChanges(recorded: [String: String], desired: [String: String]) -> [FieldChange] {
        Set(recorded.keys).union(desired.keys).sorted().compactMap { path in
            recorded[path] == desired[path] ? nil : FieldChange(path: path, before: nil, after: nil, sensitive: true)
        }
    }
}

/// Differences between the state and what a refresh read from Rebilly.
enum PlanDrift {
    static func entries(
        credentials: [String: StateCredential], remote: [String: RemoteObservation]?, desired: Set<String>
    ) -> [DriftEntry] {
        guard let remote else { return [] }
        var entries: [DriftEntry] = []
        for (address, entry) in credentials.sorted(by: { $0.key < $1.key }) {
            guard case .found(_, let fields, let fingerprints) = remote[address] else { continue }
            for change in PlanDiff.fieldChanges(recorded: entry.fields, desired: fields) {
                entries.append(
                    DriftEntry(address: address, path: change.path, recorded: change.before, remote: change.after, sensitive: false))
            }
            // Only the secrets the response echoed can be compared.
            let echoed = fingerprints ?? [:]
            let recordedEchoed = entry.secretFingerprints.filter { echoed[$0.key] != nil }
            for change in PlanDiff.secretChanges(recorded: recordedEchoed, desired: echoed) {
                entries.append(DriftEntry(address: address, path: change.path, recorded: nil, remote: nil, sensitive: true))
            }
        }
        return entries
    }
}
