import CredhashEngine

/// The options every command shares.
struct GlobalOptions: Sendable, Equatable {
    var configPath: String?
    var noColor = false
    var quiet = false
    var debug = false
    var help = false
}

/// A parsed command line.
struct ParsedCommandLine: Sendable, Equatable {
    /// The subcommand, or `nil` when none was given.
    var command: String?
    var global = GlobalOptions()
    /// Flags and options of the subcommand, by long name; flags have an empty value.
    var options: [String: String] = [:]
    var arguments: [String] = []
    var version = false

    func flag(_ name: String) -> Bool { options[name] != nil }
}

/// Parses `credhash [options] <command> [options] [arguments]`.
///
/// Options may come before or after the command, `--name=value` and `--name value` are both
/// accepted, and `--` ends the options.
enum ArgumentParser {
    static func parse(_ arguments: [String]) throws(UsageError) -> ParsedCommandLine {
        var result = ParsedCommandLine()
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                try addPositional(argument, to: &result)
            } else if argument == "--" {
                optionsEnded = true
            } else if argument == "--version" {
                result.version = true
            } else {
                try parseOption(argument, arguments: arguments, index: &index, into: &result)
            }
        }
        return result
    }

    private static func addPositional(_ argument: String, to result: inout ParsedCommandLine) throws(UsageError) {
        guard result.command != nil else {
            guard CommandSpec.named(argument) != nil else {
                throw .unknownCommand(argument, suggestion: Suggestion.closest(to: argument, in: CommandSpec.all.map(\.name)))
            }
            result.command = argument
            return
        }
        result.arguments.append(argument)
    }

    private static func parseOption(
        _ argument: String, arguments: [String], index: inout Int, into result: inout ParsedCommandLine
    ) throws(UsageError) {
        let spec = result.command.flatMap(CommandSpec.named)
        let available = spec?.allOptions ?? CommandSpec.globalOptions
        var name = argument
        var inlineValue: String?
        if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
            name = String(argument[..<equals])
            inlineValue = String(argument[argument.index(after: equals)...])
        } else if !argument.hasPrefix("--"), argument.count > 2 {
            // A short option with its value attached: `-cfile.yaml`.
            name = String(argument.prefix(2))
            inlineValue = String(argument.dropFirst(2))
        }
        guard let option = find(name, in: available) else {
            if result.command == nil, let owner = CommandSpec.all.first(where: { $0.options.contains { "--\($0.name)" == name } }) {
                throw .optionBeforeCommand(name, command: owner.name)
            }
            let candidates = available.map { "--\($0.name)" } + ["--version"]
            throw .unknownOption(argument, command: result.command, suggestion: Suggestion.closest(to: name, in: candidates))
        }
        var value = ""
        if option.valueName != nil {
            if let inlineValue {
                value = inlineValue
            } else if index < arguments.count, !arguments[index].hasPrefix("--") {
                value = arguments[index]
                index += 1
            } else {
                throw .missingValue("--\(option.name)", command: result.command)
            }
        } else if inlineValue != nil {
            throw .unexpectedValue("--\(option.name)", command: result.command)
        }
        if option.valueName != nil, value.isEmpty { throw .emptyValue("--\(option.name)", command: result.command) }
        try store(option, value: value, in: &result)
    }

    private static func find(_ name: String, in options: [OptionSpec]) -> OptionSpec? {
        if name.hasPrefix("--") { return options.first { "--\($0.name)" == name } }
        guard name.count == 2, let letter = name.last else { return nil }
        return options.first { $0.short == letter }
    }

    /// Options that may be given more than once; their values are joined with commas.
    static let repeatableOptions: Set<String> = ["allow-deactivate", "allow-replace"]

    private static func store(_ option: OptionSpec, value: String, in result: inout ParsedCommandLine) throws(UsageError) {
        if let previous = result.options[option.name] {
            guard repeatableOptions.contains(option.name) else {
                throw .repeatedOption("--\(option.name)", command: result.command)
            }
            result.options[option.name] = previous + "," + value
            return
        }
        switch option.name {
        case "config": result.global.configPath = value
        case "no-color": result.global.noColor = true
        case "quiet": result.global.quiet = true
        case "debug": result.global.debug = true
        case "help": result.global.help = true
        default: result.options[option.name] = value
        }
    }
}
