import CredhashEngine

/// `credhash output [ADDRESS]`: the current hash of every credential, or of one, for the next CI step.
enum OutputCommand {
    static func run(_ context: CommandContext) -> ExitCode {
        guard let store = context.loadState(configPath: context.configPath) else { return .failure }
        let credentials = store.state.credentials
        let json = context.parsed.flag("json")

        if let address = context.parsed.arguments.first {
            guard let entry = credentials[address] else {
                context.reportError(StateCommand.notFound(address, in: store))
                return .failure
            }
            if json {
                context.io.printLine(JSONCoding.encode(OutputEntry(entry, address: address)))
            } else {
                context.io.printLine(entry.hash)
            }
            return .success
        }

        let sorted = credentials.sorted { $0.key < $1.key }
        if json {
            context.io.printLine(JSONCoding.encode(Dictionary(uniqueKeysWithValues: sorted.map { ($0.key, OutputEntry($0.value, address: $0.key)) })))
        } else {
            let width = sorted.map(\.key.count).max() ?? 0
            for (address, entry) in sorted {
                context.io.printLine(address.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + entry.hash)
            }
        }
        return .success
    }
}

/// One credential as `output --json` prints it.
struct OutputEntry: Encodable {
    let address: String
    let type: String
    let hash: String
    let status: String

    init(_ entry: StateCredential, address: String) {
        self.address = address
        type = entry.type.rawValue
        hash = entry.hash
        status = entry.status.rawValue
    }
}

/// `credhash mapping [ADDRESS]`: the old→new hash history, newest first.
enum MappingCommand {
    static func run(_ context: CommandContext) -> ExitCode {
        guard let store = context.loadState(configPath: context.configPath) else { return .failure }
        let address = context.parsed.arguments.first
        let history = store.state.replacements.enumerated()
            .filter { address == nil || $0.element.address == address }
            .sorted { ($0.element.time, $0.offset) > ($1.element.time, $1.offset) }
            .map(\.element)

        if context.parsed.flag("json") {
            context.io.printLine(JSONCoding.encode(history))
            return .success
        }
        if history.isEmpty, !context.style.quiet {
            context.io.printError(address.map { "no replacements recorded for '\($0)'" } ?? "no replacements recorded")
        }
        for entry in history {
            // The state stores reason names; people read their explanations.
            let reason = ActionReason(rawValue: entry.reason)?.explanation ?? entry.reason
            let line = "\(entry.time)  \(entry.address)  \(entry.oldHash) → \(entry.newHash)  (because \(reason))"
            context.io.printLine(DiagnosticRenderer.escapingControlCharacters(line))
        }
        return .success
    }
}
