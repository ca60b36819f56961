import Foundation

/// A child process for tests, started with an empty signal mask.
///
/// Children started with `Foundation.Process` from Swift concurrency threads inherit that
/// thread's blocked signals, so SIGTERM would not reach them; `posix_spawnp` with
/// `POSIX_SPAWN_SETSIGMASK` avoids that. By default the child's standard output is a pipe the
/// test reads; it can go to a file instead.
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

    /// The source of the child's standard input.
    public enum Input: Sendable {
        /// The test process's own standard input.
        case inherited
        /// `/dev/null`, so every read returns end of file.
        case nullDevice
        /// A pipe that contains `contents`, then end of file. The text is written before
        /// the child starts, so it must fit in the pipe's buffer (64 KiB on Linux).
        case pipe(contents: String)
    }

    /// The child's process id.
    public let pid: pid_t
    /// The read end of the standard output pipe, or -1 when standard output goes to a file.
    private let outputDescriptor: Int32
    private let lock = NSLock()
    private var exitStatus: Int32?
    private var signalNumber: Int32?

    /// Starts `arguments` with `environment` added to the test's own.
    ///
    /// - Parameters:
    ///   - inheritsEnvironment: When `false`, the child gets exactly `environment`.
    ///   - directory: The child's working directory; the test's own when `nil`.
    ///   - outputPath: A file the child's standard output is appended to; when `nil` it is a pipe
    ///     that ``firstLine(timeout:)`` reads.
    ///   - errorPath: Where the child's standard error is appended; `/dev/null` by default.
    ///   - input: Where the child's standard input comes from.
    public init(
        _ arguments: [String], environment: [String: String] = [:], inheritsEnvironment: Bool = true,
        directory: String? = nil, outputPath: String? = nil, errorPath: String = "/dev/null",
        input: Input = .inherited
    ) throws {
        var outputPipe: [Int32] = [-1, -1]
        var inputPipe: [Int32] = [-1, -1]
        if outputPath == nil, pipe(&outputPipe) != 0 { throw Failure.spawnFailed(arguments[0], errno) }
        if case .pipe(let contents) = input {
            guard pipe(&inputPipe) == 0 else {
                let code = errno
                outputPipe.filter { $0 >= 0 }.forEach { close($0) }
                throw Failure.spawnFailed(arguments[0], code)
            }
            // Written and closed before the child starts, so the test never writes to a pipe
            // whose reader has exited, which would raise SIGPIPE in the test process.
            Self.writeAll(contents, to: inputPipe[1])
            close(inputPipe[1])
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let directory {
            let code = Self.addChangeDirectory.map { $0(&actions, directory) } ?? ENOSYS
            guard code == 0 else {
                (outputPipe + [inputPipe[0]]).filter { $0 >= 0 }.forEach { close($0) }
                throw Failure.spawnFailed(arguments[0], code)
            }
        }
        if let outputPath {
            posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, outputPipe[1], STDOUT_FILENO)
            posix_spawn_file_actions_addclose(&actions, outputPipe[0])
        }
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errorPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        switch input {
        case .inherited: break
        case .nullDevice: posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        case .pipe:
            posix_spawn_file_actions_adddup2(&actions, inputPipe[0], STDIN_FILENO)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))

        let base = inheritsEnvironment ? ProcessInfo.processInfo.environment : [:]
        let merged = base.merging(environment) { $1 }
        let argumentPointers = arguments.map { strdup($0) } + [nil]
        let environmentPointers = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argumentPointers + environmentPointers).forEach { free($0) } }

        var child = pid_t()
        let result = posix_spawnp(&child, arguments[0], &actions, &attributes, argumentPointers, environmentPointers)
        // The child has its own copies of these ends.
        if outputPipe[1] >= 0 { close(outputPipe[1]) }
        if inputPipe[0] >= 0 { close(inputPipe[0]) }
        guard result == 0 else {
            if outputPipe[0] >= 0 { close(outputPipe[0]) }
            throw Failure.spawnFailed(arguments[0], result)
        }
        pid = child
        outputDescriptor = outputPipe[0]
    }

    deinit {
        _ = terminate()
        if outputDescriptor >= 0 { close(outputDescriptor) }
    }

    /// Reads the child's standard output up to the first line break, waiting at most `timeout` seconds.
    public func firstLine(timeout: Double = 10) throws -> String {
        var bytes: [UInt8] = []
        let deadline = Date.now.addingTimeInterval(timeout)
        while outputDescriptor >= 0, Date.now < deadline {
            var poller = pollfd(fd: outputDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            var byte: UInt8 = 0
            guard read(outputDescriptor, &byte, 1) == 1 else { break }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        throw Failure.noOutput("\(pid)")
    }

    private typealias AddChangeDirectory = @convention(c) (
        UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>
    ) -> Int32

    /// `posix_spawn_file_actions_addchdir_np` from glibc 2.29 and later, which the Glibc module
    /// does not import, or `nil` when the C library lacks it.
    private static let addChangeDirectory: AddChangeDirectory? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: AddChangeDirectory.self)
    }()

    /// Writes `text` to `descriptor`, stopping early on an error other than EINTR.
    private static func writeAll(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Sends `signal` to the child, unless it has already been waited for.
    public func send(_ signal: Int32) {
        // After a wait the pid may belong to another process, so it must not be signalled.
        lock.withLock {
            guard exitStatus == nil else { return }
            kill(pid, signal)
        }
    }

    /// Waits for the child to exit and returns its exit code, or 128 plus the signal that ended it.
    @discardableResult
    public func wait() -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        record(status)
        return exitStatus ?? 0
    }

    /// The signal that ended the child, or `nil` while it runs or after it called `exit`.
    public var endingSignal: Int32? {
        lock.withLock { signalNumber }
    }

    /// Waits at most `timeout` seconds for the child to exit.
    ///
    /// - Returns: The exit code as ``wait()`` returns it, or `nil` when the child still runs.
    public func wait(timeout: Double) -> Int32? {
        let deadline = Date.now.addingTimeInterval(timeout)
        while true {
            if let code = exitCodeIfExited() { return code }
            guard Date.now < deadline else { return nil }
            usleep(10_000)
        }
    }

    /// Stops the child with SIGTERM, then SIGKILL after `grace` seconds, and returns its exit code.
    @discardableResult
    public func terminate(grace: Double = 3) -> Int32 {
        if let code = exitCodeIfExited() { return code }
        send(SIGTERM)
        if let code = wait(timeout: grace) { return code }
        send(SIGKILL)
        return wait()
    }

    /// Returns the exit code when the child has exited, reaping it, or `nil` while it runs.
    private func exitCodeIfExited() -> Int32? {
        lock.withLock {
            if let exitStatus { return exitStatus }
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
            record(status)
            return exitStatus
        }
    }

    /// Stores the exit code from a `waitpid` status: the code passed to `exit`, or 128 plus the
    /// number of the signal that ended the child. The caller holds `lock`.
    private func record(_ status: Int32) {
        let signal = status & 0x7f
        signalNumber = signal == 0 ? nil : signal
        exitStatus = signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
