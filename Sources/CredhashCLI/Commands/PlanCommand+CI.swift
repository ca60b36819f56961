import CredhashEngine

/// The CI outputs of `credhash plan`: the job summary, `--report` and `--expect-no-changes`.
extension PlanCommand {
    /// Appends the Markdown plan to the job summary and writes `--report FILE`.
    ///
    /// - Returns: `false` after reporting a report that could not be written.
    static func writeCIOutputs(_ plan: Plan, store: StateStore, context: CommandContext) -> Bool {
        StepSummary.append(MarkdownPlanRenderer.render(plan), context: context)
        guard let path = context.parsed.options["report"] else { return true }

        // The report never replaces a file credhash needs, nor the plan saved by this run.
        var protected = [plan.configPath, store.path, StateFile.backupPath(for: store.path), store.path + ".lock"]
        if let out = context.parsed.options["out"] { protected.append(out) }
        do {
            try PlanReport(plan: plan).write(to: path, protectedPaths: protected)
            context.logger.debug("plan.report: wrote \(path)")
            return true
        } catch {
            context.reportError(error.description)
            return false
        }
    }

    /// Checks `--expect-no-changes`: returns 2 after a one-line reason on standard error when the
    /// plan has changes, or `nil` when the flag is absent or the plan is empty.
    static func expectNoChangesExitCode(_ plan: Plan, context: CommandContext) -> ExitCode? {
        guard context.parsed.flag("expect-no-changes"), plan.hasChanges else { return nil }
        let counts = PlanAction.allCases.compactMap { action -> String? in
            let count = plan.count(action)
            return count == 0 ? nil : "\(count) to \(action.rawValue)"
        }
        let noun = plan.changes.count == 1 ? "change" : "changes"
        context.io.printError(
            "expected no changes, but the plan has \(plan.changes.count) \(noun): \(counts.joined(separator: ", "))")
        return .changesPresent
    }
}
