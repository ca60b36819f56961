/// Sends one HTTP request and returns the response, whatever its status.
///
/// A transport never follows redirects, never retries and never interprets the status: the
/// ``CredentialHashesClient`` does all three. ``URLSessionTransport`` is the production
/// implementation, and tests supply their own.
public protocol Transport: Sendable {
    /// Sends `request` and returns the response.
    ///
    /// - Throws: ``TransportError`` when no HTTP response arrived.
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse
}

/// A failure to get any HTTP response.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No response arrived within the request timeout, in whole seconds.
    case timedOut(seconds: Int)
    /// The server's host accepted no connection.
    case connectionRefused
    /// The connection closed before a complete response arrived.
    case connectionLost
    /// The host name could not be resolved.
    case hostNotFound
    /// The TLS handshake or certificate check failed, with the TLS library's text as `reason`.
    case tls(reason: String)
    /// The task was cancelled before a response arrived.
    case cancelled
    /// Any other failure, with the platform's error code.
    case other(code: Int)

    /// Whether another attempt may succeed.
    ///
    /// A TLS failure and a cancelled task are final. The rest may be transient.
    public var isRetryable: Bool {
        switch self {
        case .timedOut, .connectionRefused, .connectionLost, .hostNotFound, .other:
            return true
        case .tls, .cancelled:
            return false
        }
    }

    /// A lowercase phrase naming the failure.
    public var description: String {
        switch self {
        case .timedOut(let seconds):
            return "timed out after \(seconds) s"
        case .connectionRefused:
            return "connection refused"
        case .connectionLost:
            return "connection lost"
        case .hostNotFound:
            return "host not found"
        case .tls(let reason):
            return "TLS failure: \(reason)"
        case .cancelled:
            return "cancelled"
        case .other(let code):
            return "network error with code \(code)"
        }
    }
}
