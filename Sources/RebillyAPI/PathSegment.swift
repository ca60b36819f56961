/// A validated URL path segment: a credential hash or an organization ID.
///
/// The API's hashes are UUIDs (`b120c2ca-6c2b-4690-9dff-3b0d87852dc7`) or prefixed ULIDs
/// (`crd_0YV9Y706QGCB39FQD380G1ZHZH`), at most 50 characters by the API's schema. The client
/// accepts only RFC 3986 unreserved characters, so a segment never needs percent-encoding and
/// can never add a path level (`/`), climb one (`..`) or start a query (`?`).
struct PathSegment: Sendable, Equatable {
    /// The maximum length the client accepts, above the API's own limit of 50.
    static let maxLength = 100

    /// The rule quoted in error messages.
    static let allowedCharactersText =
        "expected 1 to \(maxLength) letters, digits, '-', '_', '.' or '~', and not '.' or '..'"

    let value: String

    /// Creates a segment, or returns nil when `value` is empty, too long, `.`, `..` or contains a
    /// character outside `A-Z a-z 0-9 - _ . ~`.
    init?(_ value: String) {
        guard !value.isEmpty, value.count <= Self.maxLength, value != ".", value != ".." else {
            return nil
        }
        let isUnreserved = value.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                    || ("0"..."9").contains(scalar) || "-_.~".unicodeScalars.contains(scalar))
        }
        guard isUnreserved else {
            return nil
        }
        self.value = value
    }
}
