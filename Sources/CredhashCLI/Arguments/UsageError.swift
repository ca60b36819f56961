/// A command line that credhash cannot run; printed with the usage and exit code 64.
enum UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownCommand(String, suggestion: String?)
    case unknownOption(String, command: String?, suggestion: String?)
    case missingValue(String, command: String?)
    case unexpectedValue(String, command: String?)
    case unexpectedArgument(String, command: String)
    case emptyValue(String, command: String?)
    case repeatedOption(String, command: String?)
    case invalidValue(String, value: String, expected: String, command: String)
    case conflictingOptions(String, String, command: String)
    case missingArgument(String, command: String)
    case invalidArgument(String, expected: String, command: String)
    case optionBeforeCommand(String, command: String)
    case missingCommand

    /// The command whose usage to show, or `nil` for the top level.
    var command: String? {
        switch self {
        case .unknownCommand, .missingCommand: return nil
        case .unknownOption(_, let command, _), .missingValue(_, let command), .unexpectedValue(_, let command),
            .emptyValue(_, let command), .repeatedOption(_, let command):
            return command
        case .optionBeforeCommand(_, let command), .invalidValue(_, _, _, let command),
            .conflictingOptions(_, _, let command), .missingArgument(_, let command),
            .invalidArgument(_, _, let command):
            return command
        case .unexpectedArgument(_, let command): return command
        }
    }

    var description: String {
        switch self {
        case .unknownCommand(let name, let suggestion):
            return "unknown command '\(name)'" + Self.hint(suggestion)
        case .unknownOption(let name, _, let suggestion):
            return "unknown option '\(name)'" + Self.hint(suggestion)
        case .missingValue(let name, _):
            return "missing value for option '\(name)'"
        case .unexpectedValue(let name, _):
            return "option '\(name)' takes no value"
        case .unexpectedArgument(let argument, let command):
            return "unexpected argument '\(argument)' for '\(command)'"
        case .repeatedOption(let name, _):
            return "option '\(name)' is given more than once"
        case .emptyValue(let name, _):
            return "option '\(name)' needs a non-empty value"
        case .optionBeforeCommand(let name, let command):
            return "option '\(name)' belongs after the command, as in 'credhash \(command) \(name)'"
        case .invalidValue(let name, let value, let expected, _):
            return "invalid value '\(value)' for option '\(name)', expected \(expected)"
        case .conflictingOptions(let first, let second, _):
            return "options '\(first)' and '\(second)' cannot be used together"
        case .missingArgument(let name, let command):
            return "missing argument \(name) for '\(command)'"
        case .invalidArgument(let argument, let expected, let command):
            return "invalid argument '\(argument)' for '\(command)', expected \(expected)"
        case .missingCommand:
            return "missing command"
        }
    }

    private static func hint(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean '\($0)'?" } ?? ""
    }
}
