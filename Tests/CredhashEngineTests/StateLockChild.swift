import CredhashTestSupport
import Foundation

@testable import CredhashEngine

/// A Python process that holds the `flock` on a lock file and records itself as the holder.
///
/// The child is a ``ChildProcess``, started with an empty signal mask. Tests stop it with SIGKILL,
/// which no mask blocks, and reap it by its own pid.
final class StateLockChild {
    /// The lock ID the child records.
    static let lockID = "0123456789abcdef"

    /// Whether a `python3` to run the child is on the search path.
    static var isAvailable: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/python3")
        }
    }

    private static let script = """
        import fcntl, json, os, signal, sys, time
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        path, host = sys.argv[1], sys.argv[2]
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        record = {"id": "\(lockID)", "pid": os.getpid(), "host": host, "command": "apply",
                  "startTime": "2024-05-01T10:00:00Z"}
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(record) + "\\n").encode(), 0)
        os.fsync(fd)
        time.sleep(60)
        """

    private let child: ChildProcess
    private var isRunning = true

    /// The child's process id.
    var pid: pid_t { child.pid }

    /// Starts the child on `lockPath` and returns once it has recorded itself as the holder.
    init(lockPath: String) throws {
        child = try ChildProcess(["python3", "-c", Self.script, lockPath, LockHolder.currentHost()])
        let deadline = Date.now.addingTimeInterval(10)
        while Self.recordedHolder(lockPath)?.pid != pid {
            guard Date.now < deadline else {
                stop()
                throw ChildError.notReady
            }
            usleep(20_000)
        }
    }

    deinit {
        stop()
    }

    /// The holder record the child writes.
    var holder: LockHolder {
        LockHolder(
            id: Self.lockID, pid: pid, host: LockHolder.currentHost(), command: "apply",
            startTime: "2024-05-01T10:00:00Z")
    }

    /// Kills the child with SIGKILL and waits until it has exited.
    func stop() {
        guard isRunning else { return }
        isRunning = false
        child.send(SIGKILL)
        child.wait()
    }

    enum ChildError: Error {
        case notReady
    }

    /// Returns the holder recorded in the lock file at `lockPath`, if any.
    static func recordedHolder(_ lockPath: String) -> LockHolder? {
        guard let data = FileManager.default.contents(atPath: lockPath) else { return nil }
        return try? JSONDecoder().decode(LockHolder.self, from: data)
    }

    /// Runs `arguments` to completion and returns the exit status.
    static func run(_ arguments: [String]) throws -> Int32 {
        try ChildProcess(arguments).wait()
    }
}
