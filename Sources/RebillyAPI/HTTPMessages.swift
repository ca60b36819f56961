import Foundation

/// An HTTP method used by the credential-hash API.
public enum HTTPMethod: String, Sendable, Hashable {
    case get = "GET"
    case post = "POST"
    case patch = "PATCH"
}

/// A request handed to a ``Transport``.
///
/// `headers` contains the API key in plain text because the transport must send it. The
/// `description` and `dump` of a request therefore show the header names with the values of
/// `REB-APIKEY` and `Authorization` replaced by `(sensitive)`, and the body only as a byte count.
public struct HTTPRequest: Sendable, CustomStringConvertible, CustomReflectable {
    /// Header names whose values are never shown.
    public static let sensitiveHeaderNames: Set<String> = ["reb-apikey", "authorization"]

    public var method: HTTPMethod
    public var url: URL
    public var headers: [String: String]
    public var body: Data?
    /// The time the transport waits for a response, in whole seconds (at least 1).
    public var timeoutSeconds: Int

    /// Creates a request.
    public init(
        method: HTTPMethod, url: URL, headers: [String: String] = [:], body: Data? = nil,
        timeoutSeconds: Int
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutSeconds = timeoutSeconds
    }

    /// Returns the value of the header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headerValue(name, in: headers)
    }

    /// The headers with sensitive values replaced by `(sensitive)`.
    public var redactedHeaders: [String: String] {
        var result: [String: String] = [:]
        for (name, value) in headers {
            let isSensitive = Self.sensitiveHeaderNames.contains(name.lowercased())
            result[name] = isSensitive ? Secret.redacted : value
        }
        return result
    }

    /// The method, URL, redacted headers and body size, without a header secret or the body.
    public var description: String {
        let headerText = redactedHeaders.sorted { $0.key < $1.key }
            .map { "\($0.key): \($0.value)" }
            .joined(separator: ", ")
        return "\(method.rawValue) \(url.absoluteString) [\(headerText)] body: \(body?.count ?? 0) bytes"
    }

    /// A mirror with the same redacted content as ``description``.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "method": method.rawValue,
                "url": url.absoluteString,
                "headers": redactedHeaders,
                "bodyByteCount": body?.count ?? 0,
                "timeoutSeconds": timeoutSeconds,
            ],
            displayStyle: .struct)
    }
}

/// A response returned by a ``Transport``: any status, including 3xx, 4xx and 5xx.
///
/// The `description` and `dump` of a response show the status and the header names, never the
/// body, because a body may echo a secret.
public struct HTTPResponse: Sendable, CustomStringConvertible, CustomReflectable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Returns the value of the header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headerValue(name, in: headers)
    }

    /// The status, header names and body size.
    public var description: String {
        let names = headers.keys.sorted().joined(separator: ", ")
        return "\(status) [\(names)] body: \(body.count) bytes"
    }

    /// A mirror with the same content as ``description``.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "status": status,
                "headerNames": headers.keys.sorted(),
                "bodyByteCount": body.count,
            ],
            displayStyle: .struct)
    }
}

/// Returns the value of the header `name` in `headers`, compared case-insensitively.
private func headerValue(_ name: String, in headers: [String: String]) -> String? {
    if let exact = headers[name] {
        return exact
    }
    let lowercasedName = name.lowercased()
    return headers.first { $0.key.lowercased() == lowercasedName }?.value
}
