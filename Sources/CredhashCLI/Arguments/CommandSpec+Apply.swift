extension CommandSpec {
    static let lockTimeoutOption = OptionSpec(
        "lock-timeout", value: "seconds", help: "Wait up to this many seconds for another run to release the state lock (default: 0).")

    /// The options of commands that carry out a plan: apply and retire.
    static let applyOptions: [OptionSpec] = [
        OptionSpec("auto-approve", help: "Carry out the plan without asking for 'yes'."),
        OptionSpec("json", help: "Print one JSON object per event on standard output; progress lines go to standard error."),
        OptionSpec("parallelism", value: "n", help: "Requests sent at once (default: 10)."),
        lockTimeoutOption,
        stateOption,
        OptionSpec("allow-deactivate", value: "addresses", help: "Comma-separated addresses whose deactivation the thresholds do not count."),
        OptionSpec("allow-replace", value: "addresses", help: "Comma-separated addresses whose replace the thresholds do not count."),
        OptionSpec("max-deactivate", value: "n", help: "Allow up to this many deactivations and retirements, whatever their share."),
    ]

    static let apply = CommandSpec(
        name: "apply", summary: "Carry out a plan in Rebilly and record it in the state.", arguments: "[<file>]",
        maximumArguments: 1, options: applyOptions,
        discussion: """
            Without FILE, makes a fresh plan, prints it and asks for 'yes' (or --auto-approve).
            With FILE, carries out a plan saved by 'plan --out' without asking, after checking that
            the state, the credentials file and the secrets have not changed since (exit 5 if they
            have). Creates left by an interrupted apply are settled first. Exit codes: 0 success,
            1 error or every action failed, 3 some actions failed, 4 state locked, 5 stale saved
            plan, 6 refused by a threshold, 130/143 stopped by SIGINT/SIGTERM.
            """)

    static let retire = CommandSpec(
        name: "retire", summary: "Deactivate hashes that replaces superseded.", arguments: "[<address>...]",
        maximumArguments: 10_000, options: applyOptions,
        discussion: """
            Plans the deactivation of every superseded hash waiting in the state, or only those of
            the given addresses, prints the plan and asks for 'yes' like apply. A hash that a
            credential in the configuration still uses is never deactivated.
            """)

    static let output = CommandSpec(
        name: "output", summary: "Print the current hash of every credential, or of one.", arguments: "[<address>]",
        maximumArguments: 1,
        options: [OptionSpec("json", help: "Print the hashes as a JSON object."), stateOption],
        discussion: "With an address, prints only its hash, for use in a script: HASH=$(credhash output email.smtp-main).")

    static let mapping = CommandSpec(
        name: "mapping", summary: "Print the old→new hash history, newest first.", arguments: "[<address>]",
        maximumArguments: 1,
        options: [OptionSpec("json", help: "Print the history as a JSON array."), stateOption], discussion: nil)

    static let importCommand = CommandSpec(
        name: "import", summary: "Adopt an existing hash for a credential in the configuration.",
        arguments: "<address> <hash>", maximumArguments: 2, options: [lockTimeoutOption, stateOption],
        discussion: """
            Reads the hash from Rebilly, checks its type and readable fields against the
            configuration, and records it with the fingerprint of the current secret. When
            Rebilly does not return the secret, it cannot be compared, and a warning says so.
            """)

    static let state = CommandSpec(
        name: "state", summary: "Inspect and edit the state, and move it between backends.",
        arguments: "list | show <address> | rm <address> | mv <from> <to> | rm-pending <address> | pull | push <state-file>",
        maximumArguments: 3,
        options: [OptionSpec("json", help: "Print 'list' and 'show' as JSON."), lockTimeoutOption, stateOption],
        discussion: """
            'rm' forgets a credential without deactivating its hash. 'mv' moves an entry to a new
            address. 'rm-pending' clears an interrupted create that apply cannot settle because
            the credential changed since it was sent; if Rebilly created that hash, it stays
            active and unknown to credhash. 'pull' prints the stored state as JSON. 'push'
            replaces the stored state with a state file of the same lineage and a serial no older.
            """)
}
