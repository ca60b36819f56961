/// Settles the creates an interrupted apply left in the journal.
///
/// For each entry whose request is unchanged, it sends the identical create again: Rebilly
/// answers 303 with the hash the first request created, or 201 when that request never arrived.
/// Either way the hash is recorded and the entry cleared. When the request changed (usually a
/// rotated secret), the earlier hash cannot be found without the earlier secret, so the entry is
/// reported and kept, and nothing is guessed.
public enum PendingReconciler {
    /// Reconciles every journal entry in `writer`'s state, one at a time, and reports each to `observer`.
    ///
    /// A pending create for an address that holds a hash is the interrupted create of a replace,
    /// so it is recorded as one: the old→new mapping and the old hash as waiting to be retired.
    public static func reconcile(
        config: DesiredConfig, gateway: any CredentialGateway, writer: StateWriter, observer: any ApplyObserver
    ) async -> [PendingResolution] {
        let desired = Dictionary(config.credentials.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        var resolutions: [PendingResolution] = []
        for entry in await writer.state.pending {
            let resolution = await settle(entry, credential: desired[entry.address], gateway: gateway, writer: writer)
            observer.didReconcile(resolution)
            resolutions.append(resolution)
        }
        return resolutions
    }

    private static func settle(
        _ entry: PendingCreate, credential: DesiredCredential?, gateway: any CredentialGateway, writer: StateWriter
    ) async -> PendingResolution {
        guard let credential else { return .notInConfig(address: entry.address) }
        guard writer.fingerprintKey.requestFingerprint(of: credential) == entry.requestFingerprint else {
            return .requestChanged(address: entry.address)
        }
        do {
            let sent = try await Applier.sendJournaledCreate(credential, gateway: gateway, writer: writer)
            try await record(credential, sent: sent, writer: writer)
            return .recorded(address: entry.address, hash: sent.hash, isNew: sent.isNew)
        } catch {
            return .failed(address: entry.address, error: error)
        }
    }

    private static func record(
        _ credential: DesiredCredential, sent: (hash: String, status: CredentialStatus, isNew: Bool), writer: StateWriter
    ) async throws(ApplyError) {
        let key = writer.fingerprintKey
        guard let previous = await writer.state.credentials[credential.address] else {
            try await writer.update { state, time in
                state.recordCreated(credential, hash: sent.hash, status: sent.status, key: key, time: time)
            }
            return
        }
        let reason: ActionReason =
            previous.secretFingerprints != key.fingerprints(of: credential)
            ? .replaceBecauseSecretChanged : .replaceBecauseFieldsChanged
        try await writer.update { state, time in
            state.recordReplaced(
                credential, oldHash: previous.hash, newHash: sent.hash, status: sent.status, reason: reason.rawValue,
                keepOldForRetirement: true, key: key, time: time)
        }
    }
}
