import CredhashEngine

/// The command-line entry point: parses arguments, runs one command and returns its exit code.
public enum CommandLineTool {
    /// Runs credhash.
    ///
    /// - Parameters:
    ///   - arguments: The arguments without the program name.
    ///   - environment: The environment variables the run may read.
    ///   - io: Where to write output.
    /// - Returns: The process exit code.
    public static func run(arguments: [String], environment: [String: String], io: TerminalIO) async -> Int32 {
        let parsed: ParsedCommandLine
        do {
            parsed = try ArgumentParser.parse(arguments)
            try checkArgumentCount(parsed)
        } catch {
            io.writeError(HelpText.usageError(error))
            return ExitCode.usage.rawValue
        }
        return await dispatch(parsed, environment: environment, io: io).rawValue
    }

    private static func checkArgumentCount(_ parsed: ParsedCommandLine) throws(UsageError) {
        guard let name = parsed.command, let spec = CommandSpec.named(name) else { return }
        if parsed.arguments.count > spec.maximumArguments {
            throw .unexpectedArgument(parsed.arguments[spec.maximumArguments], command: name)
        }
    }

    private static func dispatch(_ parsed: ParsedCommandLine, environment: [String: String], io: TerminalIO) async -> ExitCode {
        if parsed.version {
            io.printLine("credhash \(CredhashVersion.current)")
            return .success
        }
        if parsed.global.help || parsed.command == "help" {
            return showHelp(parsed, io: io)
        }
        guard let command = parsed.command else {
            io.writeError(HelpText.usageError(.missingCommand))
            return .usage
        }
        let context = CommandContext(parsed: parsed, environment: environment, io: io)
        switch command {
        case "init": return InitCommand.run(context)
        case "completion": return CompletionCommand.run(context)
        case "validate": return ValidateCommand.run(context)
        case "plan": return await PlanCommand.run(context)
        case "show": return ShowCommand.run(context)
        case "force-unlock": return ForceUnlockCommand.run(context)
        case "schema": return SchemaCommand.run(context)
        case "apply": return await ApplyCommand.run(context)
        case "retire": return await RetireCommand.run(context)
        case "output": return OutputCommand.run(context)
        case "mapping": return MappingCommand.run(context)
        case "import": return await ImportCommand.run(context)
        case "state": return StateCommand.run(context)
        default: return .usage
        }
    }

    private static func showHelp(_ parsed: ParsedCommandLine, io: TerminalIO) -> ExitCode {
        // `credhash help plan` names its topic as an argument; `credhash help --help` asks about help.
        var topic = parsed.command
        if parsed.command == "help" {
            topic = parsed.arguments.first ?? (parsed.global.help ? "help" : nil)
        }
        guard let topic else {
            io.writeOutput(HelpText.topLevel())
            return .success
        }
        guard let spec = CommandSpec.named(topic) else {
            let names = CommandSpec.all.map(\.name)
            io.writeError(HelpText.usageError(.unknownCommand(topic, suggestion: Suggestion.closest(to: topic, in: names))))
            return .usage
        }
        io.writeOutput(HelpText.command(spec))
        return .success
    }
}
