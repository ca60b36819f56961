import Testing

@testable import YAMLSupport

/// Trailing-comment lookups, which continue from the previous lookup on the same line.
struct SourceTextTests {
    /// `[é, b #c` has 'é' at column 1, ',' at 2, 'b' at 4 and '#' at 6, counted in characters
    /// from 0. The 'é' is two bytes long.
    static let line = "[é, b #c\n, d]\n"

    /// Runs the `(line, column)` lookups in order on one ``SourceText`` and returns their results.
    static func comments(in text: [UInt8], at lookups: [(line: Int, column: Int)]) -> [Bool] {
        var source = SourceText(text)
        return lookups.map { source.hasComment(afterLine: $0.line, column: $0.column) }
    }

    @Test func commentFoundAfterMultibyteText() {
        let results = Self.comments(in: Array(Self.line.utf8), at: [(0, 2), (0, 5), (0, 7)])
        #expect(results == [false, true, false])
    }

    @Test func earlierColumnAfterLaterOne() {
        let results = Self.comments(in: Array(Self.line.utf8), at: [(0, 5), (0, 2), (0, 5)])
        #expect(results == [true, false, true])
    }

    @Test func nextLineStartsAtItsOwnStart() {
        let results = Self.comments(in: Array(Self.line.utf8), at: [(0, 5), (1, 3), (5, 0)])
        #expect(results == [true, false, false])
    }

    @Test func byteOrderMarkIsSkipped() {
        let results = Self.comments(in: [0xEF, 0xBB, 0xBF] + Array("a #c\n".utf8), at: [(0, 1)])
        #expect(results == [true])
    }

    @Test func flowItemsMarkedEachOnItsOwn() throws {
        let root = try YAMLParser.parse("x: [é, b #c\n  , d, e # f\n  ]\n")
        let items = try #require(root.mappingPairs?.first?.value)
        guard case .sequence(let nodes) = items.content else {
            Issue.record("expected a sequence, found a \(items.kindName)")
            return
        }
        #expect(nodes.map(\.scalarText) == ["é", "b", "d", "e"])
        #expect(nodes.map(\.hasTrailingComment) == [false, true, false, true])
    }
}
