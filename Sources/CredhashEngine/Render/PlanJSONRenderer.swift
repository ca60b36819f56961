import Foundation

/// The JSON form of a plan, documented in `docs/plan-format.md`.
///
/// `formatVersion` rises whenever a field is removed or changes meaning; new fields may appear
/// without a change of version.
public struct PlanDocument: Sendable, Equatable, Codable {
    /// The version of this format.
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var credhashVersion: String
    public var plan: Plan
    /// The number of changes per action, including zeros, plus `unchanged`.
    public var summary: [String: Int]
    public var hasChanges: Bool

    /// Wraps `plan` with its version and summary.
    public init(_ plan: Plan) {
        formatVersion = Self.currentFormatVersion
        credhashVersion = CredhashVersion.current
        self.plan = plan
        var summary = Dictionary(uniqueKeysWithValues: PlanSummary.tallyActions.map { ($0.rawValue, plan.count($0)) })
        summary["unchanged"] = plan.unchanged
        self.summary = summary
        hasChanges = plan.hasChanges
    }
}

/// Renders a plan as JSON with sorted keys, the same bytes for the same plan.
public enum PlanJSONRenderer {
    public static func render(_ plan: Plan) -> String {
        JSONCoding.encode(PlanDocument(plan))
    }
}

/// Shared JSON encoding for documents credhash writes: pretty-printed, sorted keys, no escaped slashes.
public enum JSONCoding {
    /// Returns an encoder with that formatting, for callers that must handle encoding errors.
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Encodes `document`; the same document always gives the same text.
    public static func encode<Document: Encodable>(_ document: Document) -> String {
        let encoder = makeEncoder()
        // The documents are structs of strings, numbers and arrays, which always encode.
        guard let data = try? encoder.encode(document) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
