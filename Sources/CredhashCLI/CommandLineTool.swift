import CredhashEngine

/// The command-line entry point.
public enum CommandLineTool {
    /// Runs credhash with `arguments` (without the program name) and returns the exit code.
    public static func run(arguments: [String]) async -> Int32 {
        print("credhash \(CredhashVersion.current)")
        return 0
    }
}
