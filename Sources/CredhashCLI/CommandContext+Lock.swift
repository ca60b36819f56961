import CredhashEngine
import Foundation

extension CommandContext {
    /// The value of `--lock-timeout`: how long to wait for another holder of the state lock.
    func lockTimeout() throws(UsageError) -> Duration {
        .seconds(try integerOption("lock-timeout", in: 0...86_400, default: 0) ?? 0)
    }

    /// Takes the lock of the state file at `statePath`, or reports why not.
    ///
    /// - Parameter trap: The signal trap whose first signal ends a wait for the lock.
    /// - Returns: The lock, or the exit code: 4 when another process holds it, 130 or 143 when a
    ///   signal ended the wait, 1 on other errors.
    func acquireLock(
        statePath: String, command: String, timeout: Duration, trap: SignalTrap? = nil
    ) -> Result<StateLock, ExitCodeError> {
        let result = takeLock(trap: trap) {
            try StateLock.acquire(
                statePath: statePath, command: command, timeout: timeout, shouldStop: { trap?.signalReceived != nil })
        }
        if case .success(let lock) = result { logger.debug("state.lock: took '\(lock.lockPath)' for \(command)") }
        return result
    }

    /// Takes the lock of the state in `backend`, or reports why not, with the exit codes of
    /// ``acquireLock(statePath:command:timeout:trap:)``.
    func acquireLock(
        backend: any StateBackend, command: String, timeout: Duration, trap: SignalTrap? = nil
    ) -> Result<any StateBackendLock, ExitCodeError> {
        let result = takeLock(trap: trap) {
            try backend.lock(command: command, timeout: timeout, shouldStop: { trap?.signalReceived != nil })
        }
        if case .success(let lock) = result { logger.debug("state.lock: took '\(lock.lockPath)' for \(command)") }
        return result
    }

    /// Runs `take`, and reports its error with the exit code it maps to.
    private func takeLock<Lock>(trap: SignalTrap?, _ take: () throws -> Lock) -> Result<Lock, ExitCodeError> {
        do {
            return .success(try take())
        } catch let error as StateFileError {
            reportError(error.description)
            switch error {
            case .locked, .lockTimedOut: return .failure(ExitCodeError(.stateLocked))
            case .lockWaitStopped:
                return .failure(ExitCodeError(trap?.signalReceived == SIGTERM ? .terminated : .interrupted))
            default: return .failure(ExitCodeError(.failure))
            }
        } catch {
            reportError("\(error)")
            return .failure(ExitCodeError(.failure))
        }
    }
}

/// An exit code carried as an error, after its message was printed.
struct ExitCodeError: Error {
    let code: ExitCode

    init(_ code: ExitCode) {
        self.code = code
    }
}
