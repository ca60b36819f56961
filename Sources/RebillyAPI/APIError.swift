/// An HTTP method and a path relative to the API base URL, such as `GET /credential-hashes/emails/x`.
public struct RequestLine: Sendable, Equatable, CustomStringConvertible {
    public var method: HTTPMethod
    /// The path after the base URL, starting with `/`.
    public var path: String

    /// Creates a request line.
    public init(method: HTTPMethod, path: String) {
        self.method = method
        self.path = path
    }

    /// The method and path separated by a space.
    public var description: String { "\(method.rawValue) \(path)" }
}

/// Every error the credential-hash client throws.
///
/// A `description` names the method, path and status and never contains a request body, a response
/// body or a secret. The only server text it contains is the `invalidFields` messages of a 422.
/// The RFC 7807 `title` and `detail` stay available in the ``Problem`` payload.
public enum APIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A request needs an API key and `REBILLY_API_KEY` was not set.
    case missingAPIKey
    /// The API key contains a control character, so it cannot go into a header.
    case invalidAPIKey
    /// `REBILLY_ENVIRONMENT` is neither `sandbox` nor `live`.
    case invalidEnvironment(String)
    /// `REBILLY_API_URL` is not an absolute http or https URL with a host.
    case invalidAPIURL(String)
    /// `REBILLY_ORGANIZATION_ID` is not a safe URL path segment.
    case invalidOrganizationID(String)
    /// A credential hash is not a safe URL path segment, so it was never sent.
    case invalidHash(String)

    /// 401: the API key was missing, wrong or expired.
    case unauthorized(RequestLine, Problem?)
    /// 403: the API key may not perform this operation.
    case forbidden(RequestLine, Problem?)
    /// 404: no credential has this hash.
    case notFound(RequestLine, Problem?)
    /// 422: the server rejected the listed fields.
    case validation(RequestLine, invalidFields: [InvalidField], problem: Problem?)
    /// 429, or 503 with a wait, still returned after the last attempt allowed by the retry policy.
    ///
    /// `retryAfterSeconds` is the last wait the server asked for, when it sent one.
    case rateLimited(RequestLine, status: Int, attempts: Int, retryAfterSeconds: Int?)
    /// A 5xx status after the last attempt allowed by the retry policy.
    case server(RequestLine, status: Int, attempts: Int, problem: Problem?)
    /// A status the operation does not document, such as 400, 409 or a 3xx without a body.
    case unexpectedStatus(RequestLine, status: Int, problem: Problem?)
    /// No HTTP response arrived after the last attempt allowed by the retry policy.
    case transport(RequestLine, TransportError, attempts: Int)
    /// The response had a documented status but a body or headers the client cannot use.
    case invalidResponse(RequestLine, status: Int, reason: String)
    /// A 201 or 303 `Location` points to another origin than the base URL, so the client did not
    /// send the API key there.
    case locationRejected(RequestLine, status: Int, location: String, apiOrigin: String)

    /// A lowercase message without a trailing period, naming the request and the status.
    public var description: String {
        switch self {
        case .missingAPIKey:
            return "missing API key: set the REBILLY_API_KEY environment variable"
        case .invalidAPIKey:
            return "invalid API key in REBILLY_API_KEY: it contains a control character"
        case .invalidEnvironment(let value):
            return "invalid REBILLY_ENVIRONMENT \(quoted(value)): expected 'sandbox' or 'live'"
        case .invalidAPIURL(let value):
            return "invalid REBILLY_API_URL \(quoted(value)): expected an http or https URL with a host, "
                + "and no user name, password, query or fragment"
        case .invalidOrganizationID(let value):
            return "invalid REBILLY_ORGANIZATION_ID \(quoted(value)): \(PathSegment.allowedCharactersText)"
        case .invalidHash(let value):
            return "invalid credential hash \(quoted(value)): \(PathSegment.allowedCharactersText)"
        case .unauthorized(let line, _):
            return "\(line) failed with 401 unauthorized: check REBILLY_API_KEY"
        case .forbidden(let line, _):
            return "\(line) failed with 403 forbidden: the API key may not perform this operation"
        case .notFound(let line, _):
            return "\(line) failed with 404 not found"
        case .validation(let line, let fields, _):
            return validationMessage(line, fields)
        case .rateLimited(let line, let status, let attempts, let seconds):
            return rateLimitedMessage(line, status, attempts, seconds)
        case .server(let line, let status, let attempts, _):
            return "\(line) failed with \(status) server error after \(attempts) \(attemptsNoun(attempts))"
        case .unexpectedStatus(let line, let status, _):
            return "\(line) failed with unexpected status \(status)"
        case .transport(let line, let error, let attempts):
            return "\(line) failed after \(attempts) \(attemptsNoun(attempts)): \(error)"
        case .invalidResponse(let line, let status, let reason):
            return "\(line) returned an invalid \(status) response: \(reason)"
        case .locationRejected(let line, let status, let location, let origin):
            return "\(line) returned \(status) with Location \(quoted(location)), which is not on "
                + "the API origin \(quoted(origin)), so the client did not follow it"
        }
    }
}

private func validationMessage(_ line: RequestLine, _ fields: [InvalidField]) -> String {
    let prefix = "\(line) failed with 422 validation error"
    if fields.isEmpty {
        return prefix
    }
    return prefix + ": " + fields.map(\.description).joined(separator: "; ")
}

private func rateLimitedMessage(_ line: RequestLine, _ status: Int, _ attempts: Int, _ seconds: Int?)
    -> String
{
    let reason = status == 429 ? "too many requests" : "service unavailable"
    var message = "\(line) failed with \(status) \(reason) after \(attempts) \(attemptsNoun(attempts))"
    if let seconds {
        message += " (the server asked to wait \(seconds) s)"
    }
    return message
}

private func attemptsNoun(_ count: Int) -> String {
    count == 1 ? "attempt" : "attempts"
}

/// Returns `value` in single quotes, cut to 80 characters, with quotes and control characters
/// replaced by `?` so that the message stays on one line with balanced quotes.
func quoted(_ value: String) -> String {
    let limit = 80
    var text = String(
        value.unicodeScalars.prefix(limit).map { scalar -> Character in
            let isUnsafe = scalar == "'" || scalar.properties.generalCategory == .control
            return isUnsafe ? "?" : Character(scalar)
        })
    if value.unicodeScalars.count > limit {
        text += "…"
    }
    return "'\(text)'"
}
