import CredhashEngine
import Foundation

/// Prints apply events: a line per action as it starts and ends, or one JSON object per event
/// with `--json`, and on a terminal a live counter below the lines.
final class ApplyView: ApplyObserver, @unchecked Sendable {
    private let io: TerminalIO
    private let json: Bool
    private let quiet: Bool
    private let logger: Logger
    /// Whether the live counter is drawn: on a terminal, outside CI, without `--quiet`.
    private let showsCounter: Bool
    private let mutex = NSLock()
    private var counter: (finished: Int, total: Int)?
    private let start = ContinuousClock.now

    init(context: CommandContext, json: Bool) {
        io = context.io
        self.json = json
        quiet = context.style.quiet
        logger = context.logger
        showsCounter = !context.style.plain && !context.style.quiet
    }

    func willStart(_ change: PlannedChange) {
        emit(["event": "start", "address": change.address, "action": change.action.rawValue],
             line: "\(change.address): \(ApplyWording.starting(change))")
    }

    func didFinish(_ change: PlannedChange, outcome: ApplyOutcome) {
        var event: [String: Any] = [
            "event": "finish", "address": change.address, "action": change.action.rawValue,
            "outcome": outcome.kind.rawValue, "seconds": ApplyWording.seconds(outcome.duration),
        ]
        event["hash"] = outcome.newHash
        emit(event, line: "\(change.address): \(ApplyWording.finished(change, outcome)) in \(ApplyTime.seconds(outcome.duration)) s")
    }

    func didFail(_ change: PlannedChange, error: ApplyError, duration: Duration) {
        let event: [String: Any] = [
            "event": "fail", "address": change.address, "action": change.action.rawValue, "error": error.description,
        ]
        emit(event, line: "\(change.address): \(change.action.rawValue) failed after \(ApplyTime.seconds(duration)) s: \(error)",
             isError: true)
    }

    func progress(finished: Int, total: Int) {
        mutex.withLock {
            counter = (finished, total)
            drawCounter()
        }
    }

    func didReconcile(_ resolution: PendingResolution) {
        let failed: Bool
        switch resolution {
        case .recorded: failed = false
        default: failed = true
        }
        var event: [String: Any] = ["event": "reconcile", "address": resolution.address]
        event["outcome"] = ApplyWording.outcomeName(resolution)
        if case .recorded(_, let hash, _) = resolution { event["hash"] = hash }
        if failed { event["error"] = ApplyWording.reconciled(resolution) }
        emit(event, line: "\(resolution.address): \(ApplyWording.reconciled(resolution))", isError: failed)
    }

    func note(_ message: String) {
        logger.debug(message)
    }

    /// Prints one line or JSON event; errors always reach standard error.
    func emit(_ event: [String: Any], line: String, isError: Bool = false) {
        mutex.withLock {
            clearCounter()
            if json {
                io.writeOutput(Self.encode(event) + "\n")
                if isError || !quiet { io.printError(isError ? "error: \(line)" : line) }
            } else if isError {
                io.printError("error: \(line)")
            } else if !quiet {
                io.printLine(line)
            }
            drawCounter()
        }
    }

    /// Reports the first SIGINT or SIGTERM, which stops new actions from starting.
    func reportSignal(_ number: Int32) {
        let name = number == SIGTERM ? "SIGTERM" : "SIGINT"
        emit(["event": "signal", "signal": name],
             line: "received \(name): finishing the requests in flight, then saving the state; press Ctrl-C again "
                + "to exit at once")
    }

    /// Removes the counter for good, before the summary.
    func finishCounter() {
        mutex.withLock {
            clearCounter()
            counter = nil
        }
    }

    private func clearCounter() {
        guard showsCounter, counter != nil else { return }
        io.writeError("\r\u{1B}[K")
    }

    private func drawCounter() {
        guard showsCounter, let counter else { return }
        let elapsed = (ContinuousClock.now - start).components.seconds
        io.writeError("applying \(counter.finished)/\(counter.total), \(elapsed) s")
    }

    /// Encodes one event as a single line of JSON with sorted keys.
    static func encode(_ event: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: event, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
