import CredhashEngine

/// `credhash show FILE`: renders a plan saved with `plan --out`.
enum ShowCommand {
    static func run(_ context: CommandContext) -> ExitCode {
        let format: OutputFormat
        do {
            guard let path = context.parsed.arguments.first else { throw UsageError.missingArgument("<file>", command: "show") }
            format = try context.outputFormat()
            let saved = try SavedPlan.read(path: path)
            context.io.writeOutput(PlanCommand.render(saved.document.plan, format: format, context: context))
            return .success
        } catch let error as UsageError {
            context.io.writeError(HelpText.usageError(error))
            return .usage
        } catch {
            context.reportError("\(error)")
            return .failure
        }
    }
}
