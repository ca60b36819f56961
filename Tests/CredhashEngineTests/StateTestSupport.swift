import Foundation
import Testing

@testable import CredhashEngine

/// A new folder under the system temporary folder, removed with its contents on deinit.
final class TemporaryFolder {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("credhash-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        path = url.path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Returns the path of `name` inside the folder.
    func file(_ name: String) -> String {
        path + "/" + name
    }

    /// Returns the names in the folder, sorted.
    func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }
}

/// States, files and file metadata for the state tests.
enum StateTestSupport {
    static let lineage = "0b8f3c2e-5d1a-4e6b-9c7d-2a4f6e8b0c1d"
    static let salt = String(repeating: "5a", count: 32)
    static let fingerprint = String(repeating: "c3", count: 32)

    /// Returns a state with one entry of every kind, unkeyed, with a valid key check value.
    static func sample(serial: Int = 3) -> State {
        let credential = StateCredential(
            type: .email, name: "smtp-main", hash: "hash-1", status: .active,
            fields: ["host": .text("smtp.example.com"), "port": .integer(465)], secretFingerprints: ["auth.password": fingerprint],
            createdTime: "2024-05-01T10:00:00Z", updatedTime: "2024-05-02T10:00:00Z")
        return State(
            serial: serial, lineage: lineage, fingerprintSalt: salt, fingerprintKeyed: false,
            fingerprintKeyCheck: unkeyedCheckValue, credentials: ["email.smtp-main": credential],
            replacements: [
                Replacement(
                    address: "email.smtp-main", oldHash: "hash-0", newHash: "hash-1",
                    reason: "replaceBecauseSecretChanged", time: "2024-05-02T10:00:00Z")
            ],
            retirements: [
                Retirement(address: "email.smtp-main", type: .email, hash: "hash-0", since: "2024-05-02T10:00:00Z")
            ],
            pending: [
                PendingCreate(
                    address: "webhook.hooks", type: .webhook, requestFingerprint: fingerprint,
                    time: "2024-05-03T10:00:00Z")
            ])
    }

    /// The key check value of an unkeyed state with ``salt``.
    static var unkeyedCheckValue: String {
        (try? FingerprintKey.derive(salt: Array(repeating: 0x5a, count: 32), passphrase: nil).checkValue) ?? ""
    }

    /// The sample state as the state file contains it.
    static var sampleText: String {
        String(decoding: (try? StateFile.encode(sample(), path: "sample")) ?? [], as: UTF8.self)
    }

    /// Returns the sample text with the only occurrence of `target` replaced.
    static func sampleText(replacing target: String, with replacement: String) -> String {
        let text = sampleText
        precondition(text.components(separatedBy: target).count == 2, "'\(target)' must occur once")
        return text.replacingOccurrences(of: target, with: replacement)
    }

    static func writeText(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    static func bytes(of path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { Array($0) }
    }

    /// Returns the permission bits of the file at `path`.
    static func mode(of path: String) -> mode_t {
        var status = stat()
        guard stat(path, &status) == 0 else { return 0 }
        return status.st_mode & 0o7777
    }

    /// Returns the inode number and modification time in nanoseconds of the file at `path`.
    static func identity(of path: String) -> [Int] {
        var status = stat()
        guard stat(path, &status) == 0 else { return [] }
        return [Int(status.st_ino), status.st_mtim.tv_sec * 1_000_000_000 + status.st_mtim.tv_nsec]
    }
}
