import CredhashEngine
import RebillyAPI

/// The state backend chosen for a credentials file, or the problems that prevent a choice.
struct BackendResolution: Sendable {
    /// The backend, or `nil` when ``problems`` gives the reason there is none.
    var backend: (any StateBackend)?
    /// Diagnostics of the file's `state` block, or its parse error.
    var diagnostics: [Diagnostic] = []
    /// Errors outside the file, such as a missing `CREDHASH_PG_CONN`.
    var problems: [Diagnostic] = []
    /// Warnings to show when the backend is used.
    var warnings: [String] = []
}

extension CommandContext {
    /// Returns the state backend for the credentials file at `configPath`, or `nil` after
    /// reporting why there is none.
    func stateBackend(configPath: String) -> (any StateBackend)? {
        report(resolveStateBackend(configPath: configPath))
    }

    /// Writes the diagnostics, errors and warnings of `resolution` and returns its backend.
    func report(_ resolution: BackendResolution) -> (any StateBackend)? {
        if resolution.diagnostics.hasErrors { reportDiagnostics(resolution.diagnostics) }
        for problem in resolution.problems { reportError(problem.summary, detail: problem.detail) }
        for warning in resolution.warnings { logger.warning(warning) }
        return resolution.backend
    }

    /// Chooses the state backend for the credentials file at `configPath` without writing
    /// anything, so that it can run on another task.
    ///
    /// `CREDHASH_STATE_BACKEND` picks the backend, else the file's `state` block does, else the
    /// state is a file (see ``statePath(configPath:)``). PostgreSQL takes the schema and state
    /// name from the `state` block and the connection string from `CREDHASH_PG_CONN`.
    func resolveStateBackend(configPath: String) -> BackendResolution {
        let (settings, diagnostics) = ConfigLoader(environment: environment).loadStateSettings(path: configPath)
        guard !diagnostics.hasErrors else { return BackendResolution(diagnostics: diagnostics) }
        let (choice, problem) = chooseBackend(settings ?? .file)
        guard let chosen = choice else { return BackendResolution(problems: problem.map { [$0] } ?? []) }

        switch chosen {
        case .file:
            return BackendResolution(backend: FileStateBackend(path: statePath(configPath: configPath)))
        case .postgres(let schema, let name):
            let connection = environment["CREDHASH_PG_CONN"] ?? ""
            let backend = PostgresStateBackend(connectionString: Secret(connection), schema: schema, name: name)
            return checkPostgres(backend, connection: connection)
        }
    }

    /// Rejects a missing connection string and `--state`, which the PostgreSQL backend would
    /// otherwise ignore, and warns about `CREDHASH_STATE`, which a CI system may set for every job.
    private func checkPostgres(_ backend: PostgresStateBackend, connection: String) -> BackendResolution {
        let location = backend.location
        if let path = parsed.options["state"] {
            let problem = Diagnostic(
                .error, "--state \(Quote.text(path)) names a state file, but the state is kept in '\(location)'",
                detail: "Remove --state, or select the file backend with CREDHASH_STATE_BACKEND=file.")
            return BackendResolution(problems: [problem])
        }
        guard !connection.isEmpty else {
            let problem = PostgresStateError.missingConnectionString(location: location).description
            return BackendResolution(problems: [Diagnostic(.error, problem)])
        }
        var resolution = BackendResolution(backend: backend)
        if let path = environment["CREDHASH_STATE"], !path.isEmpty {
            resolution.warnings.append("CREDHASH_STATE \(Quote.text(path)) is ignored: the state is kept in '\(location)'")
        }
        return resolution
    }

    /// Applies `CREDHASH_STATE_BACKEND` to the settings of the file, or returns why it cannot.
    private func chooseBackend(_ settings: StateBackendSettings) -> (StateBackendSettings?, Diagnostic?) {
        guard let name = environment["CREDHASH_STATE_BACKEND"], !name.isEmpty else { return (settings, nil) }
        switch (name, settings) {
        case ("file", _): return (.file, nil)
        case ("postgres", .postgres): return (settings, nil)
        case ("postgres", .file):
            return (.postgres(schema: StateBackendSettings.defaultSchema, name: StateBackendSettings.defaultName), nil)
        default:
            return (
                nil,
                Diagnostic(
                    .error, "invalid value \(Quote.text(name)) for CREDHASH_STATE_BACKEND",
                    detail: "Set it to 'file' or 'postgres', or unset it to use the credentials file's 'state' block."))
        }
    }
}
