import CredhashEngine
import RebillyAPI

extension CommandContext {
    /// The command's name, for usage errors.
    var commandName: String { parsed.command ?? "credhash" }

    /// The value of `--name` as a whole number in `range`, or `defaultValue` when absent.
    func integerOption(_ name: String, in range: ClosedRange<Int>, default defaultValue: Int?) throws(UsageError) -> Int? {
        guard let text = parsed.options[name] else { return defaultValue }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text), range.contains(number) else {
            throw .invalidValue(
                "--\(name)", value: text, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)",
                command: commandName)
        }
        return number
    }

    /// The value of `--name` as `true` or `false`, or `nil` when absent.
    func booleanOption(_ name: String) throws(UsageError) -> Bool? {
        guard let text = parsed.options[name] else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default: throw .invalidValue("--\(name)", value: text, expected: "true or false", command: commandName)
        }
    }

    /// The comma-separated addresses of `--name`.
    func addressListOption(_ name: String) -> Set<String> {
        Set((parsed.options[name] ?? "").split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty })
    }

    /// The output format: `--json`, `--markdown`, or text.
    func outputFormat() throws(UsageError) -> OutputFormat {
        switch (parsed.flag("json"), parsed.flag("markdown")) {
        case (true, true): throw .conflictingOptions("--json", "--markdown", command: commandName)
        case (true, false): return .json
        case (false, true): return .markdown
        case (false, false): return .text
        }
    }

    /// The state file: `--state`, else `CREDHASH_STATE`, else `credhash.state.json` beside the
    /// credentials file.
    func statePath(configPath: String) -> String {
        if let path = parsed.options["state"] { return path }
        if let path = environment["CREDHASH_STATE"], !path.isEmpty { return path }
        let folder = ConfigLoader.directory(of: configPath)
        return folder == "." ? "credhash.state.json" : folder + "/credhash.state.json"
    }

    /// `CREDHASH_STATE_KEY`, or `nil` when it is unset or empty.
    var stateKey: Secret? {
        guard let value = environment["CREDHASH_STATE_KEY"], !value.isEmpty else { return nil }
        return Secret(value)
    }

    /// A gateway to Rebilly configured from the `REBILLY_*` variables, with debug logging.
    func makeGateway() throws(APIError) -> RebillyGateway {
        let configuration = try ClientConfiguration(environment: environment, version: CredhashVersion.current)
        let logger = self.logger
        let sink = LogSink { level, message in
            if level == .debug { logger.debug(message) } else { logger.warning(message) }
        }
        return RebillyGateway(client: CredentialHashesClient(configuration: configuration, log: sink))
    }

    /// Writes one error diagnostic without a location to standard error.
    func reportError(_ summary: String, detail: String? = nil) {
        io.printError(DiagnosticRenderer.render(Diagnostic(.error, summary, detail: detail), colorize: style.colorError))
    }
}

/// The three renderings of a plan.
enum OutputFormat {
    case text, json, markdown
}

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
