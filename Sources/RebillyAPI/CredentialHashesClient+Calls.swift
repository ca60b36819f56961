import Foundation

/// One request to the API: the client method name for logs, the request line for errors, and
/// what to send.
struct APICall: Sendable {
    /// The client method's name, such as `createEmailCredential`.
    var name: String
    var line: RequestLine
    var url: URL
    var body: WireValue?
    /// The statuses that end the call successfully.
    var successStatuses: Set<Int>
}

extension CredentialHashesClient {
    /// Sends `GET <collection>/{hash}` and decodes the 200 response.
    func get<Credential: DecodableCredential>(_ type: Credential.Type, hash: String) async throws(APIError)
        -> Credential
    {
        let call = try memberCall(
            "get", Credential.kind, method: .get, hash: hash, body: nil)
        let response = try await send(call)
        return try decode(Credential.self, from: response, line: call.line)
    }

    /// Sends `PATCH <collection>/{hash}` with `{"status":"deactivated"}` and decodes the 200 response.
    func deactivate<Credential: DecodableCredential>(_ type: Credential.Type, hash: String)
        async throws(APIError) -> Credential
    {
        let body = WireValue.object(["status": .string(CredentialStatus.deactivated.rawValue)])
        let call = try memberCall(
            "deactivate", Credential.kind, method: .patch, hash: hash, body: body)
        let response = try await send(call)
        return try decode(Credential.self, from: response, line: call.line)
    }

    /// Sends `POST <collection>` and returns the new or existing credential.
    ///
    /// A 201 or 303 without a body is completed by a GET of its `Location`, sent with the same
    /// headers, but only when that URL is on the base URL's origin.
    func create<Request: EncodableCredentialRequest>(_ request: Request) async throws(APIError)
        -> CreateResult<Request.Response>
    {
        let kind = Request.Response.kind
        let path = kind.collectionPath
        let call = APICall(
            name: "create\(kind.operationNamePart)Credential",
            line: RequestLine(method: .post, path: path), url: url(forPath: path),
            body: request.wireValue, successStatuses: [201, 303])
        let response = try await send(call)

        let outcome: CreateResult<Request.Response>.Outcome = response.status == 201 ? .created : .existing
        let location = response.header("Location").flatMap { URL(string: $0, relativeTo: call.url) }
        let credential: Request.Response
        if Self.hasBody(response) {
            credential = try decode(Request.Response.self, from: response, line: call.line)
        } else {
            credential = try await fetchLocation(location, of: response, call: call)
        }
        try Self.checkCreated(credential.hash, location: location, collectionPath: path, status: response.status, line: call.line)
        return CreateResult(credential: credential, outcome: outcome, location: location?.absoluteURL)
    }

    /// Checks that a create's answer names a credential of the kind that was created: a safe
    /// hash and, when a `Location` is given, one under the kind's collection that ends in that
    /// hash. A caller records the hash as the credential's, so an answer that points elsewhere
    /// must not be taken.
    static func checkCreated(
        _ hash: String, location: URL?, collectionPath: String, status: Int, line: RequestLine
    ) throws(APIError) {
        guard PathSegment(hash) != nil else {
            throw .invalidResponse(line, status: status, reason: "the returned hash is not a valid identifier")
        }
        guard let location else { return }
        let path = location.absoluteURL.path
        guard path.hasSuffix(collectionPath + "/" + hash) else {
            throw .invalidResponse(
                line, status: status,
                reason: "the Location header names another credential than the answer's hash under \(collectionPath)")
        }
    }

    /// GETs the `Location` of a create response that had no body.
    private func fetchLocation<Credential: DecodableCredential>(
        _ location: URL?, of response: HTTPResponse, call: APICall
    ) async throws(APIError) -> Credential {
        guard let location = location?.absoluteURL else {
            throw .invalidResponse(
                call.line, status: response.status, reason: "no body and no Location header")
        }
        // The API key goes only to the origin it was configured for.
        guard Self.origin(of: location) == Self.origin(of: configuration.baseURL) else {
            throw .locationRejected(
                call.line, status: response.status, location: location.absoluteString,
                apiOrigin: Self.origin(of: configuration.baseURL) ?? "")
        }
        let follow = APICall(
            name: call.name, line: RequestLine(method: .get, path: relativePath(of: location)),
            url: location, body: nil, successStatuses: [200])
        let followResponse = try await send(follow)
        return try decode(Credential.self, from: followResponse, line: follow.line)
    }

    private func memberCall(
        _ verb: String, _ kind: CredentialKind, method: HTTPMethod, hash: String, body: WireValue?
    ) throws(APIError) -> APICall {
        guard let segment = PathSegment(hash) else {
            throw .invalidHash(hash)
        }
        let path = kind.collectionPath + "/" + segment.value
        return APICall(
            name: "\(verb)\(kind.operationNamePart)Credential",
            line: RequestLine(method: method, path: path), url: url(forPath: path), body: body,
            successStatuses: [200])
    }

    /// Returns the base URL with `path` appended. The path starts with `/` and contains only
    /// characters that need no percent-encoding.
    func url(forPath path: String) -> URL {
        configuration.baseURL.appendingPathComponent(String(path.dropFirst()))
    }

    /// Returns the path of `url` after the base URL's path, or the whole path when it is elsewhere.
    func relativePath(of url: URL) -> String {
        let basePath = configuration.baseURL.path
        let path = url.path
        guard !basePath.isEmpty, basePath != "/", path.hasPrefix(basePath + "/") else {
            return path
        }
        return String(path.dropFirst(basePath.count))
    }

    /// Returns `scheme://host:port` with the scheme's default port filled in, or nil without a host.
    static func origin(of url: URL) -> String? {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else {
            return nil
        }
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        return "\(scheme)://\(host):\(port)"
    }

    private static func hasBody(_ response: HTTPResponse) -> Bool {
        response.body.contains { !(" \t\r\n".utf8.contains($0)) }
    }
}
