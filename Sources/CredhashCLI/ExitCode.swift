/// The exit codes of credhash, documented in `docs/exit-codes.md`.
public enum ExitCode: Int32, Sendable {
    /// The command succeeded; with `--detailed-exitcode`, the plan has no changes.
    case success = 0
    /// The command failed: invalid input, an API error, or every action failed.
    case failure = 1
    /// With `--detailed-exitcode`, the plan has changes.
    case changesPresent = 2
    /// Some apply actions succeeded and some failed.
    case partialFailure = 3
    /// Another credhash process holds the state lock.
    case stateLocked = 4
    /// A saved plan no longer matches the state or the configuration.
    case stalePlan = 5
    /// A safety threshold refused the plan.
    case refusedByThreshold = 6
    /// The command line was invalid (`EX_USAGE` from sysexits.h).
    case usage = 64
    /// SIGINT stopped the command after it saved what was done (128 + 2).
    case interrupted = 130
    /// SIGTERM stopped the command after it saved what was done (128 + 15).
    case terminated = 143
}
