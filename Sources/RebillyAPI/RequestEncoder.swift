import Foundation

/// A JSON value in a request body, with secrets kept as ``Secret`` until encoding.
///
/// Its `description` and `dump` show secrets as `(sensitive)`.
enum WireValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case secret(Secret)
    case object([String: WireValue])

    /// Every secret in the value, so error messages that echo one can be scrubbed.
    var secrets: [Secret] {
        switch self {
        case .string, .integer: return []
        case .secret(let secret): return [secret]
        case .object(let members): return members.values.flatMap(\.secrets)
        }
    }
}

/// Builds the HTTP requests the client sends.
///
/// This is the only code in the module that reveals a secret for the wire: the API key for the
/// `REB-APIKEY` header and secret fields for the JSON body. Everything else passes secrets around
/// as ``Secret``.
struct RequestEncoder: Sendable {
    /// The header that carries the secret API key.
    static let apiKeyHeader = "REB-APIKEY"

    let configuration: ClientConfiguration

    /// Returns the request for `method` on `url` with the API key, `User-Agent`, `Accept` and,
    /// when there is a body, `Content-Type` headers.
    ///
    /// - Throws: ``APIError/missingAPIKey`` when the configuration has no key.
    func makeRequest(_ method: HTTPMethod, url: URL, body: WireValue?) throws(APIError) -> HTTPRequest {
        guard let apiKey = configuration.apiKey else {
            throw .missingAPIKey
        }
        var headers = [
            Self.apiKeyHeader: apiKey.withRevealedValue { $0 },
            "User-Agent": configuration.userAgent,
            "Accept": "application/json",
        ]
        var data: Data?
        if let body {
            headers["Content-Type"] = "application/json"
            data = Self.encode(body)
        }
        return HTTPRequest(
            method: method, url: url, headers: headers, body: data,
            timeoutSeconds: configuration.timeoutSeconds)
    }

    /// Returns `value` as compact JSON with sorted keys, so equal requests give equal bytes.
    static func encode(_ value: WireValue) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // JSONEncoder fails only on values such as non-finite floats, which a WireValue cannot contain.
        return (try? encoder.encode(RevealingValue(value: value))) ?? Data()
    }
}

/// The `Encodable` view of a ``WireValue`` that writes secrets in plain text.
private struct RevealingValue: Encodable {
    let value: WireValue

    func encode(to encoder: any Encoder) throws {
        switch value {
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .integer(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .secret(let secret):
            var container = encoder.singleValueContainer()
            try secret.withRevealedValue { try container.encode($0) }
        case .object(let members):
            var container = encoder.container(keyedBy: MemberKey.self)
            for (name, member) in members {
                try container.encode(RevealingValue(value: member), forKey: MemberKey(name))
            }
        }
    }
}

private struct MemberKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) {
        stringValue = name
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        nil
    }
}
