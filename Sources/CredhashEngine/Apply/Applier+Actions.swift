import RebillyAPI

extension Applier {
    /// Creates the hash of a new credential through the journal.
    func create(_ change: PlannedChange) async throws(ApplyError) -> ApplyOutcome {
        let credential = try desiredCredential(change.address)
        let sent = try await Self.sendJournaledCreate(credential, gateway: gateway, writer: writer)
        try await writer.update { state, time in
            state.recordCreated(credential, hash: sent.hash, status: sent.status, key: writer.fingerprintKey, time: time)
        }
        return ApplyOutcome(kind: sent.isNew ? .created : .adopted, newHash: sent.hash)
    }

    /// Creates the new hash, records the old→new mapping, then retires the old hash when its
    /// policy is `immediately`.
    func replace(_ change: PlannedChange) async throws(ApplyError) -> ApplyOutcome {
        let credential = try desiredCredential(change.address)
        let oldHash = change.hash ?? ""
        let sent = try await Self.sendJournaledCreate(credential, gateway: gateway, writer: writer)

        // A hash Rebilly no longer has, or has deactivated, has nothing left to retire, and one
        // that another credential in the configuration uses is not superseded at all.
        let sharedWith = await writer.state.address(using: oldHash, among: keptAddresses.subtracting([change.address]))
        let oldIsLive = !change.reasons.contains(.replaceBecauseMissingInRebilly)
            && !change.reasons.contains(.replaceBecauseDeactivatedInRebilly) && sharedWith == nil
        let reason = change.reasons.first?.rawValue ?? ActionReason.replaceBecauseFieldsChanged.rawValue
        try await writer.update { state, time in
            state.recordReplaced(
                credential, oldHash: oldHash, newHash: sent.hash, status: sent.status, reason: reason,
                keepOldForRetirement: oldIsLive, key: writer.fingerprintKey, time: time)
        }
        var outcome = ApplyOutcome(kind: .replaced, newHash: sent.hash)
        if let sharedWith {
            observer.note("apply.replace: the old hash '\(oldHash)' stays active because \(sharedWith) uses it")
        }
        guard change.retiresOldHash, oldIsLive, sent.hash != oldHash else { return outcome }

        do {
            try await deactivateUnused(change.type, hash: oldHash)
        } catch {
            if case .api(let underlying) = error {
                throw .oldHashNotRetired(newHash: sent.hash, oldHash: oldHash, underlying: underlying)
            }
            throw error
        }
        try await writer.update { state, _ in state.removeRetirement(hash: oldHash) }
        outcome.retiredOldHash = true
        return outcome
    }

    /// Deactivates the hash of a credential removed from the configuration and forgets it.
    func deactivate(_ change: PlannedChange) async throws(ApplyError) -> ApplyOutcome {
        let gone = try await deactivateUnused(change.type, hash: change.hash ?? "")
        try await writer.update { state, _ in _ = state.credentials.removeValue(forKey: change.address) }
        return ApplyOutcome(kind: gone ? .alreadyGone : .deactivated)
    }

    /// Deactivates a superseded hash and removes it from the retirements.
    ///
    /// A create or replace of this apply may have got the hash back, when a secret was rolled
    /// back to its earlier value. Retirements start only after those finish, so such a hash is
    /// found in use here and kept.
    func retire(_ change: PlannedChange) async throws(ApplyError) -> ApplyOutcome {
        let hash = change.hash ?? ""
        if await writer.state.address(using: hash, among: keptAddresses) != nil {
            try await writer.update { state, _ in state.removeRetirement(hash: hash) }
            return ApplyOutcome(kind: .keptInUse)
        }
        let gone = try await deactivateUnused(change.type, hash: hash)
        try await writer.update { state, _ in state.removeRetirement(hash: hash) }
        return ApplyOutcome(kind: gone ? .alreadyGone : .retired)
    }

    /// Deactivates `hash` unless a credential in the configuration still maps to it.
    ///
    /// - Returns: `true` when Rebilly returned 404, so the hash was gone already.
    @discardableResult
    func deactivateUnused(_ kind: CredentialKind, hash: String) async throws(ApplyError) -> Bool {
        // The planner leaves such hashes alone; this check guards against a state changed since.
        if let user = await writer.state.address(using: hash, among: keptAddresses) {
            throw .hashStillUsed(hash: hash, address: user)
        }
        do {
            _ = try await gateway.deactivate(kind, hash: hash)
            return false
        } catch {
            guard case .notFound = error else { throw .api(error) }
            observer.note("apply.deactivate: Rebilly answered 404 for '\(hash)', so it counts as deactivated")
            return true
        }
    }

    private func desiredCredential(_ address: String) throws(ApplyError) -> DesiredCredential {
        guard let credential = desired[address] else { throw .notInConfig(address: address) }
        return credential
    }

    /// Records the create in the journal, sends it, and returns the hash Rebilly returned.
    ///
    /// The journal entry stays when the request fails, because Rebilly may have stored the
    /// credential without the response arriving, and the next apply sends the same request again.
    ///
    /// - Throws: ``ApplyError/identicalHashDeactivated(hash:)`` for a 303 naming a deactivated
    ///   hash, after clearing the entry, because that answer is final.
    static func sendJournaledCreate(
        _ credential: DesiredCredential, gateway: any CredentialGateway, writer: StateWriter
    ) async throws(ApplyError) -> (hash: String, status: CredentialStatus, isNew: Bool) {
        let fingerprint = writer.fingerprintKey.requestFingerprint(of: credential)
        try await writer.update { state, time in
            state.addPending(address: credential.address, type: credential.kind, requestFingerprint: fingerprint, time: time)
        }
        let answer: (credential: RemoteCredential, isNew: Bool)
        do {
            answer = try await gateway.create(credential)
        } catch {
            if error.provesNothingStored {
                try await writer.update { state, _ in state.removePending(address: credential.address) }
            }
            throw .api(error)
        }
        if answer.credential.status == .deactivated {
            try await writer.update { state, _ in state.removePending(address: credential.address) }
            throw .identicalHashDeactivated(hash: answer.credential.hash)
        }
        return (answer.credential.hash, answer.credential.status, answer.isNew)
    }
}

extension APIError {
    /// Whether the error shows that Rebilly stored nothing, so a journal entry can be cleared.
    ///
    /// A 5xx, a lost connection or an unreadable response may follow a stored credential, so they
    /// keep the entry.
    var provesNothingStored: Bool {
        switch self {
        case .missingAPIKey, .invalidAPIKey, .invalidEnvironment, .invalidAPIURL, .invalidOrganizationID, .invalidHash,
            .unauthorized, .forbidden, .notFound, .validation, .rateLimited:
            return true
        case .unexpectedStatus(_, let status, _):
            return (400..<500).contains(status)
        case .server, .transport, .invalidResponse, .locationRejected:
            return false
        }
    }
}
