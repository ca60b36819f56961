import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A ``Transport`` over `URLSession` that never follows redirects.
///
/// The client must see a 303 itself: following it would turn the request into a GET without the
/// `REB-APIKEY` header. Only a session-level delegate stops redirects on Linux (a per-task delegate
/// is ignored there), so the transport owns its session. The session is ephemeral, with no cookies
/// and no cache.
public final class URLSessionTransport: Transport {
    private let session: URLSession

    /// The default cap on connections to one host. URLSession's own default of 6 would hold back
    /// callers that send more requests at once, such as a refresh at parallelism 16.
    public static let defaultMaximumConnectionsPerHost = 64

    /// Creates a transport with its own ephemeral session and the default connection cap.
    public convenience init() {
        self.init(maximumConnectionsPerHost: Self.defaultMaximumConnectionsPerHost)
    }

    /// Creates a transport with its own ephemeral session.
    ///
    /// - Parameter maximumConnectionsPerHost: The most connections open to one host at once.
    public init(maximumConnectionsPerHost: Int) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = maximumConnectionsPerHost
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(
            configuration: configuration, delegate: RedirectRejectingDelegate(), delegateQueue: nil)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    /// Sends `request` and returns the response, including a 3xx one.
    ///
    /// - Throws: ``TransportError`` mapped from the `URLError` code.
    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let urlRequest = Self.makeURLRequest(request)
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: urlRequest)
        } catch {
            throw Self.transportError(from: error, timeoutSeconds: request.timeoutSeconds)
        }
        guard let httpResponse = response as? HTTPURLResponse else {
            throw .other(code: URLError.Code.badServerResponse.rawValue)
        }
        return HTTPResponse(
            status: httpResponse.statusCode, headers: Self.headers(of: httpResponse), body: data)
    }

    private static func makeURLRequest(_ request: HTTPRequest) -> URLRequest {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method.rawValue
        // URLSession on Linux drops the fraction of a timeout (0.5 s times out at once), so the
        // request carries whole seconds only.
        urlRequest.timeoutInterval = TimeInterval(max(1, request.timeoutSeconds))
        for (name, value) in request.headers {
            urlRequest.setValue(value, forHTTPHeaderField: name)
        }
        urlRequest.httpBody = request.body
        return urlRequest
    }

    private static func headers(of response: HTTPURLResponse) -> [String: String] {
        var headers: [String: String] = [:]
        for (name, value) in response.allHeaderFields {
            headers[String(describing: name)] = String(describing: value)
        }
        return headers
    }

    /// Maps a `URLSession` error to a ``TransportError``.
    ///
    /// On Linux a TLS failure arrives as code -1 (unknown) with libcurl's text, such as
    /// "SSL certificate problem: self-signed certificate", so that text decides the TLS case.
    static func transportError(from error: any Error, timeoutSeconds: Int) -> TransportError {
        if error is CancellationError {
            return .cancelled
        }
        guard let urlError = error as? URLError else {
            return .other(code: URLError.Code.unknown.rawValue)
        }
        switch urlError.code {
        case .timedOut:
            return .timedOut(seconds: timeoutSeconds)
        case .cannotConnectToHost:
            return .connectionRefused
        case .networkConnectionLost:
            return .connectionLost
        case .cannotFindHost, .dnsLookupFailed:
            return .hostNotFound
        case .cancelled:
            return .cancelled
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot,
            .clientCertificateRejected, .clientCertificateRequired:
            return .tls(reason: urlError.localizedDescription)
        default:
            return unknownError(urlError)
        }
    }

    private static func unknownError(_ urlError: URLError) -> TransportError {
        let text = urlError.localizedDescription
        let mentionsTLS = ["SSL", "TLS", "certificate"].contains { text.contains($0) }
        return mentionsTLS ? .tls(reason: text) : .other(code: urlError.code.rawValue)
    }
}

/// A session delegate that returns every redirect response to the caller instead of following it.
private final class RedirectRejectingDelegate: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
