import YAMLSupport

/// Text with one `⟨⟩` marker that records where a test expects a diagnostic.
struct MarkedText {
    static let marker = "⟨⟩"

    /// The text with the marker removed.
    let text: String
    /// The marker's 1-based line and column, counted in Unicode scalars as libyaml counts them.
    let location: SourceLocation?

    init(_ marked: String) {
        guard let range = marked.range(of: Self.marker) else {
            text = marked
            location = nil
            return
        }
        let before = marked[..<range.lowerBound]
        let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
        let column = (lines.last?.unicodeScalars.count ?? 0) + 1
        location = SourceLocation(line: lines.count, column: column)
        text = String(before) + marked[range.upperBound...]
    }
}
