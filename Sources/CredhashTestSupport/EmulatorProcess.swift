import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The Rebilly emulator (`emulator/rebilly_emulator.py`) running on a free loopback port.
public final class EmulatorProcess: @unchecked Sendable {
    /// The repository's root folder.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The API key the emulator requires.
    public let apiKey: String
    /// The emulator's base URL, `http://127.0.0.1:PORT`.
    public let url: URL
    private let child: ChildProcess

    /// Starts an emulator with extra command-line `arguments` and waits until it listens.
    public init(apiKey: String = "sk_test_emulator", arguments: [String] = []) throws {
        let script = Self.repositoryRoot.appendingPathComponent("emulator/rebilly_emulator.py").path
        child = try ChildProcess(["python3", script, "--port", "0", "--quiet", "--api-key", apiKey] + arguments)
        let line = try child.firstLine()
        guard line.hasPrefix("listening on "), let url = URL(string: String(line.dropFirst("listening on ".count))) else {
            throw ChildProcess.Failure.noOutput("emulator")
        }
        self.apiKey = apiKey
        self.url = url
    }

    deinit {
        child.terminate()
    }

    /// The environment that points credhash at this emulator.
    public var environment: [String: String] {
        ["REBILLY_API_URL": url.absoluteString, "REBILLY_API_KEY": apiKey]
    }

    /// Stops the emulator and returns its exit code.
    @discardableResult
    public func stop() -> Int32 { child.terminate() }

    /// The requests the emulator received, as its `GET /__emulator/requests` returns them.
    public func requests() throws -> [[String: Any]] {
        try json("GET", "/__emulator/requests") as? [[String: Any]] ?? []
    }

    /// The stored credentials, as `GET /__emulator/credentials` returns them.
    public func credentials() throws -> [[String: Any]] {
        let value = try json("GET", "/__emulator/credentials")
        if let list = value as? [[String: Any]] { return list }
        if let object = value as? [String: Any] {
            return object.values.flatMap { ($0 as? [[String: Any]]) ?? [] }
        }
        return []
    }

    /// Sets fault injection (`POST /__emulator/faults`).
    public func setFaults(_ faults: [String: Any]) throws {
        _ = try json("POST", "/__emulator/faults", body: faults)
    }

    /// Creates a credential through the API, as a client other than credhash would, and returns its hash.
    ///
    /// - Parameters:
    ///   - kind: The path segment of the credential kind: `emails`, `webhooks`, `mailgun` or `aws-ses`.
    ///   - fields: The request body.
    /// - Throws: ``Failure/unexpectedResponse(_:)`` unless the emulator responds 201 with a hash.
    public func createCredential(kind: String, fields: [String: Any]) throws -> String {
        let (status, value) = try send("POST", "/credential-hashes/\(kind)", body: fields, headers: ["REB-APIKEY": apiKey])
        guard status == 201, let hash = (value as? [String: Any])?["hash"] as? String else {
            throw Failure.unexpectedResponse("POST /credential-hashes/\(kind) returned \(status)")
        }
        return hash
    }

    /// An emulator response a helper did not expect.
    public enum Failure: Error, CustomStringConvertible {
        case unexpectedResponse(String)

        public var description: String {
            switch self {
            case .unexpectedResponse(let detail): return "unexpected emulator response: \(detail)"
            }
        }
    }

    private func json(_ method: String, _ path: String, body: [String: Any]? = nil) throws -> Any {
        try send(method, path, body: body).value
    }

    /// Sends one request and returns the status and the parsed body, or an empty object for an empty body.
    private func send(
        _ method: String, _ path: String, body: [String: Any]? = nil, headers: [String: String] = [:]
    ) throws -> (status: Int, value: Any) {
        var request = URLRequest(url: url.appendingPathComponent(path))
        request.httpMethod = method
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let box = ResultBox()
        let semaphore = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            box.set(data, error, status: (response as? HTTPURLResponse)?.statusCode ?? 0)
            semaphore.signal()
        }.resume()
        semaphore.wait()
        if let error = box.error { throw error }
        guard let data = box.data, !data.isEmpty else { return (box.status, [:] as [String: Any]) }
        return (box.status, try JSONSerialization.jsonObject(with: data))
    }

    private final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var data: Data?
        private(set) var error: Error?
        private(set) var status = 0

        func set(_ data: Data?, _ error: Error?, status: Int) {
            lock.withLock {
                self.data = data
                self.error = error
                self.status = status
            }
        }
    }
}
