import Foundation
import RebillyAPI

/// What one finished action did.
public enum ApplyOutcomeKind: String, Sendable, Equatable, Codable {
    /// Rebilly created a new hash (201).
    case created
    /// Rebilly already held an identical active credential (303), and its hash was recorded.
    case adopted
    /// A new hash replaced the old one, and the mapping was recorded.
    case replaced
    /// The hash was deactivated and the entry removed from the state.
    case deactivated
    /// Rebilly returned 404 for the hash, so there was nothing left to deactivate.
    case alreadyGone
    /// The superseded hash was deactivated.
    case retired
    /// The superseded hash was not deactivated, because a credential in the configuration uses
    /// it again (a secret rolled back to its earlier value), and its retirement was dropped.
    case keptInUse
    /// The state entry moved to the new address.
    case renamed
    /// The state entry was removed without deactivating its hash.
    case forgotten
    /// Nothing was to be done.
    case unchanged
}

/// The result of one successful action.
public struct ApplyOutcome: Sendable, Equatable {
    public var kind: ApplyOutcomeKind
    /// The hash now recorded for the address, for a create or replace.
    public var newHash: String?
    /// Whether the old hash of a replace was deactivated in the same action.
    public var retiredOldHash: Bool
    /// The time from the start of the action to its last state write.
    public var duration: Duration

    public init(kind: ApplyOutcomeKind, newHash: String? = nil, retiredOldHash: Bool = false, duration: Duration = .zero) {
        self.kind = kind
        self.newHash = newHash
        self.retiredOldHash = retiredOldHash
        self.duration = duration
    }
}

/// Why one action failed. No case carries a secret.
public enum ApplyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A request failed.
    case api(APIError)
    /// A create returned an identical credential that is deactivated, which cannot be revived.
    case identicalHashDeactivated(hash: String)
    /// A deactivate or retire was skipped because a credential in the configuration still maps to the hash.
    case hashStillUsed(hash: String, address: String)
    /// The new hash of a replace was recorded, but deactivating the old hash failed.
    case oldHashNotRetired(newHash: String, oldHash: String, underlying: APIError)
    /// The credential to send is not in the configuration.
    case notInConfig(address: String)
    /// Writing the state failed, so the action's result may be only in the journal.
    case stateWriteFailed(detail: String)

    public var description: String {
        switch self {
        case .api(let error):
            return error.description
        case .identicalHashDeactivated(let hash):
            return "Rebilly already holds an identical credential '\(hash)', but it is deactivated and cannot be "
                + "revived; change a field or the secret so that a new hash is created"
        case .hashStillUsed(let hash, let address):
            return "hash '\(hash)' was not deactivated because '\(address)' in the configuration still uses it"
        case .oldHashNotRetired(let newHash, let oldHash, let underlying):
            return "recorded the new hash '\(newHash)', but failed deactivating the old hash '\(oldHash)', "
                + "which stays in the retirements: \(underlying)"
        case .notInConfig(let address):
            return "'\(address)' is not in the configuration, so there is nothing to send"
        case .stateWriteFailed(let detail):
            return "failed writing the state: \(detail)"
        }
    }
}

/// How a create left by an interrupted apply was settled.
public enum PendingResolution: Sendable, Equatable {
    /// The identical request was sent again and its hash recorded; `isNew` is `true` after a 201,
    /// when the first request never reached Rebilly.
    case recorded(address: String, hash: String, isNew: Bool)
    /// The secret or a field changed since the create was sent, so its hash cannot be found; the
    /// entry stays in the journal.
    case requestChanged(address: String)
    /// The credential is no longer in the configuration; the entry stays in the journal.
    case notInConfig(address: String)
    /// Sending the request again failed; the entry stays in the journal.
    case failed(address: String, error: ApplyError)

    /// The address of the pending create.
    public var address: String {
        switch self {
        case .recorded(let address, _, _), .requestChanged(let address), .notInConfig(let address),
            .failed(let address, _):
            return address
        }
    }
}

/// Receives apply events as they happen; the engine never prints, views implement this.
///
/// Methods may be called from several tasks at once.
public protocol ApplyObserver: Sendable {
    /// Reports that `change` is about to send its first request or state write.
    func willStart(_ change: PlannedChange)
    /// Reports that `change` succeeded; its result is already in the state.
    func didFinish(_ change: PlannedChange, outcome: ApplyOutcome)
    /// Reports that `change` failed after `duration`.
    func didFail(_ change: PlannedChange, error: ApplyError, duration: Duration)
    /// Reports how many of the `total` actions have ended.
    func progress(finished: Int, total: Int)
    /// Reports how a pending create from an earlier apply was settled.
    func didReconcile(_ resolution: PendingResolution)
    /// Reports a decision worth a debug line, such as a 404 taken as already deactivated.
    func note(_ message: String)
}
