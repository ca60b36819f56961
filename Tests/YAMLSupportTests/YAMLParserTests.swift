import Testing

@testable import YAMLSupport

struct YAMLParserTests {
    @Test func scalarsKeepTextAndStyle() throws {
        let root = try YAMLParser.parse("a: yes\nb: 'yes'\nc: \"0465\"\nd: |\n  line\n")
        let pairs = try #require(root.mappingPairs)
        #expect(pairs.map(\.key) == ["a", "b", "c", "d"])
        guard case .scalar("yes", .plain) = pairs[0].value.content else { Issue.record("a"); return }
        guard case .scalar("yes", .singleQuoted) = pairs[1].value.content else { Issue.record("b"); return }
        guard case .scalar("0465", .doubleQuoted) = pairs[2].value.content else { Issue.record("c"); return }
        guard case .scalar("line\n", .literal) = pairs[3].value.content else { Issue.record("d"); return }
    }

    @Test func locationsAreOneBased() throws {
        let root = try YAMLParser.parse("top:\n  inner: value\n")
        let top = try #require(root.mappingPairs?.first)
        #expect(top.keyLocation == SourceLocation(line: 1, column: 1))
        let inner = try #require(top.value.mappingPairs?.first)
        #expect(inner.keyLocation == SourceLocation(line: 2, column: 3))
        #expect(inner.value.location == SourceLocation(line: 2, column: 10))
    }

    @Test func duplicateKeyNamesBothPositions() {
        let error = #expect(throws: YAMLError.self) {
            try YAMLParser.parse("a: 1\nb:\n  c: 1\n  c: 2\n")
        }
        #expect(error?.kind == .duplicateKey("c", first: SourceLocation(line: 3, column: 3)))
        #expect(error?.location == SourceLocation(line: 4, column: 3))
    }

    @Test func secondDocumentIsRejected() {
        let error = #expect(throws: YAMLError.self) { try YAMLParser.parse("a: 1\n---\nb: 2\n") }
        #expect(error?.kind == .multipleDocuments)
        #expect(error?.location == SourceLocation(line: 2, column: 1))
    }

    @Test func emptyInputIsRejected() {
        let error = #expect(throws: YAMLError.self) { try YAMLParser.parse("# only a comment\n") }
        #expect(error?.kind == .empty)
    }

    @Test func byteOrderMarkAndCRLFAreAccepted() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a: 1\r\nb: two\r\n".utf8)
        let root = try YAMLParser.parse(bytes)
        let pairs = try #require(root.mappingPairs)
        #expect(pairs.map(\.key) == ["a", "b"])
        #expect(pairs[1].value.scalarText == "two")
        #expect(pairs[1].keyLocation == SourceLocation(line: 2, column: 1))
    }

    @Test func tabIndentationGetsPlainMessage() {
        let error = #expect(throws: YAMLError.self) { try YAMLParser.parse("a:\n\tb: 1\n") }
        #expect(error?.kind == .tabIndentation)
        #expect(error?.location == SourceLocation(line: 2, column: 1))
    }

    @Test func syntaxErrorIsLocated() {
        let error = #expect(throws: YAMLError.self) { try YAMLParser.parse("a: [1, 2\nb: 3\n") }
        guard case .syntax = error?.kind else {
            Issue.record("expected a syntax error, got \(String(describing: error))")
            return
        }
        #expect(error?.location?.line == 2)
    }

    @Test func scalarWithNULIsKept() throws {
        let root = try YAMLParser.parse("a: \"x\\0y\"\n")
        #expect(root.mappingPairs?.first?.value.scalarText == "x\u{0}y")
    }

    @Test func complexKeyIsRejected() {
        let error = #expect(throws: YAMLError.self) { try YAMLParser.parse("? [a, b]\n: 1\n") }
        #expect(error?.kind == .complexKey)
    }

    @Test func explicitTagIsKept() throws {
        let root = try YAMLParser.parse("a: !!str 25\n")
        #expect(root.mappingPairs?.first?.value.tag == "tag:yaml.org,2002:str")
    }
}
