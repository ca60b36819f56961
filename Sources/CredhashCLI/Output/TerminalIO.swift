import Foundation

/// Where a command writes, and whether each stream is a terminal.
///
/// Commands never call `print`; they write through this value, so tests can capture the output.
public struct TerminalIO: Sendable {
    /// Writes text to standard output as given.
    public var writeOutput: @Sendable (String) -> Void
    /// Writes text to standard error as given.
    public var writeError: @Sendable (String) -> Void
    /// Whether standard output is a terminal.
    public var outputIsTerminal: Bool
    /// Whether standard error is a terminal.
    public var errorIsTerminal: Bool
    /// Whether standard input is a terminal, so a question can be answered.
    public var inputIsTerminal: Bool
    /// Reads one line from standard input without its line break, or `nil` at the end of input.
    public var readInputLine: @Sendable () -> String?

    /// Creates an I/O value from its parts.
    public init(
        writeOutput: @escaping @Sendable (String) -> Void, writeError: @escaping @Sendable (String) -> Void,
        outputIsTerminal: Bool, errorIsTerminal: Bool, inputIsTerminal: Bool,
        readInputLine: @escaping @Sendable () -> String? = { nil }
    ) {
        self.writeOutput = writeOutput
        self.writeError = writeError
        self.outputIsTerminal = outputIsTerminal
        self.errorIsTerminal = errorIsTerminal
        self.inputIsTerminal = inputIsTerminal
        self.readInputLine = readInputLine
    }

    /// The process's standard streams.
    public static var standard: TerminalIO {
        TerminalIO(
            writeOutput: { FileHandle.standardOutput.write(Data($0.utf8)) },
            writeError: { FileHandle.standardError.write(Data($0.utf8)) },
            outputIsTerminal: isatty(STDOUT_FILENO) == 1, errorIsTerminal: isatty(STDERR_FILENO) == 1,
            inputIsTerminal: isatty(STDIN_FILENO) == 1, readInputLine: { Swift.readLine() })
    }

    /// Writes `line` and a line break to standard output.
    func printLine(_ line: String = "") { writeOutput(line + "\n") }

    /// Writes `line` and a line break to standard error.
    func printError(_ line: String) { writeError(line + "\n") }
}
