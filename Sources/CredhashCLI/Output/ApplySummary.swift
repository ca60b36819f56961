import CredhashEngine
import Foundation

/// The closing lines of apply: the counts, each failed action with its error, and what a stop left undone.
enum ApplySummary {
    static func print(
        _ result: ApplyResult, resolutions: [PendingResolution], signal: Int32?, view: ApplyView, context: CommandContext
    ) {
        let failed = result.failed
        var line = "\(result.succeeded.count) succeeded, \(failed.count) failed"
        if !result.notStarted.isEmpty { line += ", \(result.notStarted.count) not started" }
        let heading = signal.map { "stopped by \($0 == SIGTERM ? "SIGTERM" : "SIGINT") after saving the state" }
            ?? "\(context.parsed.command ?? "apply") finished"
        var event: [String: Any] = [
            "event": "summary", "succeeded": result.succeeded.count, "failed": failed.count,
            "notStarted": result.notStarted.count,
            "failures": failed.map { ["address": $0.change.address, "action": $0.change.action.rawValue,
                                      "error": $0.error.description] },
        ]
        event["signal"] = signal.map { $0 == SIGTERM ? "SIGTERM" : "SIGINT" }
        view.emit(event, line: "\(heading): \(line)")
        StepSummary.append(StepSummary.applyMarkdown(result, heading: heading, counts: line), context: context)

        // Errors go to standard error whatever the format, so CI logs show them.
        for failure in failed {
            context.io.printError("  \(failure.change.address) (\(failure.change.action.rawValue)): \(failure.error)")
        }
        if !result.notStarted.isEmpty {
            context.io.printError("run 'credhash apply' again to carry out the \(result.notStarted.count) actions not started")
        }
    }
}
