/// How a run prints: colour, verbosity and debug logging, decided once from flags and environment.
struct OutputStyle: Sendable {
    /// Whether standard output may carry ANSI colour.
    var colorOutput: Bool
    /// Whether standard error may carry ANSI colour.
    var colorError: Bool
    /// Whether only errors are printed.
    var quiet: Bool
    /// Whether debug log lines are printed on standard error.
    var debug: Bool
    /// Whether the run is in CI or without a terminal: no colour, prompts or animation.
    var plain: Bool
    /// Whether `CI` is `true`, `1` or `yes`, as CI services set it: apply never asks for approval.
    var inCI: Bool

    /// Decides the style. Colour needs a terminal and is off under `--no-color`, a non-empty
    /// `NO_COLOR` (as no-color.org defines it), `TERM=dumb` and `CI=true`.
    init(options: GlobalOptions, environment: [String: String], io: TerminalIO) {
        let inCI = environment["CI"].map { ["true", "1", "yes"].contains($0.lowercased()) } ?? false
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let colorAllowed = !options.noColor && !noColor && environment["TERM"] != "dumb" && !inCI
        colorOutput = colorAllowed && io.outputIsTerminal
        colorError = colorAllowed && io.errorIsTerminal
        quiet = options.quiet
        debug = options.debug || environment["CREDHASH_LOG"]?.lowercased() == "debug"
        plain = inCI || !io.errorIsTerminal
        self.inCI = inCI
    }
}
