import CredhashEngine

extension CommandContext {
    /// Loads the state for the credentials file at `configPath`, reporting problems; warns once
    /// when its fingerprints are not keyed.
    func loadState(configPath: String) -> StateStore? {
        guard let backend = stateBackend(configPath: configPath) else { return nil }
        let path = backend.location
        let store: StateStore
        do {
            store = try StateStore.load(backend: backend, passphrase: stateKey, newStateSalt: nil)
        } catch {
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
