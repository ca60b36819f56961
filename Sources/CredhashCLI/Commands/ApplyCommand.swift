import CredhashEngine
import Foundation
import RebillyAPI

/// `credhash apply [FILE]`: carries out a fresh plan after approval, or a saved plan at once.
enum ApplyCommand {
    static func run(_ context: CommandContext) async -> ExitCode {
        do {
            let options = try ApplyOptions(context, command: "apply", retireScope: .byPolicy)
            return await ApplyRunner(context: context, options: options).run()
        } catch {
            context.io.writeError(HelpText.usageError(error))
            return .usage
        }
    }
}

/// `credhash retire [ADDRESS…]`: plans and deactivates superseded hashes, asking like apply.
enum RetireCommand {
    static func run(_ context: CommandContext) async -> ExitCode {
        do {
            let addresses = context.parsed.arguments
            var options = try ApplyOptions(
                context, command: "retire", retireScope: .requested(addresses: addresses.isEmpty ? nil : Set(addresses)))
            options.savedPlanPath = nil
            options.onlyRetirements = true
            return await ApplyRunner(context: context, options: options).run()
        } catch {
            context.io.writeError(HelpText.usageError(error))
            return .usage
        }
    }
}

/// The options apply and retire share.
struct ApplyOptions {
    var command: String
    var parallelism: Int
    var lockTimeout: Duration
    var autoApprove: Bool
    var json: Bool
    var thresholds: SafetyThresholds
    var retireScope: RetireScope
    /// The saved plan to apply, from `apply FILE`.
    var savedPlanPath: String?
    /// Whether only the plan's retirements are carried out (`credhash retire`).
    var onlyRetirements = false

    init(_ context: CommandContext, command: String, retireScope: RetireScope) throws(UsageError) {
        self.command = command
        parallelism = try context.integerOption("parallelism", in: 1...256, default: 10) ?? 10
        lockTimeout = try context.lockTimeout()
        autoApprove = context.parsed.flag("auto-approve")
        json = context.parsed.flag("json")
        thresholds = SafetyThresholds()
        thresholds.maximumDeactivateCount = try context.integerOption("max-deactivate", in: 0...1_000_000, default: nil)
        self.retireScope = retireScope
        savedPlanPath = context.parsed.arguments.first
    }
}

/// One run of apply or retire, from loading the inputs to the exit code.
struct ApplyRunner {
    let context: CommandContext
    let options: ApplyOptions

    func run() async -> ExitCode {
        // Read everything that needs no lock first, so a mistake costs no waiting.
        var saved: SavedPlan?
        if let path = options.savedPlanPath {
            do {
                saved = try SavedPlan.read(path: path)
            } catch {
                context.reportError(error.description)
                return .failure
            }
        }
        let loaded = context.loadConfig()
        context.reportDiagnostics(loaded.diagnostics)
        guard let config = loaded.config, let gateway = makeGateway() else { return .failure }

        // Signal handlers come before the lock, so no signal can end the run while it holds it.
        let view = ApplyView(context: context, json: options.json)
        let trap = SignalTrap { number in view.reportSignal(number) }
        defer { trap.uninstall() }
        guard let backend = context.stateBackend(configPath: config.path) else { return .failure }
        let lock: any StateBackendLock
        switch context.acquireLock(backend: backend, command: options.command, timeout: options.lockTimeout, trap: trap) {
        case .success(let taken): lock = taken
        case .failure(let error): return error.code
        }
        defer { lock.release() }
        trap.guardLock(lock)

        let session = ApplySession(
            context: context, options: options, config: config, backend: backend, gateway: gateway, view: view,
            trap: trap)
        return await session.run(saved: saved)
    }

    /// The gateway to Rebilly, or `nil` after reporting why there is none.
    private func makeGateway() -> (any CredentialGateway)? {
        guard let key = context.environment["REBILLY_API_KEY"], !key.isEmpty else {
            context.reportError(APIError.missingAPIKey.description)
            return nil
        }
        do {
            return try context.makeGateway()
        } catch {
            context.reportError(error.description)
            return nil
        }
    }
}
