import CredhashEngine
import Foundation

/// The part of apply and retire that runs while the state lock is held.
struct ApplySession {
    let context: CommandContext
    let options: ApplyOptions
    let config: DesiredConfig
    let backend: any StateBackend
    let gateway: any CredentialGateway
    let view: ApplyView
    let trap: SignalTrap

    func run(saved: SavedPlan?) async -> ExitCode {
        // A plan made before any state existed fixed the salt the new state must use.
        let store: StateStore
        do {
            store = try StateStore.load(
                backend: backend, passphrase: context.stateKey, newStateSalt: saved?.fingerprintSalt)
        } catch {
            context.reportError("\(error)")
            return .failure
        }
        if case .requested(let addresses?) = options.retireScope {
            let known = Set(store.state.credentials.keys).union(store.state.retirements.map(\.address))
            if let unknown = addresses.sorted().first(where: { !known.contains($0) }) {
                let suggestion = Suggestion.closest(to: unknown, in: known.sorted()).map { "Did you mean '\($0)'?" }
                context.reportError("\(Quote.text(unknown)) is not in state file '\(store.path)'", detail: suggestion)
                return .failure
            }
        }
        if let saved {
            do {
                try saved.checkCurrent(store: store, config: config)
                try await saved.confirmRefreshReasons(gateway: gateway)
            } catch {
                context.reportError(error.description)
                return .stalePlan
            }
        }

        // Settle the journal before planning, so the plan sees every hash created so far.
        let writer = StateWriter(store: store)
        let resolutions = await PendingReconciler.reconcile(
            config: config, gateway: gateway, writer: writer, observer: view)
        if let number = trap.signalReceived { return signalExitCode(number) }

        let plan: Plan
        if let saved {
            plan = saved.document.plan
        } else {
            switch await approvedPlan(store: await writer.currentStore) {
            case .success(let approved): plan = approved
            case .failure(let error): return error.code
            }
        }
        let changes = options.onlyRetirements ? plan.changes.filter { $0.action == .retire } : plan.changes
        let applier = Applier(
            changes: changes, config: config, gateway: gateway, writer: writer, observer: view,
            parallelism: options.parallelism, stopFlag: trap.stopFlag)
        let result = await applier.run()
        view.finishCounter()
        ApplySummary.print(result, resolutions: resolutions, signal: trap.signalReceived, view: view, context: context)
        return exitCode(result, resolutions)
    }

    /// Makes, prints and checks a fresh plan, then asks for approval unless `--auto-approve` was given.
    private func approvedPlan(store: StateStore) async -> Result<Plan, ExitCodeError> {
        let request = PlanRequest(
            config: config, store: store, gateway: gateway, offlineReason: nil, parallelism: options.parallelism,
            retireScope: options.retireScope)
        var plan: Plan
        do {
            plan = try await Planning.makePlan(request).plan
        } catch {
            context.reportError(error.description)
            return .failure(ExitCodeError(.failure))
        }
        if options.onlyRetirements { plan.changes = plan.changes.filter { $0.action == .retire } }
        printPlan(plan)

        var thresholds = options.thresholds
        thresholds.merge(config: config.safety, allowDeactivate: context.addressListOption("allow-deactivate"),
                         allowReplace: context.addressListOption("allow-replace"))
        do {
            try thresholds.check(plan)
        } catch {
            context.reportError(error.description, detail: error.hint)
            return .failure(ExitCodeError(.refusedByThreshold))
        }
        guard plan.hasChanges, !options.autoApprove else { return .success(plan) }
        return ask() ? .success(plan) : .failure(ExitCodeError(.failure))
    }

    private func printPlan(_ plan: Plan) {
        guard options.json else {
            context.io.writeOutput(PlanCommand.render(plan, format: .text, context: context))
            return
        }
        let document = try? JSONSerialization.jsonObject(with: Data(PlanJSONRenderer.render(plan).utf8))
        context.io.writeOutput(ApplyView.encode(["event": "plan", "document": document ?? [:]]) + "\n")
    }

    /// Asks for `yes` on the terminal. Without a terminal, or in CI, explains how to approve instead.
    private func ask() -> Bool {
        guard context.io.inputIsTerminal, !context.style.inCI else {
            let reason = context.io.inputIsTerminal ? "CI is set" : "standard input is not a terminal"
            context.reportError(
                "\(options.command) needs approval, but \(reason)",
                detail: "Pass --auto-approve after reviewing 'credhash plan', or save the plan with "
                    + "'credhash plan --out FILE' and run 'credhash apply FILE'.")
            return false
        }
        context.io.writeOutput("\nDo you want to carry out these changes? Only 'yes' is accepted.\n  Enter a value: ")
        guard context.io.readInputLine()?.trimmingSpaces() == "yes" else {
            context.reportError("\(options.command) cancelled")
            return false
        }
        return true
    }

    private func exitCode(_ result: ApplyResult, _ resolutions: [PendingResolution]) -> ExitCode {
        if let number = trap.signalReceived { return signalExitCode(number) }
        let unresolved = resolutions.filter { if case .recorded = $0 { return false } else { return true } }.count
        let failed = result.failed.count + unresolved
        let succeeded = result.succeeded.count + resolutions.count - unresolved
        if failed == 0 { return .success }
        return succeeded == 0 ? .failure : .partialFailure
    }

    private func signalExitCode(_ number: Int32) -> ExitCode {
        number == SIGTERM ? .terminated : .interrupted
    }
}
