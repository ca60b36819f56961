internal import CLibPQ
import Foundation

/// One connection to a PostgreSQL server through libpq.
///
/// This is the only file that imports libpq. Every libpq result goes through
/// ``check(_:connection:)``, which turns a failed status into a ``PostgresError``. A mutex
/// serialises the calls on one connection, so it can be shared between threads.
public final class PostgresConnection: @unchecked Sendable {
    private let mutex = NSLock()
    /// The libpq connection, or `nil` once closed.
    private var handle: OpaquePointer?
    /// Text removed from every message passed on: the password and the whole connection string.
    private let redactions: [String]

    /// Opens a connection described by `connectionString`, in libpq's key-value or URI syntax.
    ///
    /// - Throws: ``PostgresError`` when the string is malformed or the connection fails. The
    ///   message never contains the connection string or its password.
    public init(connectionString: String) throws {
        // libpq's syntax errors quote the text around the mistake, which may be the password,
        // so they are not passed on.
        guard let passwords = Self.passwords(in: connectionString) else {
            throw PostgresError(
                operation: "connecting",
                message: "the connection string is not valid libpq syntax (details withheld because they quote it)")
        }
        redactions = [connectionString] + passwords
        guard let connection = PQconnectdb(connectionString) else {
            throw PostgresError(operation: "connecting", message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.text(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(operation: "connecting", message: Self.redact(message, removing: redactions))
        }
        // libpq prints notices such as "relation already exists, skipping" to standard error.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        handle = connection
    }

    deinit {
        close()
    }

    /// Closes the connection. The server then ends its session and drops its session locks.
    /// Later calls do nothing.
    public func close() {
        mutex.withLock {
            if let handle { PQfinish(handle) }
            handle = nil
        }
    }

    /// Runs one SQL statement with text parameters `$1`, `$2`, … and returns its rows.
    ///
    /// - Throws: ``PostgresError`` when the connection is closed or broken, or the server
    ///   reports an error.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?] = []) throws -> PostgresResult {
        try mutex.withLock {
            guard let handle else {
                throw PostgresError(operation: "running a query", message: "the connection is closed")
            }
            let copies = parameters.map { $0.map { strdup($0) } ?? nil }
            defer { copies.forEach { free($0) } }
            let values = copies.map { UnsafePointer<CChar>($0) }
            let result = PQexecParams(handle, sql, Int32(values.count), nil, values, nil, nil, 0)
            return try check(result, connection: handle)
        }
    }

    /// Converts a libpq result into rows, or throws the error it carries, and frees it.
    private func check(_ result: OpaquePointer?, connection: OpaquePointer) throws -> PostgresResult {
        guard let result else {
            let message = Self.text(PQerrorMessage(connection))
            throw PostgresError(operation: "running a query", message: Self.redact(message, removing: redactions))
        }
        defer { PQclear(result) }

        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let message = Self.text(PQresultErrorMessage(result))
            let sqlState = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            throw PostgresError(
                operation: "running a query", message: Self.redact(message, removing: redactions), sqlState: sqlState)
        }
        var rows: [[String?]] = []
        for row in 0..<PQntuples(result) {
            rows.append((0..<PQnfields(result)).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            })
        }
        return PostgresResult(rows: rows, affectedRows: Int(Self.text(PQcmdTuples(result))) ?? 0)
    }

    private static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    private static func text(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        text(pointer.map { UnsafePointer($0) })
    }

    /// Returns the password in `connectionString`, or `nil` when libpq cannot parse the string.
    private static func passwords(in connectionString: String) -> [String]? {
        var found: [String] = []
        var parseError: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(connectionString, &parseError) else {
            PQfreemem(parseError)
            return nil
        }
        defer { PQconninfoFree(options) }
        var option = options
        while let keyword = option.pointee.keyword {
            if String(cString: keyword) == "password", let value = option.pointee.val {
                found.append(String(cString: value))
            }
            option += 1
        }
        return found.filter { !$0.isEmpty }
    }

    /// Replaces every occurrence of the texts in `secrets` with `***`, the longest first.
    public static func redact(_ message: String, removing secrets: [String]) -> String {
        secrets.sorted { $0.count > $1.count }.reduce(message) { $0.replacingOccurrences(of: $1, with: "***") }
    }
}

/// The rows of a query, each column as text or `nil` for SQL NULL.
public struct PostgresResult: Sendable {
    public let rows: [[String?]]
    /// The number of rows an INSERT, UPDATE or DELETE changed.
    public let affectedRows: Int
}

/// A failure reported by libpq or the server. The message never contains the password.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// The failed step, as a verb phrase such as `connecting`.
    public let operation: String
    /// libpq's or the server's message, with the connection string and password removed.
    public let message: String
    /// The five-character SQLSTATE code, when the server sent one.
    public let sqlState: String?

    public init(operation: String, message: String, sqlState: String? = nil) {
        self.operation = operation
        self.message = message
        self.sqlState = sqlState
    }

    public var description: String {
        "PostgreSQL failed \(operation): \(message)"
    }
}
