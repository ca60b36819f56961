import CredhashEngine

extension CommandContext {
    /// Loads the state for the credentials file at `configPath`, reporting problems; warns once
    /// when its fingerprints are not keyed.
    func loadState(configPath: String) -> StateStore? {
        guard let backend = stateBackend(configPath: configPath) else { return nil }
        let loaded = Result { try StateStore.load(backend: backend, passphrase: stateKey, newStateSalt: nil) }
        return acceptState(loaded, path: backend.location)
    }

    /// Reports the outcome of loading the state at `path` as ``loadState(configPath:)`` does,
    /// for a caller that loaded it on another task.
    func acceptState(_ loaded: Result<StateStore, any Error>, path: String) -> StateStore? {
        let store: StateStore
        switch loaded {
        case .success(let loadedStore):
            store = loadedStore
        case .failure(let error):
            reportError("\(error)")
            return nil
        }
        logger.debug("state.load: \(path): serial \(store.serialOnDisk.map(String.init) ?? "none, no file yet")")
        if !store.fingerprintKey.isKeyed {
            // A state is keyed when it is created, so the advice differs for a new one.
            let advice = store.serialOnDisk == nil
                ? "set CREDHASH_STATE_KEY before the first apply to key them"
                : "a state can only be keyed when it is created, see docs/state.md"
            logger.warning(
                "secret fingerprints in '\(path)' are salted but not keyed, so anyone who can read the file can "
                    + "test guesses of a secret; \(advice)")
        }
        return store
    }
}
