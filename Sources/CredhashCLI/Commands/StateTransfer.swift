import CredhashEngine

/// `credhash state pull` and `credhash state push FILE`: move a state between backends.
///
/// To move a state from a file to PostgreSQL, push the file with the PostgreSQL backend
/// selected. To move it back, pull it with PostgreSQL selected and use the output as the file.
enum StateTransfer {
    /// Prints the stored state as the JSON of a state file.
    static func pull(_ context: CommandContext) -> ExitCode {
        guard let backend = context.stateBackend(configPath: context.configPath) else { return .failure }
        do {
            guard let state = try backend.read() else {
                context.reportError("no state is stored in '\(backend.location)'")
                return .failure
            }
            let bytes = try StateFile.encode(state, path: backend.location)
            context.io.writeOutput(String(decoding: bytes, as: UTF8.self))
            context.logger.debug("state.pull: read serial \(state.serial) from '\(backend.location)'")
            return .success
        } catch {
            context.reportError("\(error)")
            return .failure
        }
    }

    /// Replaces the stored state with the state file at `file`, under the state lock.
    ///
    /// The pushed state keeps its serial and lineage. A stored state of another lineage, or of
    /// a newer serial, is never replaced, and one of the same serial only by identical contents.
    static func push(_ context: CommandContext, file: String) -> ExitCode {
        let timeout: Duration
        do {
            timeout = try context.lockTimeout()
        } catch {
            context.io.writeError(HelpText.usageError(error))
            return .usage
        }
        let pushed: State
        do {
            guard let read = try StateFile.read(path: file) else {
                context.reportError("state file '\(file)' not found", detail: "Name an existing state file to push.")
                return .failure
            }
            pushed = read
        } catch {
            context.reportError("\(error)")
            return .failure
        }

        guard let backend = context.stateBackend(configPath: context.configPath) else { return .failure }
        let lock: any StateBackendLock
        switch context.acquireLock(backend: backend, command: "state push", timeout: timeout) {
        case .success(let taken): lock = taken
        case .failure(let error): return error.code
        }
        defer { lock.release() }
        return replace(with: pushed, file: file, in: backend, context: context)
    }

    private static func replace(
        with pushed: State, file: String, in backend: any StateBackend, context: CommandContext
    ) -> ExitCode {
        do {
            let stored = try backend.read()
            if let stored {
                if let problem = conflict(pushed: pushed, stored: stored, file: file, location: backend.location) {
                    context.reportError(problem.summary, detail: problem.detail)
                    return .failure
                }
                if stored == pushed {
                    if !context.style.quiet { context.io.printError("state push: '\(backend.location)' already contains serial \(stored.serial)") }
                    return .success
                }
            }
            try backend.write(pushed, expectedSerial: stored?.serial)
        } catch {
            context.reportError("\(error)")
            return .failure
        }
        context.logger.debug("state.push: wrote serial \(pushed.serial) to '\(backend.location)'")
        if !context.style.quiet { context.io.printError("state push: done, '\(backend.location)' is at serial \(pushed.serial)") }
        return .success
    }

    /// Returns why `pushed` must not replace `stored`, or `nil` when it may.
    private static func conflict(
        pushed: State, stored: State, file: String, location: String
    ) -> (summary: String, detail: String)? {
        if pushed.lineage != stored.lineage {
            return (
                "state file '\(file)' has lineage '\(pushed.lineage)' but '\(location)' holds lineage '\(stored.lineage)'",
                "A push replaces only a state of the same lineage. Pull the stored state first if it is the one to keep."
            )
        }
        if pushed.serial < stored.serial {
            return (
                "state file '\(file)' has serial \(pushed.serial), older than serial \(stored.serial) in '\(location)'",
                "Pull the stored state instead, because it contains newer changes."
            )
        }
        if pushed.serial == stored.serial && pushed != stored {
            return (
                "state file '\(file)' and '\(location)' both have serial \(pushed.serial) but differ",
                "Two runs changed the state separately. Pull the stored state and compare them before pushing."
            )
        }
        return nil
    }
}
