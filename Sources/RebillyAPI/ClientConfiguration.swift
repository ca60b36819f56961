import Foundation

/// The Rebilly environment that picks the default base URL.
public enum RebillyEnvironment: String, Sendable, CaseIterable {
    case sandbox
    case live

    /// The API host of the environment.
    public var baseURLString: String {
        switch self {
        case .sandbox: return "https://api-sandbox.rebilly.com"
        case .live: return "https://api.rebilly.com"
        }
    }
}

/// The base URL, API key, version, timeout and retry bounds of a client.
///
/// The client never reads the process environment itself: a caller passes
/// `ProcessInfo.processInfo.environment` to ``init(environment:version:)``, and tests pass a
/// dictionary.
public struct ClientConfiguration: Sendable {
    /// The environment variable names read by ``init(environment:version:)``.
    public enum Variable {
        public static let apiURL = "REBILLY_API_URL"
        public static let environment = "REBILLY_ENVIRONMENT"
        public static let organizationID = "REBILLY_ORGANIZATION_ID"
        public static let apiKey = "REBILLY_API_KEY"
    }

    /// The default time to wait for each response, in whole seconds.
    public static let defaultTimeoutSeconds = 30

    /// The URL that operation paths such as `/credential-hashes/emails` are appended to.
    public var baseURL: URL
    /// The secret API key sent as `REB-APIKEY`. A request without one fails with
    /// ``APIError/missingAPIKey``.
    public var apiKey: Secret?
    /// The credhash version sent as `User-Agent: credhash/<version>`.
    public var version: String
    /// The time to wait for each response, in whole seconds, at least 1. URLSession on Linux drops
    /// fractions of a second, so the type is an integer.
    public var timeoutSeconds: Int
    /// The retry bounds.
    public var retryPolicy: RetryPolicy

    /// Creates a configuration from explicit values.
    public init(
        baseURL: URL, apiKey: Secret?, version: String = RebillyAPIVersion.current,
        timeoutSeconds: Int = defaultTimeoutSeconds, retryPolicy: RetryPolicy = RetryPolicy()
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.version = version
        self.timeoutSeconds = max(1, timeoutSeconds)
        self.retryPolicy = retryPolicy
    }

    /// Creates a configuration from environment variables.
    ///
    /// The base URL is `REBILLY_API_URL` when set, otherwise the host of `REBILLY_ENVIRONMENT`
    /// (`sandbox`, the default, or `live`). When `REBILLY_ORGANIZATION_ID` is set,
    /// `/organizations/<id>` is appended to either. The API key comes from `REBILLY_API_KEY`. It may
    /// be missing here, and then each request fails. An empty variable counts as unset.
    ///
    /// - Throws: ``APIError/invalidEnvironment(_:)``, ``APIError/invalidAPIURL(_:)``,
    ///   ``APIError/invalidOrganizationID(_:)`` or ``APIError/invalidAPIKey``.
    public init(environment: [String: String], version: String = RebillyAPIVersion.current)
        throws(APIError)
    {
        func value(_ name: String) -> String? {
            guard let text = environment[name], !text.isEmpty else { return nil }
            return text
        }

        var baseURL = try Self.hostURL(apiURL: value(Variable.apiURL), environment: value(Variable.environment))
        if let organization = value(Variable.organizationID) {
            guard let segment = PathSegment(organization) else {
                throw .invalidOrganizationID(organization)
            }
            baseURL = baseURL.appendingPathComponent("organizations").appendingPathComponent(segment.value)
        }
        let apiKey = try value(Variable.apiKey).map { key throws(APIError) in try Self.validatedAPIKey(key) }
        self.init(baseURL: baseURL, apiKey: apiKey, version: version)
    }

    /// The `User-Agent` header value.
    public var userAgent: String { "credhash/\(version)" }

    private static func hostURL(apiURL: String?, environment: String?) throws(APIError) -> URL {
        if let apiURL {
            let trimmed = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
            guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(),
                scheme == "http" || scheme == "https", url.host?.isEmpty == false,
                url.query == nil, url.fragment == nil, url.user == nil, url.password == nil
            else {
                throw .invalidAPIURL(redactingUserInfo(apiURL))
            }
            return url
        }
        let name = environment ?? RebillyEnvironment.sandbox.rawValue
        guard let selected = RebillyEnvironment(rawValue: name),
            let url = URL(string: selected.baseURLString)
        else {
            throw .invalidEnvironment(name)
        }
        return url
    }

    private static func validatedAPIKey(_ key: String) throws(APIError) -> Secret {
        let hasControlCharacter = key.unicodeScalars.contains { $0.properties.generalCategory == .control }
        guard !hasControlCharacter else {
            throw .invalidAPIKey
        }
        return Secret(key)
    }
}

/// Replaces the parts of a URL-like text that may carry a secret with `(sensitive)`: the user
/// information (`user:pass@`, with or without a scheme before it), the query and the fragment.
/// An error message can then quote the rest. The API key goes in `REB-APIKEY`, never in the URL.
func redactingUserInfo(_ text: String) -> String {
    var rest = Substring(text)
    var suffix = ""
    if let queryStart = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) {
        suffix = String(rest[queryStart]) + Secret.redacted
        rest = rest[..<queryStart]
    }
    let authorityStart = rest.firstRange(of: "://")?.upperBound ?? rest.startIndex
    let authorityEnd = rest[authorityStart...].firstIndex(of: "/") ?? rest.endIndex
    guard let at = rest[authorityStart..<authorityEnd].lastIndex(of: "@") else { return String(rest) + suffix }
    return String(rest[..<authorityStart]) + Secret.redacted + String(rest[at...]) + suffix
}
