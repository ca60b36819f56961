/// Writes leveled log lines to standard error: `[debug] component.operation: message`.
///
/// Log lines carry decisions and timings, never a secret or a request body.
struct Logger: Sendable {
    let io: TerminalIO
    let style: OutputStyle

    /// Writes a debug line when `--debug` is on.
    func debug(_ message: String) {
        guard style.debug else { return }
        io.printError("[debug] \(message)")
    }

    /// Writes a warning line unless `--quiet` is on.
    func warning(_ message: String) {
        guard !style.quiet else { return }
        io.printError("warning: \(message)")
    }

    /// A sendable closure that writes debug lines, for the engine's `debugLog` parameters.
    var debugSink: @Sendable (String) -> Void {
        let logger = self
        return { logger.debug($0) }
    }
}
