import CredhashEngine

/// What every command receives: its parsed arguments, the environment, output and logging.
struct CommandContext: Sendable {
    let parsed: ParsedCommandLine
    let environment: [String: String]
    let io: TerminalIO
    let style: OutputStyle
    let logger: Logger

    init(parsed: ParsedCommandLine, environment: [String: String], io: TerminalIO) {
        self.parsed = parsed
        self.environment = environment
        self.io = io
        style = OutputStyle(options: parsed.global, environment: environment, io: io)
        logger = Logger(io: io, style: style)
    }

    /// The credentials file: `--config`, else `CREDHASH_CONFIG`, else `credentials.yaml`.
    var configPath: String {
        parsed.global.configPath ?? environment["CREDHASH_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? "credentials.yaml"
    }

    /// Loads the credentials file and writes its diagnostics to standard error.
    func loadConfig() -> ConfigLoadResult {
        let loader = ConfigLoader(environment: environment, debugLog: logger.debugSink)
        return loader.load(path: configPath)
    }

    /// Writes diagnostics to standard error, one block each, followed by a count of errors.
    func reportDiagnostics(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics where !(style.quiet && diagnostic.severity != .error) {
            io.printError(DiagnosticRenderer.render(diagnostic, colorize: style.colorError))
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        if errors > 0 { io.printError("\(configPath): \(errors) \(errors == 1 ? "error" : "errors")") }
        printAnnotations(diagnostics)
    }

    /// Under GitHub Actions (`GITHUB_ACTIONS=true`), also prints each diagnostic as a workflow
    /// command on standard output, where GitHub documents that the runner reads them.
    ///
    /// With `--json`, standard output is a JSON document, so no annotation is printed there.
    private func printAnnotations(_ diagnostics: [Diagnostic]) {
        guard environment["GITHUB_ACTIONS"] == "true", !parsed.flag("json") else { return }
        // GitHub attaches an annotation to a file by its path in the repository, so absolute
        // paths under the workspace are made relative to it.
        let workspace = environment["GITHUB_WORKSPACE"].map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        for var diagnostic in diagnostics where !(style.quiet && diagnostic.severity != .error) {
            if let workspace, let file = diagnostic.location?.file, file.hasPrefix(workspace) {
                diagnostic.location?.file = String(file.dropFirst(workspace.count))
            }
            io.printLine(WorkflowAnnotation.render(diagnostic))
        }
    }
}
