import Foundation

/// A child process for tests, started with an empty signal mask.
///
/// Children started with `Foundation.Process` from Swift concurrency threads inherit that
/// thread's blocked signals, so SIGTERM would not reach them; `posix_spawnp` with
/// `POSIX_SPAWN_SETSIGMASK` avoids that. The child's standard output is a pipe the test reads.
public final class ChildProcess: @unchecked Sendable {
    public enum Failure: Error, CustomStringConvertible {
        case spawnFailed(String, Int32)
        case noOutput(String)

        public var description: String {
            switch self {
            case .spawnFailed(let program, let code): return "failed starting '\(program)': error \(code)"
            case .noOutput(let program): return "'\(program)' printed no line before the deadline"
            }
        }
    }

    /// The child's process id.
    public let pid: pid_t
    private let outputDescriptor: Int32
    private let lock = NSLock()
    private var exitStatus: Int32?

    /// Starts `arguments` with `environment` added to the test's own.
    ///
    /// - Parameter errorPath: Where the child's standard error goes; `/dev/null` by default.
    public init(_ arguments: [String], environment: [String: String] = [:], errorPath: String = "/dev/null") throws {
        var pipeDescriptors: [Int32] = [0, 0]
        guard pipe(&pipeDescriptors) == 0 else { throw Failure.spawnFailed(arguments[0], errno) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeDescriptors[1], STDOUT_FILENO)
        posix_spawn_file_actions_addclose(&actions, pipeDescriptors[0])
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errorPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))

        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argumentPointers = arguments.map { strdup($0) } + [nil]
        let environmentPointers = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argumentPointers + environmentPointers).forEach { free($0) } }

        var child = pid_t()
        let result = posix_spawnp(&child, arguments[0], &actions, &attributes, argumentPointers, environmentPointers)
        close(pipeDescriptors[1])
        guard result == 0 else {
            close(pipeDescriptors[0])
            throw Failure.spawnFailed(arguments[0], result)
        }
        pid = child
        outputDescriptor = pipeDescriptors[0]
    }

    deinit {
        _ = terminate()
        close(outputDescriptor)
    }

    /// Reads the child's standard output up to the first line break, waiting at most `timeout` seconds.
    public func firstLine(timeout: Double = 10) throws -> String {
        var bytes: [UInt8] = []
        let deadline = Date.now.addingTimeInterval(timeout)
        while Date.now < deadline {
            var poller = pollfd(fd: outputDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            var byte: UInt8 = 0
            guard read(outputDescriptor, &byte, 1) == 1 else { break }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        throw Failure.noOutput("\(pid)")
    }

    /// Sends `signal` to the child.
    public func send(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Waits for the child to exit and returns its exit code, or 128 plus the signal that ended it.
    @discardableResult
    public func wait() -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        let code = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        exitStatus = code
        return code
    }

    /// Stops the child with SIGTERM, then SIGKILL after `grace` seconds, and returns its exit code.
    @discardableResult
    public func terminate(grace: Double = 3) -> Int32 {
        lock.lock()
        let done = exitStatus
        lock.unlock()
        if let done { return done }
        kill(pid, SIGTERM)
        let deadline = Date.now.addingTimeInterval(grace)
        var status: Int32 = 0
        while Date.now < deadline {
            if waitpid(pid, &status, WNOHANG) == pid {
                let signal = status & 0x7f
                let code = signal == 0 ? (status >> 8) & 0xff : 128 + signal
                lock.withLock { exitStatus = code }
                return code
            }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        return wait()
    }
}
