#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// The change counts that `plan --report FILE` writes for GitLab's merge-request widget:
/// `{"create":N,"update":N,"delete":N}`, the shape of GitLab's Terraform report.
///
/// A replace counts as an update, and a deactivation or retirement as a delete. Renames and
/// forgets change only the state, so they are not counted. The report holds counts only, never
/// an address, hash or secret.
public struct PlanReport: Sendable, Equatable {
    /// The largest existing file that `write(to:protectedPaths:)` reads to check it is a report.
    static let maximumExistingBytes = 4096
    /// The keys of a report, in the order they are written.
    static let keys = ["create", "update", "delete"]

    public var create: Int
    public var update: Int
    public var delete: Int

    /// Counts the changes of `plan`.
    public init(plan: Plan) {
        create = plan.count(.create)
        update = plan.count(.replace)
        delete = plan.count(.deactivate) + plan.count(.retire)
    }

    /// The report as one line of JSON with a final newline, keys in a fixed order.
    public var json: String {
        "{\"create\":\(create),\"update\":\(update),\"delete\":\(delete)}\n"
    }

    /// Writes the report to `path` atomically with mode 0600.
    ///
    /// - Parameter protectedPaths: Files credhash needs, such as the configuration, the state,
    ///   its backup and lock, and the saved plan. The report never replaces one of them.
    /// - Throws: `PlanReportError.overwriteRejected` when `path` is a protected file, a link, a
    ///   device or any file that is not an earlier report; `PlanReportError.writeFailed` when
    ///   the write fails.
    public func write(to path: String, protectedPaths: [String]) throws(PlanReportError) {
        try Self.checkTarget(path, protectedPaths: protectedPaths)
        do {
            try AtomicFileWriter.replace(path, with: Array(json.utf8))
        } catch {
            throw .writeFailed(path: path, reason: "\(error)")
        }
    }

    /// Rejects a target that is not new and not an earlier report, like `SavedPlan.checkTarget`.
    static func checkTarget(_ path: String, protectedPaths: [String]) throws(PlanReportError) {
        let target = RegularFileReader.canonicalPath(path)
        if let match = protectedPaths.first(where: { RegularFileReader.canonicalPath($0) == target }) {
            throw .overwriteRejected(path: path, reason: "it is '\(match)', which credhash needs")
        }
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw .overwriteRejected(path: path, reason: "it exists and is not a regular file")
        }
        guard case .success(let bytes) = RegularFileReader.contents(of: path, maximumBytes: maximumExistingBytes),
            isReport(bytes)
        else {
            throw .overwriteRejected(path: path, reason: "it exists and is not a plan report")
        }
    }

    /// Checks that `bytes` are empty or a JSON object whose keys are all report keys.
    static func isReport(_ bytes: [UInt8]) -> Bool {
        if bytes.isEmpty { return true }
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return false }
        return Set(object.keys).isSubset(of: keys)
    }
}

/// The failures of writing the `plan --report FILE` report.
public enum PlanReportError: Error, Sendable, Equatable, CustomStringConvertible {
    case overwriteRejected(path: String, reason: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .overwriteRejected(let path, let reason): return "not writing the plan report to '\(path)': \(reason)"
        case .writeFailed(let path, let reason): return "failed writing the plan report to '\(path)': \(reason)"
        }
    }
}
