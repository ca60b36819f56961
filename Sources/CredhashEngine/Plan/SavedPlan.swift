import CryptoSupport
import Foundation

/// A plan saved by `plan --out` for a later `apply FILE`.
///
/// Besides the plan it records what the plan was made from, so `apply` can refuse it when
/// anything moved: the state's lineage and serial, the configuration's digest, and the secret
/// fingerprints. It contains no secret. The fingerprints let anyone holding the file test guesses
/// of a secret unless the state is keyed, exactly as the state file does.
public struct SavedPlan: Sendable, Equatable, Codable {
    /// The saved-plan format this build writes and reads.
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var credhashVersion: String
    /// The plan and its summary, as `plan --json` prints them.
    public var document: PlanDocument
    /// The secret fingerprints of each desired credential by address, then by field path.
    public var secretFingerprints: [String: [String: String]]
    /// The salt the fingerprints were computed with; for a plan made without a state, the salt
    /// the new state will get.
    public var fingerprintSalt: String
    /// Whether the fingerprints are keyed by `CREDHASH_STATE_KEY`.
    public var fingerprintKeyed: Bool

    public init(plan: Plan, secretFingerprints: [String: [String: String]], fingerprintSalt: String, fingerprintKeyed: Bool) {
        formatVersion = Self.currentFormatVersion
        credhashVersion = CredhashVersion.current
        document = PlanDocument(plan)
        self.secretFingerprints = secretFingerprints
        self.fingerprintSalt = fingerprintSalt
        self.fingerprintKeyed = fingerprintKeyed
    }

    /// The saved plan as JSON with sorted keys and a trailing line break.
    public func encoded() -> [UInt8] {
        Array((JSONCoding.encode(self) + "\n").utf8)
    }
}

/// Why a saved plan could not be read.
public enum SavedPlanError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(path: String)
    case unreadable(path: String, reason: String)
    case invalid(path: String, reason: String)
    case unsupportedFormatVersion(path: String, found: Int, supported: Int)
    case overwriteRejected(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let path): return "saved plan '\(path)' not found"
        case .unreadable(let path, let reason): return "failed reading saved plan '\(path)': \(reason)"
        case .invalid(let path, let reason): return "saved plan '\(path)' is not a valid credhash plan: \(reason)"
        case .overwriteRejected(let path, let reason):
            return "not saving the plan to '\(path)': \(reason)"
        case .unsupportedFormatVersion(let path, let found, let supported):
            return "saved plan '\(path)' has format version \(found), but this credhash reads version \(supported)"
        }
    }
}

extension SavedPlan {
    /// The largest saved plan accepted.
    static let maximumBytes = 64 << 20

    /// Reads and checks the saved plan at `path`.
    public static func read(path: String) throws(SavedPlanError) -> SavedPlan {
        let bytes: [UInt8]
        switch RegularFileReader.contents(of: path, maximumBytes: maximumBytes) {
        case .success(let contents): bytes = contents
        case .failure(.notFound): throw .notFound(path: path)
        case .failure(.isDirectory): throw .unreadable(path: path, reason: "it is a folder")
        case .failure(.notRegularFile): throw .unreadable(path: path, reason: "it is not a regular file")
        case .failure(.tooLarge(let limit)): throw .unreadable(path: path, reason: "it is larger than \(limit >> 20) MiB")
        case .failure(.unreadable(let code)): throw .unreadable(path: path, reason: RegularFileReader.describe(errno: code))
        }
        guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
            throw .invalid(path: path, reason: "the file is empty")
        }
        let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        guard let version = object?["formatVersion"] as? Int else {
            throw .invalid(path: path, reason: "it is not JSON with a 'formatVersion'")
        }
        guard version == currentFormatVersion else {
            throw .unsupportedFormatVersion(path: path, found: version, supported: currentFormatVersion)
        }
        let known: Set<String> = [
            "formatVersion", "credhashVersion", "document", "secretFingerprints", "fingerprintSalt", "fingerprintKeyed",
        ]
        if let unknown = object?.keys.sorted().first(where: { !known.contains($0) }) {
            throw .invalid(path: path, reason: "unknown field \(Quote.text(unknown))")
        }
        let plan: SavedPlan
        do {
            plan = try JSONDecoder().decode(SavedPlan.self, from: Data(bytes))
        } catch let DecodingError.keyNotFound(key, context) {
            throw .invalid(path: path, reason: "missing field \(Quote.text(Self.path(context.codingPath + [key])))")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
            let DecodingError.dataCorrupted(context)
        {
            throw .invalid(path: path, reason: "field \(Quote.text(Self.path(context.codingPath))) has the wrong type")
        } catch {
            throw .invalid(path: path, reason: "it could not be decoded")
        }
        return try plan.checked(path: path)
    }

    /// Checks what decoding cannot, and drops any value a hand-edited file put on a secret field.
    private func checked(path: String) throws(SavedPlanError) -> SavedPlan {
        guard document.formatVersion == PlanDocument.currentFormatVersion else {
            throw .unsupportedFormatVersion(path: path, found: document.formatVersion, supported: PlanDocument.currentFormatVersion)
        }
        guard fingerprintSalt.utf8.count == FingerprintKey.saltLength * 2, Hex.decode(fingerprintSalt) != nil else {
            throw .invalid(path: path, reason: "field 'fingerprintSalt' is not \(FingerprintKey.saltLength * 2) hexadecimal digits")
        }
        var copy = self
        for index in copy.document.plan.changes.indices {
            for fieldIndex in copy.document.plan.changes[index].fieldChanges.indices
            where copy.document.plan.changes[index].fieldChanges[fieldIndex].sensitive {
                copy.document.plan.changes[index].fieldChanges[fieldIndex].before = nil
                copy.document.plan.changes[index].fieldChanges[fieldIndex].after = nil
            }
        }
        for index in copy.document.plan.drift.indices where copy.document.plan.drift[index].sensitive {
            copy.document.plan.drift[index].recorded = nil
            copy.document.plan.drift[index].remote = nil
        }
        return copy
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}
