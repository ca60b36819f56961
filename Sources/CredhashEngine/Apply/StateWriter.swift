import Foundation

/// The one writer of the state during an apply: every change goes through it and is committed
/// before the call returns, one commit at a time.
///
/// After a failed commit the writer rejects every later change, because the file on disk no
/// longer matches what the apply believes it recorded. The journal entry written before each
/// create still lets the next apply find that hash.
public actor StateWriter {
    private var store: StateStore
    private var failure: String?
    private let now: @Sendable () -> Date

    /// Creates a writer that owns `store`; `now` supplies the times written to the state.
    public init(store: StateStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
        fingerprintKey = store.fingerprintKey
    }

    /// The state as last committed.
    public var state: State { store.state }

    /// The store as last committed.
    public var currentStore: StateStore { store }

    /// The key the state's fingerprints are computed with.
    public nonisolated let fingerprintKey: FingerprintKey

    /// Whether a commit failed, after which the writer rejects every change.
    public var hasFailed: Bool { failure != nil }

    /// The current time as the state writes it: ISO 8601 in UTC, whole seconds.
    public func timestamp() -> String {
        ApplyTime.iso8601(now())
    }

    /// Applies `change` to a copy of the state and commits it.
    ///
    /// - Throws: ``ApplyError/stateWriteFailed(detail:)`` when the commit fails or an earlier one did.
    public func update(_ change: (inout State, String) -> Void) throws(ApplyError) {
        if let failure { throw .stateWriteFailed(detail: "an earlier write failed: \(failure)") }
        var next = store.state
        change(&next, ApplyTime.iso8601(now()))
        do {
            try store.commit(next)
        } catch {
            failure = "\(error)"
            throw .stateWriteFailed(detail: "\(error)")
        }
    }
}
