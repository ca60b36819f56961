import RebillyAPI

/// A limit on how many requests to Rebilly are outstanding at once, granted in arrival order.
actor RequestSlots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) {
        free = max(1, count)
    }

    /// Waits until a slot is free and takes it.
    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the slot to the longest waiter, or frees it.
    func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

/// A gateway that sends each request only after taking one of the apply's request slots.
///
/// An action spends part of its time waiting for state commits. With the requests limited here
/// rather than the actions, other actions keep every slot busy meanwhile.
struct SlotLimitedGateway: CredentialGateway {
    let base: any CredentialGateway
    let slots: RequestSlots

    func get(_ kind: CredentialKind, hash: String) async throws(APIError) -> RemoteCredential {
        try await withSlot { () async throws(APIError) in try await base.get(kind, hash: hash) }
    }

    func create(_ credential: DesiredCredential) async throws(APIError) -> (credential: RemoteCredential, isNew: Bool) {
        try await withSlot { () async throws(APIError) in try await base.create(credential) }
    }

    func deactivate(_ kind: CredentialKind, hash: String) async throws(APIError) -> RemoteCredential {
        try await withSlot { () async throws(APIError) in try await base.deactivate(kind, hash: hash) }
    }

    /// Runs `request` while holding a slot, and frees the slot however it ends.
    private func withSlot<Value>(_ request: () async throws(APIError) -> Value) async throws(APIError) -> Value {
        await slots.acquire()
        let result: Result<Value, APIError>
        do {
            result = .success(try await request())
        } catch {
            result = .failure(error)
        }
        await slots.release()
        return try result.get()
    }
}
