import Testing

@testable import YAMLSupport

struct YAMLAliasTests {
    @Test func aliasCopiesAnchoredNode() throws {
        let root = try YAMLParser.parse("base: &b {x: 1}\nother: *b\n")
        let pairs = try #require(root.mappingPairs)
        #expect(pairs[1].value.mappingPairs?.first?.key == "x")
        #expect(pairs[1].value.location == SourceLocation(line: 2, column: 8))
    }

    @Test func mergeKeyExplicitKeysWin() throws {
        let yaml = """
            base: &b
              host: a.example.com
              port: 25
            child:
              <<: *b
              port: 465
            """
        let root = try YAMLParser.parse(yaml)
        let child = try #require(root.mappingPairs?[1].value.mappingPairs)
        let values = Dictionary(uniqueKeysWithValues: child.map { ($0.key, $0.value.scalarText) })
        #expect(values == ["port": "465", "host": "a.example.com"])
        #expect(!child.contains { $0.key == "<<" })
    }

    @Test func mergeSequenceEarlierSourceWins() throws {
        let yaml = "a: &a {k: 1}\nb: &b {k: 2, m: 3}\nc:\n  <<: [*a, *b]\n"
        let root = try YAMLParser.parse(yaml)
        let merged = try #require(root.mappingPairs?[2].value.mappingPairs)
        let values = Dictionary(uniqueKeysWithValues: merged.map { ($0.key, $0.value.scalarText) })
        #expect(values == ["k": "1", "m": "3"])
    }

    @Test func mergeOfScalarIsRejected() {
        let error = #expect(throws: YAMLError.self) { try YAMLParser.parse("a: &a 1\nb:\n  <<: *a\n") }
        #expect(error?.kind == .invalidMerge)
        #expect(error?.location == SourceLocation(line: 3, column: 7))
    }

    @Test func unknownAnchorIsRejected() {
        let error = #expect(throws: YAMLError.self) { try YAMLParser.parse("a: *missing\n") }
        #expect(error?.kind == .unknownAnchor("missing"))
    }

    @Test func selfReferenceIsRejected() {
        let error = #expect(throws: YAMLError.self) { try YAMLParser.parse("a: &x [1, *x]\n") }
        #expect(error?.kind == .unknownAnchor("x"))
    }

    @Test func billionLaughsStopsAtLimit() {
        var lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...9 {
            let previous = "*l\(level - 1)"
            let items = Array(repeating: previous, count: 10).joined(separator: ", ")
            lines.append("l\(level): &l\(level) [\(items)]")
        }
        let error = #expect(throws: YAMLError.self) { try YAMLParser.parse(lines.joined(separator: "\n")) }
        #expect(error?.kind == .aliasExpansionTooLarge(limit: YAMLLimits.standard.maximumAliasExpansion))
    }

    @Test func deepNestingStopsAtLimit() {
        let depth = YAMLLimits.standard.maximumDepth + 1
        let yaml = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let error = #expect(throws: YAMLError.self) { try YAMLParser.parse(yaml) }
        #expect(error?.kind == .nestingTooDeep(limit: YAMLLimits.standard.maximumDepth))
    }

    @Test func nestingAtLimitIsAccepted() throws {
        let depth = YAMLLimits.standard.maximumDepth
        let yaml = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        _ = try YAMLParser.parse(yaml)
    }

    @Test func oversizedInputIsRejectedBeforeParsing() {
        let limits = YAMLLimits(maximumInputBytes: 16, maximumDepth: 8, maximumAliasExpansion: 8)
        let error = #expect(throws: YAMLError.self) {
            try YAMLParser.parse("key: a value that is long\n", limits: limits)
        }
        #expect(error?.kind == .inputTooLarge(bytes: 26, limit: 16))
        #expect(error?.location == nil)
    }

    @Test func scalarAtLimitIsAccepted() throws {
        let limit = YAMLLimits.standard.maximumScalarBytes
        let document = try YAMLParser.parseDocument(Array(("a: " + String(repeating: "x", count: limit) + "\n").utf8))
        #expect(document.problems.isEmpty)
    }

    @Test func scalarOverLimitIsLocatedAndSkipped() throws {
        let limit = YAMLLimits.standard.maximumScalarBytes
        let yaml = "a: ok\nb:\n  c: " + String(repeating: "x", count: limit + 1) + "\nd: [1\n"
        let error = #expect(throws: YAMLError.self) { try YAMLParser.parseDocument(Array(yaml.utf8)) }
        // The long scalar does not stop the parse: the unclosed sequence after it is found too.
        #expect(error?.kind == .syntax(problem: "did not find expected ',' or ']'", context: "while parsing a flow sequence"))

        let document = try YAMLParser.parseDocument(Array(("a: ok\nb:\n  c: " + String(repeating: "x", count: limit + 1) + "\n").utf8))
        #expect(document.problems.map(\.kind) == [.scalarTooLong(bytes: limit + 1, limit: limit)])
        #expect(document.problems.first?.location == SourceLocation(line: 3, column: 6))
        #expect(document.problems.first?.keyPath == "b.c")
    }

    @Test func unclosedQuoteIsLocatedWhereItStarts() {
        let error = #expect(throws: YAMLError.self) {
            try YAMLParser.parse("a: 1\nb: \"open\nc: 2\nd: 3\n")
        }
        #expect(error?.location == SourceLocation(line: 2, column: 4))
        #expect(error?.description == "invalid YAML: while scanning a quoted scalar: found unexpected end of stream")
    }
}
