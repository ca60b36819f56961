/// The raw bytes of a YAML document, with line lookups computed once when first needed.
struct SourceText {
    private let bytes: [UInt8]
    private var lineStarts: [Int]?
    /// The byte offset of the last column that ``hasComment(afterLine:column:)`` found. Scalars
    /// arrive in source order, so the next lookup on the same line starts here instead of at the
    /// line's start, which keeps a long line of flow items linear instead of quadratic.
    private var cursor: (line: Int, column: Int, offset: Int)?

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The byte offsets where each line starts, the first line at index 0.
    private mutating func starts() -> [Int] {
        if let lineStarts { return lineStarts }
        var starts = [0]
        // A plain index loop over the buffer: `enumerated()` looks up tuple metadata for every
        // byte in a debug build, which made a multi-megabyte file take seconds.
        bytes.withUnsafeBufferPointer { buffer in
            for index in buffer.indices where buffer[index] == UInt8(ascii: "\n") {
                starts.append(index + 1)
            }
        }
        lineStarts = starts
        return starts
    }

    /// Whether a comment follows, after spaces or tabs, the 0-based `column` (in characters) of
    /// the 0-based `line`.
    mutating func hasComment(afterLine line: Int, column: Int) -> Bool {
        var (index, characters) = startOfSkip(line: line, column: column)
        guard index >= 0 else { return false }

        // libyaml counts columns in characters, so skip that many UTF-8 characters.
        while characters < column, index < bytes.count {
            index += 1
            while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
            characters += 1
        }
        cursor = (line, column, index)
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") {
            index += 1
        }
        return index < bytes.count && bytes[index] == UInt8(ascii: "#")
    }

    /// Returns the byte offset and 0-based column from which to count characters up to `column`
    /// of `line`. That is the cursor when it lies on that line at or before the column, and
    /// otherwise the line's start. The offset is -1 when the line does not exist.
    private mutating func startOfSkip(line: Int, column: Int) -> (offset: Int, column: Int) {
        if let cursor, cursor.line == line, cursor.column <= column {
            return (cursor.offset, cursor.column)
        }
        let lineStarts = starts()
        guard line < lineStarts.count else { return (-1, 0) }
        var offset = lineStarts[line]
        if line == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset += 3 }
        return (offset, 0)
    }

    /// The 1-based location of the byte at `offset`.
    mutating func location(ofByte offset: Int) -> SourceLocation {
        let lineStarts = starts()
        var line = 0
        while line + 1 < lineStarts.count, lineStarts[line + 1] <= offset { line += 1 }
        var column = 1
        var index = lineStarts[line]
        while index < min(offset, bytes.count) {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourceLocation(line: line + 1, column: column)
    }

    /// The 1-based column of a tab in the indentation of the 1-based `line`, if there is one.
    mutating func leadingTabColumn(line: Int) -> Int? {
        let lineStarts = starts()
        guard line >= 1, line <= lineStarts.count else { return nil }
        var index = lineStarts[line - 1]
        var column = 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\t"): return column
            case UInt8(ascii: " "): column += 1
            default: return nil
            }
            index += 1
        }
        return nil
    }
}
