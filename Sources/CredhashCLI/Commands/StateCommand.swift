import CredhashEngine
import Foundation

/// `credhash state list | show | rm | mv | rm-pending`: inspects and edits the state file.
enum StateCommand {
    static func run(_ context: CommandContext) -> ExitCode {
        let arguments = context.parsed.arguments
        let counts = ["list": 0, "show": 1, "rm": 1, "mv": 2, "rm-pending": 1, "pull": 0, "push": 1]
        guard let operation = arguments.first, let count = counts[operation] else {
            let given = arguments.first.map { "unknown state operation '\($0)'" } ?? "missing state operation"
            context.io.writeError(HelpText.usageError(.invalidValue(
                "<operation>", value: given, expected: "list, show, rm, mv, rm-pending, pull or push", command: "state")))
            return .usage
        }
        guard arguments.count == count + 1 else {
            context.io.writeError(HelpText.usageError(.invalidValue(
                "state \(operation)", value: arguments.dropFirst().joined(separator: " "),
                expected: expectedOperands(operation, count: count), command: "state")))
            return .usage
        }
        let operands = Array(arguments.dropFirst())
        switch operation {
        case "list", "show": return inspect(context, address: operands.first)
        case "pull": return StateTransfer.pull(context)
        case "push": return StateTransfer.push(context, file: operands[0])
        default: return edit(context, operation: operation, operands: operands)
        }
    }

    /// Prints every address, or one entry in full.
    private static func inspect(_ context: CommandContext, address: String?) -> ExitCode {
        guard let store = context.loadState(configPath: context.configPath) else { return .failure }
        let state = store.state
        guard let address else {
            let lines = state.credentials.keys.sorted() + state.pending.map { "\($0.address) (pending create since \($0.time))" }
            if context.parsed.flag("json") {
                context.io.printLine(JSONCoding.encode(state.credentials.keys.sorted()))
            } else {
                lines.forEach { context.io.printLine($0) }
            }
            return .success
        }
        guard let entry = state.credentials[address] else {
            context.reportError(notFound(address, in: store))
            return .failure
        }
        if context.parsed.flag("json") {
            context.io.printLine(JSONCoding.encode(entry))
        } else {
            context.io.printLine("address: \(address)\ntype: \(entry.type.rawValue)\nhash: \(entry.hash)\nstatus: \(entry.status.rawValue)")
            for (path, value) in entry.fields.sorted(by: { $0.key < $1.key }) { context.io.printLine("\(path): \(value)") }
            for path in entry.secretFingerprints.keys.sorted() { context.io.printLine("\(path): (secret, fingerprint recorded)") }
            context.io.printLine("created: \(entry.createdTime)\nupdated: \(entry.updatedTime)")
        }
        return .success
    }

    /// Changes the state under the lock: `rm`, `mv` or `rm-pending`.
    private static func edit(_ context: CommandContext, operation: String, operands: [String]) -> ExitCode {
        let timeout: Duration
        do {
            timeout = try context.lockTimeout()
        } catch {
            context.io.writeError(HelpText.usageError(error))
            return .usage
        }
        guard let backend = context.stateBackend(configPath: context.configPath) else { return .failure }
        let lock: any StateBackendLock
        switch context.acquireLock(backend: backend, command: "state \(operation)", timeout: timeout) {
        case .success(let taken): lock = taken
        case .failure(let error): return error.code
        }
        defer { lock.release() }
        guard var store = context.loadState(configPath: context.configPath) else { return .failure }

        var state = store.state
        let address = operands[0]
        switch operation {
        case "rm":
            guard state.credentials.removeValue(forKey: address) != nil else {
                context.reportError(notFound(address, in: store))
                return .failure
            }
        case "mv":
            guard let entry = state.credentials[address] else {
                context.reportError(notFound(address, in: store))
                return .failure
            }
            let target = operands[1]
            let prefix = entry.type.rawValue + "."
            guard target.hasPrefix(prefix), DesiredCredential.isValidName(String(target.dropFirst(prefix.count))),
                state.credentials[target] == nil
            else {
                context.reportError(
                    "cannot move \(Quote.text(address)) to \(Quote.text(target))",
                    detail: "The target must be a free address '\(prefix)NAME', where NAME is 1 to 63 lowercase "
                        + "letters, digits and '-', starting with a letter or digit.")
                return .failure
            }
            state.moveCredential(from: address, to: target, time: ApplyTime.iso8601(Date()))
        default:
            guard state.pending.contains(where: { $0.address == address }) else {
                context.reportError("no pending create for '\(address)' in state file '\(store.path)'")
                return .failure
            }
            state.pending.removeAll { $0.address == address }
        }
        do {
            try store.commit(state)
        } catch {
            context.reportError("\(error)")
            return .failure
        }
        context.logger.debug("state.\(operation): wrote serial \(store.state.serial)")
        if !context.style.quiet { context.io.printError("state \(operation): done, state serial \(store.state.serial)") }
        return .success
    }

    private static func expectedOperands(_ operation: String, count: Int) -> String {
        switch operation {
        case "push": return "1 state file"
        case "pull", "list": return "no arguments"
        default: return "\(count) \(count == 1 ? "address" : "addresses")"
        }
    }

    /// The message for an address the state does not contain.
    static func notFound(_ address: String, in store: StateStore) -> String {
        let suggestion = Suggestion.closest(to: address, in: Array(store.state.credentials.keys)).map { "; did you mean '\($0)'?" } ?? ""
        return "'\(address)' is not in state file '\(store.path)'\(suggestion)"
    }
}
