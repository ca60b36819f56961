/// The state changes apply makes, each one committed by ``StateWriter`` on its own.
extension State {
    /// Records in the journal that a create for `address` is about to be sent.
    mutating func addPending(address: String, type: CredentialKind, requestFingerprint: String, time: String) {
        pending.removeAll { $0.address == address }
        pending.append(PendingCreate(address: address, type: type, requestFingerprint: requestFingerprint, time: time))
    }

    /// Removes the journal entry of `address`.
    mutating func removePending(address: String) {
        pending.removeAll { $0.address == address }
    }

    /// Records `hash` for `credential` as sent, and clears its journal entry.
    mutating func recordCreated(
        _ credential: DesiredCredential, hash: String, status: CredentialStatus, key: FingerprintKey, time: String
    ) {
        credentials[credential.address] = StateCredential(
            type: credential.kind, name: credential.name, hash: hash, status: status,
            fields: credential.fieldDictionary, secretFingerprints: key.fingerprints(of: credential),
            createdTime: time, updatedTime: time)
        removePending(address: credential.address)
        // A hash Rebilly returned for a create is current again, even if it waited to be retired.
        removeRetirement(hash: hash)
    }

    /// Records the new hash of a replace, the old→new mapping and, when `keepOldForRetirement`,
    /// the old hash as waiting to be retired.
    mutating func recordReplaced(
        _ credential: DesiredCredential, oldHash: String, newHash: String, status: CredentialStatus, reason: String,
        keepOldForRetirement: Bool, key: FingerprintKey, time: String
    ) {
        recordCreated(credential, hash: newHash, status: status, key: key, time: time)
        guard newHash != oldHash else { return }
        replacements.append(
            Replacement(address: credential.address, oldHash: oldHash, newHash: newHash, reason: reason, time: time))
        if keepOldForRetirement, !retirements.contains(where: { $0.hash == oldHash }) {
            retirements.append(Retirement(address: credential.address, type: credential.kind, hash: oldHash, since: time))
        }
    }

    /// Removes `hash` from the retirements.
    mutating func removeRetirement(hash: String) {
        retirements.removeAll { $0.hash == hash }
    }

    /// Moves the entry at `from`, with its retirements and its replacement history, to `to`.
    public mutating func moveCredential(from: String, to: String, time: String) {
        guard var entry = credentials.removeValue(forKey: from) else { return }
        entry.name = Self.name(of: to, kind: entry.type)
        entry.updatedTime = time
        credentials[to] = entry
        for index in retirements.indices where retirements[index].address == from {
            retirements[index].address = to
        }
        for index in replacements.indices where replacements[index].address == from {
            replacements[index].address = to
        }
    }

    /// Returns the address of a credential in `addresses` whose recorded hash is `hash`, if any.
    func address(using hash: String, among addresses: Set<String>) -> String? {
        credentials.filter { addresses.contains($0.key) && $0.value.hash == hash }.keys.sorted().first
    }

    /// Returns the name part of `address`: the text after `<kind>.`.
    static func name(of address: String, kind: CredentialKind) -> String {
        let prefix = kind.rawValue + "."
        return address.hasPrefix(prefix) ? String(address.dropFirst(prefix.count)) : address
    }
}
