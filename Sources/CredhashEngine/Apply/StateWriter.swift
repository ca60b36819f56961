import Foundation

/// The one writer of the state during an apply: every change goes through it and is committed
/// before the call returns.
///
/// Changes that arrive while a commit is being written wait and then go to disk together in the
/// next commit (a group commit), so parallel actions do not each pay for encoding and syncing
/// the whole state. A caller still returns only once a commit that contains its change is on
/// disk.
///
/// After a failed commit the writer rejects every later change, because the file on disk no
/// longer matches what the apply believes it recorded. The journal entry written before each
/// create still lets the next apply find that hash.
public actor StateWriter {
    private var store: StateStore
    private var failure: String?
    private let now: @Sendable () -> Date

    /// The committed state with every change received since applied.
    private var working: State
    /// How many changes were received, and how many of them the file on disk contains.
    private var received = 0
    private var committed = 0
    private var isCommitting = false
    /// Callers waiting for a commit, with the count of changes that commit must contain.
    private var waiters: [(target: Int, continuation: CheckedContinuation<Void, any Error>)] = []

    /// Creates a writer that owns `store`; `now` supplies the times written to the state.
    public init(store: StateStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
        working = store.state
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

    /// Applies `change` to the state and returns once a commit that contains it is on disk.
    ///
    /// - Throws: ``ApplyError/stateWriteFailed(detail:)`` when the commit fails or an earlier one did.
    public func update(_ change: (inout State, String) -> Void) async throws(ApplyError) {
        if let failure { throw .stateWriteFailed(detail: "an earlier write failed: \(failure)") }
        change(&working, ApplyTime.iso8601(now()))
        received += 1
        let target = received
        do {
            if isCommitting {
                try await withCheckedThrowingContinuation { waiters.append((target, $0)) }
            } else {
                try await commitReceived(containing: target)
            }
        } catch {
            throw .stateWriteFailed(detail: "\(error)")
        }
    }

    /// Commits every received change, in rounds, until no change waits, waking the callers
    /// after each round. Throws only when the change numbered `target` was not committed.
    ///
    /// The write runs off the actor, so changes that arrive meanwhile join the next round.
    private func commitReceived(containing target: Int) async throws {
        isCommitting = true
        defer { isCommitting = false }
        while committed < received {
            let roundTarget = received
            let next: StateStore
            do {
                next = try await Self.commit(working, to: store)
            } catch {
                failure = "\(error)"
                working = store.state
                resumeWaiters(upTo: received, with: error)
                if committed < target { throw error }
                return
            }
            store = next
            committed = roundTarget
            resumeWaiters(upTo: roundTarget, with: nil)
        }
    }

    private func resumeWaiters(upTo target: Int, with error: (any Error)?) {
        let ready = waiters.filter { $0.target <= target }
        waiters.removeAll { $0.target <= target }
        for waiter in ready {
            if let error { waiter.continuation.resume(throwing: error) } else { waiter.continuation.resume() }
        }
    }

    /// Writes `state` through a copy of `store` outside the actor and returns the copy.
    private nonisolated static func commit(_ state: State, to store: StateStore) async throws -> StateStore {
        var store = store
        try store.commit(state)
        return store
    }
}
