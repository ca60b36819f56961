import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal HTTP/1.1 server on 127.0.0.1 with a port chosen by the kernel.
///
/// One thread accepts connections and each connection is served on a global dispatch queue. The
/// server reads one request (request line, headers and a `Content-Length` body), records it,
/// sends the handler's reply and `Connection: close`, and closes the connection.
final class LoopbackHTTPServer: @unchecked Sendable {
    /// A request as the server received it; header names are lowercased.
    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: Data
    }

    /// The response to send, after waiting `delaySeconds`.
    struct Reply: Sendable {
        var status: Int
        var headers: [String: String] = [:]
        var body: Data = Data()
        var delaySeconds: UInt32 = 0
    }

    enum StartError: Error {
        case socketCall(String, errno: Int32)
    }

    let port: UInt16
    private let listener: Int32
    private let handler: @Sendable (Request) -> Reply
    private let lock = NSLock()
    private var received: [Request] = []
    private let acceptLoopEnded = DispatchSemaphore(value: 0)

    /// Starts a server that replies to every request with `handler`'s reply.
    init(handler: @escaping @Sendable (Request) -> Reply) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw StartError.socketCall("socket", errno: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
        }
        guard bound == 0, listen(listener, 16) == 0 else {
            close(listener)
            throw StartError.socketCall("bind or listen", errno: errno)
        }
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.port = UInt16(bigEndian: address.sin_port)
        self.listener = listener
        self.handler = handler
        Thread { [self] in acceptLoop() }.start()
    }

    /// The base URL of the server, `http://127.0.0.1:<port>`.
    var baseURL: URL {
        URL(string: "http://127.0.0.1:\(port)")!
    }

    /// The requests received so far.
    var requests: [Request] {
        lock.withLock { received }
    }

    /// Stops accepting connections. `shutdown` is what wakes a blocked `accept` on Linux.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        acceptLoopEnded.wait()
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                break
            }
            DispatchQueue.global().async { [self] in serve(connection) }
        }
        acceptLoopEnded.signal()
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        guard let request = readRequest(connection) else {
            return
        }
        lock.withLock { received.append(request) }
        let reply = handler(request)
        if reply.delaySeconds > 0 {
            sleep(reply.delaySeconds)
        }
        sendAll(connection, Self.encode(reply))
    }

    private func readRequest(_ connection: Int32) -> Request? {
        var data = Data()
        let separator = Data("\r\n\r\n".utf8)
        while data.range(of: separator) == nil {
            guard let chunk = receive(connection) else { return nil }
            data.append(chunk)
        }
        guard let headerEnd = data.range(of: separator) else { return nil }
        let head = String(decoding: data[..<headerEnd.lowerBound], as: UTF8.self)
        var body = Data(data[headerEnd.upperBound...])
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while body.count < length {
            guard let chunk = receive(connection) else { return nil }
            body.append(chunk)
        }
        return Request(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: body)
    }

    private func receive(_ connection: Int32) -> Data? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(connection, &buffer, buffer.count, 0)
        return count > 0 ? Data(buffer[0..<count]) : nil
    }

    /// Writes all of `data`; `MSG_NOSIGNAL` stops a closed client from raising SIGPIPE.
    private func sendAll(_ connection: Int32, _ data: Data) {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let sent = send(connection, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if sent <= 0 { return }
                offset += sent
            }
        }
    }

    private static func encode(_ reply: Reply) -> Data {
        var head = "HTTP/1.1 \(reply.status) Status\r\n"
        for (name, value) in reply.headers {
            head += "\(name): \(value)\r\n"
        }
        head += "Content-Length: \(reply.body.count)\r\nConnection: close\r\n\r\n"
        return Data(head.utf8) + reply.body
    }
}

/// A 127.0.0.1 port that is bound but not listening, so a connection to it is refused and no
/// other test can take the port while this value exists.
final class RefusingPort: @unchecked Sendable {
    let port: UInt16
    private let socketDescriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard descriptor >= 0, bound == 0 else {
            throw LoopbackHTTPServer.StartError.socketCall("bind", errno: errno)
        }
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        socketDescriptor = descriptor
    }

    deinit {
        close(socketDescriptor)
    }
}
