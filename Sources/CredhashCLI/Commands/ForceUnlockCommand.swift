import CredhashEngine

/// `credhash force-unlock ID`: clears a state lock holder that cannot release the lock itself.
enum ForceUnlockCommand {
    static func run(_ context: CommandContext) -> ExitCode {
        guard let id = context.parsed.arguments.first, !id.isEmpty else {
            context.io.writeError(HelpText.usageError(.missingArgument("<lock-id>", command: "force-unlock")))
            return .usage
        }
        guard let backend = context.stateBackend(configPath: context.configPath) else { return .failure }
        do {
            let outcome = try backend.forceUnlock(id: id)
            context.logger.debug("state.forceUnlock: \(outcome)")
            if !context.style.quiet { context.io.printLine(sentence(outcome.description)) }
            return .success
        } catch {
            context.reportError("\(error)")
            return .failure
        }
    }

    /// Capitalises a message for a line of its own, with a final period.
    private static func sentence(_ message: String) -> String {
        (message.first.map { String($0).uppercased() } ?? "") + message.dropFirst() + "."
    }
}
