import RebillyAPI

extension SavedPlan {
    /// Reads again each hash whose saved change rests on what the plan's refresh found, and
    /// throws unless Rebilly still reports it so.
    ///
    /// The reasons `replaceBecauseMissingInRebilly`, `replaceBecauseDeactivatedInRebilly`,
    /// `replaceBecauseInactiveInRebilly` and `forgetBecauseGoneFromRebilly` decide whether an
    /// old hash is deactivated or left alone. ``checkCurrent(store:config:)`` cannot check them
    /// without Rebilly, so an edited reason could otherwise leave an active hash untracked.
    ///
    /// - Throws: ``StalePlanError`` naming the first change whose reason no longer holds, or
    ///   whose hash could not be read.
    public func confirmRefreshReasons(gateway: any CredentialGateway) async throws(StalePlanError) {
        for change in document.plan.changes {
            guard let expected = Self.expectedObservation(change.reasons), let hash = change.hash else { continue }
            let observed: RemoteObservation
            do {
                let credential = try await gateway.get(change.type, hash: hash)
                observed = .found(status: credential.status, fields: [:], secretFingerprints: nil)
            } catch {
                guard case .notFound = error else {
                    throw StalePlanError(differences: ["failed reading \(Quote.text(hash)) to confirm its reason: \(error)"])
                }
                observed = .notFound
            }
            guard expected.contains(observed.statusWord) else {
                throw StalePlanError(differences: [
                    "its \(change.action.rawValue) of \(Quote.text(change.address)) rests on hash \(Quote.text(hash)) "
                        + "being \(expected.joined(separator: " or ")) in Rebilly, but it is \(observed.statusWord)"
                ])
            }
        }
    }

    /// Returns the states a refresh reason records for the hash, or `nil` for a reason that needs none.
    private static func expectedObservation(_ reasons: [ActionReason]) -> [String]? {
        if reasons.contains(.replaceBecauseMissingInRebilly) { return ["missing"] }
        if reasons.contains(.replaceBecauseDeactivatedInRebilly) { return ["deactivated"] }
        if reasons.contains(.replaceBecauseInactiveInRebilly) { return ["inactive"] }
        if reasons.contains(.forgetBecauseGoneFromRebilly) { return ["missing", "deactivated", "inactive"] }
        return nil
    }
}

extension RemoteObservation {
    /// One word for the observation: `missing`, or the credential's status.
    fileprivate var statusWord: String {
        switch self {
        case .notFound: return "missing"
        case .found(let status, _, _): return status.rawValue
        }
    }
}
