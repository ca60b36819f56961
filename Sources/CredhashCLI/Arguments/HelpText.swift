import CredhashEngine

/// The text of `--help`, usage lines and usage errors.
enum HelpText {
    static let overview = "Declarative provisioning for Rebilly credential hashes."

    /// The help for `credhash --help`.
    static func topLevel() -> String {
        var lines = ["OVERVIEW: \(overview)", "", "USAGE: credhash <command> [options]", "", "COMMANDS:"]
        let width = (CommandSpec.all.map(\.name.count).max() ?? 0) + 4
        for command in CommandSpec.all {
            lines.append("  " + command.name.padding(to: width) + command.summary)
        }
        lines += ["", "GLOBAL OPTIONS:"] + optionLines(CommandSpec.globalOptions + [versionOption])
        lines += ["", "See 'credhash help <command>' for a command's options."]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The help for `credhash <command> --help`.
    static func command(_ spec: CommandSpec) -> String {
        var lines = ["OVERVIEW: \(spec.summary)"]
        if let discussion = spec.discussion { lines += ["", discussion] }
        lines += ["", "USAGE: \(usage(for: spec))"]
        if !spec.options.isEmpty { lines += ["", "OPTIONS:"] + optionLines(spec.options) }
        lines += ["", "GLOBAL OPTIONS:"] + optionLines(CommandSpec.globalOptions)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The one-line usage of `spec`, or of credhash itself when `nil`.
    static func usage(for spec: CommandSpec?) -> String {
        guard let spec else { return "credhash <command> [options]" }
        var parts = ["credhash", spec.name]
        parts += spec.options.map { "[\($0.usageForm)]" }
        if !spec.arguments.isEmpty { parts.append(spec.arguments) }
        parts.append("[<global options>]")
        return parts.joined(separator: " ")
    }

    /// The text printed for a usage error: the message, the usage line and where to get help.
    static func usageError(_ error: UsageError) -> String {
        let spec = error.command.flatMap(CommandSpec.named)
        let helpCommand = spec.map { "credhash \($0.name) --help" } ?? "credhash --help"
        return "Error: \(error.description)\nUsage: \(usage(for: spec))\n  See '\(helpCommand)'.\n"
    }

    static let versionOption = OptionSpec("version", help: "Show the version.")

    private static func optionLines(_ options: [OptionSpec]) -> [String] {
        let width = (options.map(\.signature.count).max() ?? 0) + 3
        return options.map { "  " + $0.signature.padding(to: width) + $0.help }
    }
}

extension String {
    /// The string followed by spaces up to `width` characters.
    func padding(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
