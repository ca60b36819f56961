/// The severity of a log message.
public enum LogLevel: Int, Sendable, Comparable, CustomStringConvertible {
    case error
    case warning
    case info
    case debug

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// The lowercase level name, such as `debug`.
    public var description: String {
        switch self {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "info"
        case .debug: return "debug"
        }
    }
}

/// The destination of the client's log messages. The client itself never prints.
///
/// The client logs at debug level only: one line per HTTP exchange with its method, path,
/// status and duration, and one line per retry with its delay and reason. It never logs a header
/// value, a body or a secret. Messages start with the component and operation, such as
/// `api.createEmailCredential: POST /credential-hashes/emails -> 201 in 84 ms`.
public struct LogSink: Sendable {
    private let handler: @Sendable (LogLevel, String) -> Void

    /// Creates a sink that passes each message and its level to `handler`.
    public init(_ handler: @escaping @Sendable (LogLevel, String) -> Void) {
        self.handler = handler
    }

    /// A sink that drops every message.
    public static let disabled = LogSink { _, _ in }

    /// Sends `message` at `level`.
    public func log(_ level: LogLevel, _ message: String) {
        handler(level, message)
    }

    /// Sends `message` at debug level.
    public func debug(_ message: String) {
        handler(.debug, message)
    }
}
