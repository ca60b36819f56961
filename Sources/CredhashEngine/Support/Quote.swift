/// Quoting of user-written text in messages.
public enum Quote {
    /// The longest text quoted in full; longer text is cut with `…`.
    static let maximumLength = 80

    /// Returns `text` in single quotes, with control characters written as `\u{…}` escapes so
    /// they cannot move the cursor or change a terminal, and cut to ``maximumLength`` characters.
    ///
    /// Never pass a secret: this shows the text.
    public static func text(_ text: String) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == maximumLength {
                result += "…"
                break
            }
            result += DiagnosticRenderer.escapingControlCharacters(String(scalar))
            count += 1
        }
        return "'\(result)'"
    }
}
