import RebillyAPI

/// Why a refresh failed: one recorded hash could not be read.
public struct RefreshError: Error, Sendable, CustomStringConvertible {
    public let address: String
    public let hash: String
    public let underlying: APIError

    public var description: String {
        "failed reading \(address) (hash \(hash)) from Rebilly: \(underlying)"
    }
}

/// Reads every recorded hash from Rebilly, a bounded number at a time.
public enum Refresher {
    /// Observes each credential in `credentials`.
    ///
    /// A 404 is an observation (`notFound`), not an error. Echoed secrets are fingerprinted under
    /// `key` at once and not kept.
    ///
    /// - Throws: ``RefreshError`` for the first hash that could not be read for another reason.
    public static func observe(
        _ credentials: [String: StateCredential], gateway: any CredentialGateway, parallelism: Int, key: FingerprintKey
    ) async throws(RefreshError) -> [String: RemoteObservation] {
        let entries = credentials.sorted { $0.key < $1.key }
        let results = await withTaskGroup(of: (String, Result<RemoteObservation, RefreshError>).self) { group in
            var iterator = entries.makeIterator()
            for _ in 0..<max(parallelism, 1) {
                guard let (address, entry) = iterator.next() else { break }
                group.addTask { (address, await observe(address: address, entry: entry, gateway: gateway, key: key)) }
            }
            var collected: [String: Result<RemoteObservation, RefreshError>] = [:]
            for await (address, result) in group {
                collected[address] = result
                if let (next, entry) = iterator.next() {
                    group.addTask { (next, await observe(address: next, entry: entry, gateway: gateway, key: key)) }
                }
            }
            return collected
        }

        var observations: [String: RemoteObservation] = [:]
        for (address, _) in entries {
            switch results[address] {
            case .success(let observation): observations[address] = observation
            case .failure(let error): throw error
            case nil: break
            }
        }
        return observations
    }

    private static func observe(
        address: String, entry: StateCredential, gateway: any CredentialGateway, key: FingerprintKey
    ) async -> Result<RemoteObservation, RefreshError> {
        do {
            let remote = try await gateway.get(entry.type, hash: entry.hash)
            let fingerprints = remote.secrets.isEmpty
                ? nil
                : Dictionary(
                    remote.secrets.map { ($0.path, key.fingerprint(kind: entry.type, path: $0.path, value: $0.value)) },
                    uniquingKeysWith: { first, _ in first })
            return .success(.found(status: remote.status, fields: remote.fields, secretFingerprints: fingerprints))
        } catch {
            if case .notFound = error { return .success(.notFound) }
            return .failure(RefreshError(address: address, hash: entry.hash, underlying: error))
        }
    }
}
