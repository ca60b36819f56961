import CredhashEngine
import RebillyAPI

/// `credhash plan`: compares the configuration with the state and Rebilly and prints the plan.
enum PlanCommand {
    static func run(_ context: CommandContext) async -> ExitCode {
        do {
            return try await runChecked(context)
        } catch {
            context.io.writeError(HelpText.usageError(error))
            return .usage
        }
    }

    private static func runChecked(_ context: CommandContext) async throws(UsageError) -> ExitCode {
        let format = try context.outputFormat()
        let parallelism = try context.integerOption("parallelism", in: 1...256, default: 10) ?? 10
        let refresh = try context.booleanOption("refresh")
        var thresholds = SafetyThresholds()
        thresholds.maximumDeactivateCount = try context.integerOption("max-deactivate", in: 0...1_000_000, default: nil)

        // The configuration and the state come first; each reports its own problems. The state
        // is read on another task while the configuration is validated, because each takes
        // about a third of a large offline plan. Its problems are still reported second.
        let configPath = context.configPath
        let stateKey = context.stateKey
        let stateTask = Task.detached { [context] in
            let resolution = context.resolveStateBackend(configPath: configPath)
            let loaded = resolution.backend.map { backend in
                Result { try StateStore.load(backend: backend, passphrase: stateKey, newStateSalt: nil) }
            }
            return (resolution, loaded)
        }
        let loaded = context.loadConfig()
        // The task is awaited on every path, because a process that exits while the task still
        // reads the state crashed with SIGSEGV (exit status 139).
        let (resolution, preloaded) = await stateTask.value
        context.reportDiagnostics(loaded.diagnostics)
        guard let config = loaded.config else { return .failure }
        let store: StateStore?
        if config.path == configPath, let preloaded, let backend = context.report(resolution) {
            store = context.acceptState(preloaded, path: backend.location)
        } else {
            store = context.loadState(configPath: config.path)
        }
        guard let store else { return .failure }

        // Refresh when a key is available and --refresh=false is absent. A broken API setting is
        // an error, not a silent offline plan.
        let gateway: (any CredentialGateway)?
        let offlineReason: String?
        switch refreshSource(context, refresh: refresh) {
        case .online(let online): (gateway, offlineReason) = (online, nil)
        case .offline(let reason): (gateway, offlineReason) = (nil, reason)
        case .failed: return .failure
        }
        let request = PlanRequest(
            config: config, store: store, gateway: gateway, offlineReason: offlineReason, parallelism: parallelism)
        let made: (plan: Plan, fingerprints: [String: [String: String]])
        do {
            made = try await Planning.makePlan(request)
        } catch {
            context.reportError(error.description)
            return .failure
        }

        // Print the plan before the threshold check, so the user sees what a refusal is about.
        context.io.writeOutput(render(made.plan, format: format, context: context))
        guard writeCIOutputs(made.plan, store: store, context: context) else { return .failure }
        thresholds.merge(config: config.safety, allowDeactivate: context.addressListOption("allow-deactivate"),
                         allowReplace: context.addressListOption("allow-replace"))
        do {
            try thresholds.check(made.plan)
        } catch {
            context.reportError(error.description, detail: error.hint)
            return .refusedByThreshold
        }
        if let out = context.parsed.options["out"] {
            guard save(made, store: store, to: out, context: context) else { return .failure }
        }
        if let code = expectNoChangesExitCode(made.plan, context: context) { return code }
        if context.parsed.flag("detailed-exitcode") { return made.plan.hasChanges ? .changesPresent : .success }
        return .success
    }

    /// Where a plan's picture of Rebilly comes from.
    enum RefreshSource {
        case online(any CredentialGateway)
        case offline(reason: String)
        case failed
    }

    /// The gateway for a refresh, or why the plan is offline; `failed` after reporting a broken
    /// `REBILLY_*` setting.
    static func refreshSource(_ context: CommandContext, refresh: Bool?) -> RefreshSource {
        if refresh == false { return .offline(reason: "--refresh=false was given") }
        guard let key = context.environment["REBILLY_API_KEY"], !key.isEmpty else {
            if refresh == true {
                context.reportError("--refresh=true needs REBILLY_API_KEY", detail: "Set REBILLY_API_KEY, or drop --refresh=true for an offline plan.")
                return .failed
            }
            return .offline(reason: "REBILLY_API_KEY is not set")
        }
        do {
            return .online(try context.makeGateway())
        } catch {
            context.reportError(error.description)
            return .failed
        }
    }

    static func render(_ plan: Plan, format: OutputFormat, context: CommandContext) -> String {
        switch format {
        case .text: return HumanPlanRenderer.render(plan, colorize: context.style.colorOutput)
        case .json: return PlanJSONRenderer.render(plan) + "\n"
        case .markdown: return MarkdownPlanRenderer.render(plan)
        }
    }

    private static func save(
        _ made: (plan: Plan, fingerprints: [String: [String: String]]), store: StateStore, to path: String,
        context: CommandContext
    ) -> Bool {
        let saved = SavedPlan(
            plan: made.plan, secretFingerprints: made.fingerprints, fingerprintSalt: store.state.fingerprintSalt,
            fingerprintKeyed: store.state.fingerprintKeyed)
        let protected = [made.plan.configPath, store.path, StateFile.backupPath(for: store.path), store.path + ".lock"]
        do {
            try SavedPlan.checkTarget(path, protectedPaths: protected)
            try saved.write(to: path)
            context.logger.debug("plan.save: wrote \(path)")
            if !context.style.quiet, context.parsed.options["out"] != nil, !context.parsed.flag("json") {
                context.io.printError("Saved the plan to \(path).")
            }
            return true
        } catch let error as SavedPlanError {
            context.reportError(error.description)
            return false
        } catch {
            context.reportError("failed saving the plan to '\(path)': \(error)")
            return false
        }
    }
}

extension SafetyThresholds {
    /// Applies the configuration's `safety:` block, then the flags, which take precedence.
    mutating func merge(config settings: [String: Int], allowDeactivate: Set<String>, allowReplace: Set<String>) {
        let count = maximumDeactivateCount
        self = SafetyThresholds(config: settings)
        maximumDeactivateCount = count
        allowedDeactivations = allowDeactivate
        allowedReplacements = allowReplace
    }
}
