/// An option a command accepts.
struct OptionSpec: Sendable {
    /// The long name without dashes (`config`).
    let name: String
    /// The one-letter short name, if any (`c`).
    let short: Character?
    /// The placeholder of the value (`file`), or `nil` for a flag.
    let valueName: String?
    /// One sentence on what the option sets, with its unit or default.
    let help: String

    init(_ name: String, short: Character? = nil, value valueName: String? = nil, help: String) {
        self.name = name
        self.short = short
        self.valueName = valueName
        self.help = help
    }

    /// How the option is written in a usage line: `--config <file>`.
    var usageForm: String {
        valueName.map { "--\(name) <\($0)>" } ?? "--\(name)"
    }

    /// How the option is written in help: `-c, --config <file>`.
    var signature: String {
        var text = short.map { "-\($0), " } ?? ""
        text += "--\(name)"
        if let valueName { text += " <\(valueName)>" }
        return text
    }
}

/// A subcommand: its name, what it does, and what it accepts.
struct CommandSpec: Sendable {
    let name: String
    let summary: String
    /// Positional arguments as shown in usage (`[<address>...]`), empty for none.
    let arguments: String
    /// The most positional arguments accepted.
    let maximumArguments: Int
    let options: [OptionSpec]
    /// Extra paragraphs shown by `--help`.
    let discussion: String?

    /// The options every command accepts.
    static let globalOptions: [OptionSpec] = [
        OptionSpec(
            "config", short: "c", value: "file",
            help: "Credentials file to read (default: credentials.yaml, or CREDHASH_CONFIG)."),
        OptionSpec("no-color", help: "Print no ANSI colour (also when NO_COLOR is set)."),
        OptionSpec("quiet", help: "Print only errors."),
        OptionSpec("debug", help: "Print debug log lines on standard error; never secrets."),
        OptionSpec("help", short: "h", help: "Show help for the command."),
    ]

    /// Every subcommand, in the order `--help` lists them.
    static let all: [CommandSpec] = [validate, schema, help]

    static let validate = CommandSpec(
        name: "validate", summary: "Check a credentials file and the secrets it references.", arguments: "",
        maximumArguments: 0,
        options: [OptionSpec("json", help: "Print the diagnostics and credentials as JSON.")],
        discussion: """
            Reads the credentials file, checks every field against Rebilly's rules, and resolves
            every ${env:…} and ${file:…} reference. All problems are reported in one run, each at
            its file, line and column. Exits 0 when the file is valid and 1 otherwise.
            """)

    static let schema = CommandSpec(
        name: "schema", summary: "Print the JSON Schema of the credentials file.", arguments: "",
        maximumArguments: 0, options: [],
        discussion: """
            The schema (JSON Schema draft 2020-12) lets editors complete and check credentials
            files. With yaml-language-server, save it and add this first line to the file:
              # yaml-language-server: $schema=./credentials.schema.json
            """)

    static let help = CommandSpec(
        name: "help", summary: "Show help for credhash or one of its commands.", arguments: "[<command>]",
        maximumArguments: 1, options: [], discussion: nil)

    /// The command named `name`.
    static func named(_ name: String) -> CommandSpec? {
        all.first { $0.name == name }
    }

    /// The command's options followed by the global ones.
    var allOptions: [OptionSpec] { options + Self.globalOptions }
}
