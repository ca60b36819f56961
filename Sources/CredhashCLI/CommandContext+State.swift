import CredhashEngine

extension CommandContext {
    /// Loads the state for the credentials file at `configPath`, reporting problems; warns once
    /// when its fingerprints are not keyed.
    func loadState(configPath: String) -> StateStore? {
        let path = statePath(configPath: configPath)
        let store: StateStore
        do {
            store = try StateStore.load(path: path, passphrase: stateKey)
        } catch {
            reportError("\(error)")
            return nil
        }
        logger.debug("state.load: \(path): serial \(store.serialOnDisk.map(String.init) ?? "none, no file yet")")
        if !store.fingerprintKey.isKeyed {
            logger.warning(
                "secret fingerprints in '\(path)' are salted but not keyed; set CREDHASH_STATE_KEY so the state "
                    + "file alone cannot be used to test guesses of a secret")
        }
        return store
    }
}
