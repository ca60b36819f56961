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
    /// The maximum number of positional arguments.
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
        OptionSpec("quiet", help: "Print no warnings, progress or listings; results and errors only."),
        OptionSpec("debug", help: "Print debug log lines on standard error; never secrets."),
        OptionSpec("help", short: "h", help: "Show help for the command."),
    ]

    /// Every subcommand, in the order `--help` lists them.
    static let all: [CommandSpec] = [
        initCommand, validate, plan, show, apply, retire, output, mapping, importCommand, state, forceUnlock, schema,
        completion, help,
    ]

    static let initCommand = CommandSpec(
        name: "init", summary: "Write a starter credentials file and ignore the state's lock and backup.",
        arguments: "", maximumArguments: 0, options: [stateOption],
        discussion: """
            Writes credentials.yaml (or the file named by -c) with one commented credential of
            each type, every secret an ${env:…} reference. Appends the state's .lock and .backup
            files to the .gitignore beside it, creating it when missing and adding each line only
            once. Never overwrites a file: when the credentials file exists, init writes nothing
            and exits 1.
            """)

    static let completion = CommandSpec(
        name: "completion", summary: "Print the bash or zsh completion script.", arguments: "bash | zsh",
        maximumArguments: 1, options: [],
        discussion: """
            bash: save the output as share/bash-completion/completions/credhash, or add
            'source <(credhash completion bash)' to ~/.bashrc. zsh: save it as _credhash in a
            folder on $fpath, such as share/zsh/site-functions. 'make install' installs both.
            """)

    static let forceUnlock = CommandSpec(
        name: "force-unlock", summary: "Clear the state lock of a holder that can no longer release it.",
        arguments: "<lock-id>", maximumArguments: 1, options: [stateOption],
        discussion: """
            Use the lock ID from the 'state lock … is held by' message. The command clears the
            holder's details when its process has exited or runs on another host that shares
            the state folder. It never breaks a lock that a running process on this host holds:
            stop that process instead.
            """)

    static let stateOption = OptionSpec(
        "state", value: "file", help: "State file (default: credhash.state.json beside the credentials file, or CREDHASH_STATE).")

    static let plan = CommandSpec(
        name: "plan", summary: "Show what apply would change in Rebilly.", arguments: "", maximumArguments: 0,
        options: [
            OptionSpec("json", help: "Print the plan as JSON (see docs/plan-format.md)."),
            OptionSpec("markdown", help: "Print the plan as a Markdown table for a pull request."),
            OptionSpec("out", value: "file", help: "Save the plan for 'credhash apply FILE'."),
            OptionSpec("detailed-exitcode", help: "Exit 0 when there are no changes and 2 when there are."),
            OptionSpec("expect-no-changes", help: "For drift checks: exit 2 with a reason on standard error when the plan has changes."),
            OptionSpec("report", value: "file", help: "Write the change counts as JSON for GitLab's merge-request widget (see docs/ci.md)."),
            OptionSpec("refresh", value: "bool", help: "Read every recorded hash from Rebilly first (default: true when REBILLY_API_KEY is set)."),
            OptionSpec("parallelism", value: "n", help: "Requests sent at once during the refresh (default: 10)."),
            stateOption,
            OptionSpec("allow-deactivate", value: "addresses", help: "Comma-separated addresses whose deactivation the thresholds do not count."),
            OptionSpec("allow-replace", value: "addresses", help: "Comma-separated addresses whose replace the thresholds do not count."),
            OptionSpec("max-deactivate", value: "n", help: "Allow up to this many deactivations and retirements, whatever their share."),
        ],
        discussion: """
            Compares the credentials file with the state file and, when REBILLY_API_KEY is set,
            with what Rebilly holds for every recorded hash. Rebilly cannot change a credential
            hash, so every change to a credential is a replace: a new hash, with the old→new
            mapping recorded. The plan never shows a secret.
            """)

    static let show = CommandSpec(
        name: "show", summary: "Show a plan saved with 'plan --out'.", arguments: "<file>", maximumArguments: 1,
        options: [
            OptionSpec("json", help: "Print the plan as JSON."),
            OptionSpec("markdown", help: "Print the plan as a Markdown table."),
        ],
        discussion: nil)

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
