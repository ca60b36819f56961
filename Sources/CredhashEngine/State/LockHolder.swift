import CryptoSupport
import Foundation

/// The process that holds a state lock, as recorded in the lock file for the next contender.
public struct LockHolder: Sendable, Equatable, Codable, CustomStringConvertible {
    /// A random ID that `credhash force-unlock` must repeat, so it cannot clear a newer holder.
    public var id: String
    /// The holder's process ID, meaningful only on `host`.
    public var pid: Int32
    /// The host name from `gethostname`.
    public var host: String
    /// The command that took the lock, such as `apply`.
    public var command: String
    /// When the lock was taken (ISO 8601, UTC).
    public var startTime: String

    /// Creates a holder record.
    public init(id: String, pid: Int32, host: String, command: String, startTime: String) {
        self.id = id
        self.pid = pid
        self.host = host
        self.command = command
        self.startTime = startTime
    }

    /// Returns a record for the current process with a fresh random ID.
    static func current(command: String) -> LockHolder {
        var generator = SystemRandomNumberGenerator()
        let id = Hex.encode((0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let startTime = Date.now.formatted(.iso8601)
        return LockHolder(id: id, pid: getpid(), host: currentHost(), command: command, startTime: startTime)
    }

    /// Returns the name of this host, or an empty string when `gethostname` fails.
    static func currentHost() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The holder as error messages show it.
    /// The holder's details; text read from the lock file is quoted with control characters escaped.
    public var description: String {
        "pid \(pid) on host \(Quote.text(host)) running \(Quote.text(command)) since \(Quote.text(startTime).dropFirst().dropLast()) "
            + "(lock ID \(Quote.text(id)))"
    }
}
