import CredhashEngine
import Foundation
import RebillyAPI

/// `credhash import ADDRESS HASH`: adopts an existing hash for a credential in the configuration.
enum ImportCommand {
    static func run(_ context: CommandContext) async -> ExitCode {
        let arguments = context.parsed.arguments
        let timeout: Duration
        do throws(UsageError) {
            guard arguments.count == 2 else { throw .missingArgument(arguments.isEmpty ? "<address>" : "<hash>", command: "import") }
            timeout = try context.lockTimeout()
        } catch {
            context.io.writeError(HelpText.usageError(error))
            return .usage
        }
        let (address, hash) = (arguments[0], arguments[1])

        let loaded = context.loadConfig()
        context.reportDiagnostics(loaded.diagnostics)
        guard let config = loaded.config else { return .failure }
        guard let credential = config.credentials.first(where: { $0.address == address }) else {
            context.reportError("'\(address)' is not in the configuration '\(config.path)'")
            return .failure
        }
        let gateway: RebillyGateway
        do {
            gateway = try context.makeGateway()
        } catch {
            context.reportError(error.description)
            return .failure
        }

        guard let backend = context.stateBackend(configPath: config.path) else { return .failure }
        let lock: any StateBackendLock
        switch context.acquireLock(backend: backend, command: "import", timeout: timeout) {
        case .success(let taken): lock = taken
        case .failure(let error): return error.code
        }
        defer { lock.release() }
        guard var store = context.loadState(configPath: config.path) else { return .failure }
        if let existing = store.state.credentials[address] {
            context.reportError("'\(address)' already has hash '\(existing.hash)' in the state; run 'credhash state rm \(address)' first")
            return .failure
        }

        let remote: RemoteCredential
        do {
            remote = try await gateway.get(credential.kind, hash: hash)
        } catch {
            context.reportError(error.description)
            return .failure
        }
        guard let secretsCompared = check(remote, against: credential, key: store.fingerprintKey, context: context) else {
            return .failure
        }

        var state = store.state
        let time = ApplyTime.iso8601(Date())
        state.credentials[address] = StateCredential(
            type: credential.kind, name: credential.name, hash: remote.hash, status: remote.status,
            fields: credential.fieldDictionary, secretFingerprints: store.fingerprintKey.fingerprints(of: credential),
            createdTime: time, updatedTime: time)
        do {
            try store.commit(state)
        } catch {
            context.reportError("\(error)")
            return .failure
        }
        if !secretsCompared {
            context.logger.warning(
                "Rebilly did not return the secret of '\(hash)', so it could not be compared; the state records the "
                    + "fingerprint of the current secret, and a later plan cannot tell whether the hash was made with it")
        }
        if !context.style.quiet { context.io.printError("imported '\(hash)' as '\(address)'") }
        return .success
    }

    /// Compares what Rebilly returned with the configuration.
    ///
    /// - Returns: Whether the secrets were compared, or `nil` after reporting a mismatch.
    private static func check(
        _ remote: RemoteCredential, against credential: DesiredCredential, key: FingerprintKey, context: CommandContext
    ) -> Bool? {
        guard remote.status != .deactivated else {
            context.reportError("hash '\(remote.hash)' is deactivated in Rebilly and cannot be imported")
            return nil
        }
        let desired = credential.fieldDictionary
        let differing = Set(desired.keys).union(remote.fields.keys).filter { desired[$0] != remote.fields[$0] }.sorted()
        guard differing.isEmpty else {
            let list = differing.map { "'\($0)'" }.joined(separator: ", ")
            context.reportError("hash '\(remote.hash)' differs from '\(credential.address)' in the configuration: \(list)")
            return nil
        }
        guard !remote.secrets.isEmpty else { return false }
        let expected = key.fingerprints(of: credential)
        let returned = Dictionary(
            remote.secrets.map { ($0.path, key.fingerprint(kind: credential.kind, path: $0.path, value: $0.value)) },
            uniquingKeysWith: { first, _ in first })
        guard returned == expected else {
            context.reportError("hash '\(remote.hash)' was made with another secret than '\(credential.address)' uses now")
            return nil
        }
        return true
    }
}
