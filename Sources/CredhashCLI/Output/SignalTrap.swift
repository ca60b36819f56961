import CredhashEngine
import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into a stop request for a command that writes state.
///
/// The first signal asks the apply to start no more actions, so it can finish the requests in
/// flight, save the state and release the lock. A second SIGINT exits at once after releasing
/// the lock; the apply journal covers any create left in flight.
///
/// Install it before taking the state lock: signal sources register asynchronously, and a
/// signal that arrived before that would otherwise end the process without cleanup.
final class SignalTrap: @unchecked Sendable {
    /// Set by the first signal.
    let stopFlag = ApplyStopFlag()
    private let mutex = NSLock()
    private var received: Int32?
    private var stateLock: (any StateBackendLock)?
    private var sources: [any DispatchSourceSignal] = []
    private let onFirstSignal: @Sendable (Int32) -> Void

    /// The number of traps installed, so the last one to go restores the default actions.
    nonisolated(unsafe) private static var installedCount = 0
    private static let countMutex = NSLock()

    /// Installs handlers for SIGINT and SIGTERM; `onFirstSignal` reports the first one.
    init(onFirstSignal: @escaping @Sendable (Int32) -> Void) {
        self.onFirstSignal = onFirstSignal
        Self.countMutex.withLock { Self.installedCount += 1 }
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.handle(number) }
            source.resume()
            sources.append(source)
        }
    }

    /// The signal received first, if any.
    var signalReceived: Int32? {
        mutex.withLock { received }
    }

    /// Sets the lock a second SIGINT releases before exiting.
    func guardLock(_ lock: any StateBackendLock) {
        mutex.withLock { stateLock = lock }
    }

    /// Removes the handlers.
    func uninstall() {
        sources.forEach { $0.cancel() }
        sources.removeAll()
        let isLast = Self.countMutex.withLock {
            Self.installedCount -= 1
            return Self.installedCount == 0
        }
        if isLast {
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
        }
    }

    private func handle(_ number: Int32) {
        let (isFirst, lock) = mutex.withLock { () -> (Bool, (any StateBackendLock)?) in
            if received == nil {
                received = number
                return (true, nil)
            }
            return (false, stateLock)
        }
        if isFirst {
            stopFlag.stop()
            onFirstSignal(number)
        } else if number == SIGINT {
            lock?.release()
            fflush(nil)
            exit(ExitCode.interrupted.rawValue)
        }
    }
}
