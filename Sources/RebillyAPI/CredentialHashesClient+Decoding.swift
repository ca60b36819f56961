import Foundation

extension CredentialHashesClient {
    /// Decodes a credential from a response body.
    ///
    /// - Throws: ``APIError/invalidResponse(_:status:reason:)`` with a reason that names the field
    ///   path and the problem but never a value from the body, because the body may echo a secret.
    func decode<Credential: DecodableCredential>(
        _ type: Credential.Type, from response: HTTPResponse, line: RequestLine
    ) throws(APIError) -> Credential {
        do {
            return try JSONDecoder().decode(Credential.self, from: response.body)
        } catch let error as DecodingError {
            throw .invalidResponse(line, status: response.status, reason: Self.reason(for: error))
        } catch {
            throw .invalidResponse(line, status: response.status, reason: "the body is not a credential")
        }
    }

    /// Returns a short reason such as `missing field 'auth.username'`, without any decoded value.
    static func reason(for error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field \(quoted(fieldPath(context.codingPath + [key])))"
        case .typeMismatch(_, let context):
            return "wrong type for field \(quoted(fieldPath(context.codingPath)))"
        case .valueNotFound(_, let context):
            return "null in field \(quoted(fieldPath(context.codingPath)))"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "the body is not valid JSON"
        case .dataCorrupted(let context):
            return "invalid value in field \(quoted(fieldPath(context.codingPath)))"
        @unknown default:
            return "the body is not a credential"
        }
    }

    private static func fieldPath(_ codingPath: [any CodingKey]) -> String {
        let path = codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        return path.isEmpty ? "(top level)" : path
    }
}
