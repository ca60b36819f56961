import Foundation

/// A request to stop an apply: no action starts after it, and actions already started finish.
///
/// A signal handler sets it from its own queue while the apply runs.
public final class ApplyStopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false

    public init() {}

    /// Asks the apply to start no more actions.
    public func stop() {
        lock.withLock { stopped = true }
    }

    /// Whether a stop was requested.
    public var isStopped: Bool {
        lock.withLock { stopped }
    }
}

/// One action of an apply and how it ended.
public struct ApplyActionResult: Sendable {
    public var change: PlannedChange
    public var result: Result<ApplyOutcome, ApplyError>
}

/// What an apply did: each action's result, the actions a stop kept from starting, and the state
/// as last committed.
public struct ApplyResult: Sendable {
    /// The actions that ran, in the order they ended.
    public var finished: [ApplyActionResult]
    /// The actions that never started, because of a stop or a failed state write.
    public var notStarted: [PlannedChange]
    /// The state as last committed; every success is in it.
    public var state: State

    /// The actions that succeeded.
    public var succeeded: [ApplyActionResult] {
        finished.filter { if case .success = $0.result { return true } else { return false } }
    }

    /// The actions that failed, with their errors.
    public var failed: [(change: PlannedChange, error: ApplyError)] {
        finished.compactMap { if case .failure(let error) = $0.result { return ($0.change, error) } else { return nil } }
    }
}

/// Carries out the changes of a plan against Rebilly, recording each result in the state.
///
/// Up to `parallelism` requests to Rebilly are outstanding at once. Every state change goes
/// through the one ``StateWriter``, which commits after each, so an interrupted apply keeps
/// everything done before it stopped. While some actions wait for their commits, others send
/// their requests, so up to twice `parallelism` actions are started at once (exactly one with a
/// parallelism of 1). A failed action does not stop the others; a failed state write does,
/// because later results could not be recorded.
public struct Applier: Sendable {
    let changes: [PlannedChange]
    let desired: [String: DesiredCredential]
    let keptAddresses: Set<String>
    let gateway: any CredentialGateway
    let writer: StateWriter
    let observer: any ApplyObserver
    /// How many actions run at once.
    let actionLimit: Int
    let stopFlag: ApplyStopFlag

    /// Creates an applier for `changes`, with the credentials to send taken from `config`.
    public init(
        changes: [PlannedChange], config: DesiredConfig, gateway: any CredentialGateway, writer: StateWriter,
        observer: any ApplyObserver, parallelism: Int, stopFlag: ApplyStopFlag = ApplyStopFlag()
    ) {
        self.changes = changes.filter { $0.action != .noOp }
        desired = Dictionary(config.credentials.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        keptAddresses = Set(config.credentials.map(\.address))
        let parallelism = max(1, parallelism)
        self.gateway = SlotLimitedGateway(base: gateway, slots: RequestSlots(count: parallelism))
        self.writer = writer
        self.observer = observer
        actionLimit = parallelism == 1 ? 1 : 2 * parallelism
        self.stopFlag = stopFlag
    }

    /// Runs every change and returns what happened.
    public func run() async -> ApplyResult {
        let total = changes.count
        var finished: [ApplyActionResult] = []
        var nextIndex = 0
        var running = 0
        var runningNonRetirements = 0
        observer.progress(finished: 0, total: total)

        await withTaskGroup(of: ApplyActionResult.self) { group in
            // Starts the next action unless stopped, the limit is reached, or it is a retirement
            // and other actions still run: a create among them may get the retired hash back.
            func startNext() async -> Bool {
                guard nextIndex < total, running < actionLimit, !stopFlag.isStopped, await !writer.hasFailed else {
                    return false
                }
                let change = changes[nextIndex]
                let isRetirement = change.action == .retire
                guard !isRetirement || runningNonRetirements == 0 else { return false }
                nextIndex += 1
                running += 1
                if !isRetirement { runningNonRetirements += 1 }
                group.addTask { await perform(change) }
                return true
            }
            while await startNext() {}
            for await result in group {
                running -= 1
                if result.change.action != .retire { runningNonRetirements -= 1 }
                finished.append(result)
                observer.progress(finished: finished.count, total: total)
                while await startNext() {}
            }
        }
        return ApplyResult(finished: finished, notStarted: Array(changes[nextIndex...]), state: await writer.state)
    }

    /// Runs one change and reports it to the observer.
    private func perform(_ change: PlannedChange) async -> ApplyActionResult {
        observer.willStart(change)
        let start = ContinuousClock.now
        do {
            var outcome = try await execute(change)
            outcome.duration = ContinuousClock.now - start
            observer.didFinish(change, outcome: outcome)
            return ApplyActionResult(change: change, result: .success(outcome))
        } catch {
            observer.didFail(change, error: error, duration: ContinuousClock.now - start)
            return ApplyActionResult(change: change, result: .failure(error))
        }
    }

    private func execute(_ change: PlannedChange) async throws(ApplyError) -> ApplyOutcome {
        switch change.action {
        case .create: return try await create(change)
        case .replace: return try await replace(change)
        case .deactivate: return try await deactivate(change)
        case .retire: return try await retire(change)
        case .rename:
            try await writer.update { state, time in
                state.moveCredential(from: change.previousAddress ?? "", to: change.address, time: time)
            }
            return ApplyOutcome(kind: .renamed)
        case .forget:
            try await writer.update { state, _ in _ = state.credentials.removeValue(forKey: change.address) }
            return ApplyOutcome(kind: .forgotten)
        case .noOp:
            return ApplyOutcome(kind: .unchanged)
        }
    }
}
