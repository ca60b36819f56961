import CredhashEngine
import RebillyAPI

extension CommandContext {
    /// Returns the state backend for the credentials file at `configPath`, or `nil` after
    /// reporting why there is none.
    ///
    /// `CREDHASH_STATE_BACKEND` picks the backend, else the file's `state` block does, else the
    /// state is a file (see ``statePath(configPath:)``). PostgreSQL takes the schema and state
    /// name from the `state` block and the connection string from `CREDHASH_PG_CONN`.
    func stateBackend(configPath: String) -> (any StateBackend)? {
        let (settings, diagnostics) = ConfigLoader(environment: environment).loadStateSettings(path: configPath)
        guard !diagnostics.hasErrors else {
            reportDiagnostics(diagnostics)
            return nil
        }
        guard let chosen = chooseBackend(settings ?? .file) else { return nil }

        switch chosen {
        case .file:
            return FileStateBackend(path: statePath(configPath: configPath))
        case .postgres(let schema, let name):
            guard rejectStatePathOption(schema: schema, name: name) else { return nil }
            let connection = environment["CREDHASH_PG_CONN"] ?? ""
            let backend = PostgresStateBackend(connectionString: Secret(connection), schema: schema, name: name)
            guard !connection.isEmpty else {
                reportError(PostgresStateError.missingConnectionString(location: backend.location).description)
                return nil
            }
            return backend
        }
    }

    /// Rejects `--state` with the PostgreSQL backend, which would otherwise ignore it, and warns
    /// about `CREDHASH_STATE`, which a CI system may set for every job.
    private func rejectStatePathOption(schema: String, name: String) -> Bool {
        let location = "postgres:\(schema).\(name)"
        if let path = parsed.options["state"] {
            reportError(
                "--state \(Quote.text(path)) names a state file, but the state is kept in '\(location)'",
                detail: "Remove --state, or select the file backend with CREDHASH_STATE_BACKEND=file.")
            return false
        }
        if let path = environment["CREDHASH_STATE"], !path.isEmpty {
            logger.warning("CREDHASH_STATE \(Quote.text(path)) is ignored: the state is kept in '\(location)'")
        }
        return true
    }

    /// Applies `CREDHASH_STATE_BACKEND` to the settings of the file.
    private func chooseBackend(_ settings: StateBackendSettings) -> StateBackendSettings? {
        guard let name = environment["CREDHASH_STATE_BACKEND"], !name.isEmpty else { return settings }
        switch (name, settings) {
        case ("file", _): return .file
        case ("postgres", .postgres): return settings
        case ("postgres", .file):
            return .postgres(schema: StateBackendSettings.defaultSchema, name: StateBackendSettings.defaultName)
        default:
            reportError(
                "invalid value \(Quote.text(name)) for CREDHASH_STATE_BACKEND",
                detail: "Set it to 'file' or 'postgres', or unset it to use the credentials file's 'state' block.")
            return nil
        }
    }
}
