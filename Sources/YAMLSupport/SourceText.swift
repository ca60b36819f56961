/// The raw bytes of a YAML document, with line lookups computed once when first needed.
struct SourceText {
    private let bytes: [UInt8]
    private var lineStarts: [Int]?

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
        let lineStarts = starts()
        guard line < lineStarts.count else { return false }
        var index = lineStarts[line]
        if line == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index += 3 }

        // libyaml counts columns in characters, so skip that many UTF-8 characters.
        var characters = 0
        while characters < column, index < bytes.count {
            index += 1
            while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
            characters += 1
        }
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") {
            index += 1
        }
        return index < bytes.count && bytes[index] == UInt8(ascii: "#")
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
