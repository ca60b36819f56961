import Testing

@testable import CredhashEngine

/// Text from the input never reaches a terminal as control characters.
struct DiagnosticRendererTests {
    @Test func controlCharactersEscapedEverywhere() {
        let diagnostic = Diagnostic(
            .error, "file '\u{1B}]0;TITLE\u{07}' not found", detail: "first\u{1B}[31m\nsecond\u{0}",
            location: .init(file: "c\u{1B}.yaml", line: 3, column: 7), keyPath: "auth\u{1B}")

        let rendered = DiagnosticRenderer.render(diagnostic)

        #expect(!rendered.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0 })
        #expect(rendered.contains("file '\\u{1b}]0;TITLE\\u{7}' not found"))
        #expect(rendered.hasPrefix("c\\u{1b}.yaml:3:7: "))
        #expect(rendered.hasSuffix("\n    first\\u{1b}[31m\n    second\\u{0}"))
    }

    @Test func bidirectionalOverridesEscaped() {
        let escaped = DiagnosticRenderer.escapingControlCharacters("user\u{202E}nimda\u{2066}")

        #expect(escaped == "user\\u{202e}nimda\\u{2066}")
    }
}
