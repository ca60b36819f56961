import YAMLSupport

/// One problem or remark for the user, with where in which file it was found.
///
/// Every user-facing problem of the engine is a `Diagnostic`: validation collects them all
/// before the command fails, and the exit code comes from whether any has error severity.
public struct Diagnostic: Sendable, Equatable {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Equatable, Codable {
        /// The command cannot succeed.
        case error
        /// The command goes on, but the user should look.
        case warning
        /// Extra information attached to another diagnostic.
        case note
    }

    /// A place in a file.
    public struct Location: Sendable, Equatable {
        /// The file path as the user gave it.
        public var file: String
        /// The 1-based line, or `nil` for the whole file.
        public var line: Int?
        /// The 1-based column, or `nil` for the whole line.
        public var column: Int?

        /// Creates a location in `file`, optionally at a line and column.
        public init(file: String, line: Int? = nil, column: Int? = nil) {
            self.file = file
            self.line = line
            self.column = column
        }

        /// Creates a location from a YAML source position.
        public init(file: String, _ position: SourceLocation) {
            self.init(file: file, line: position.line, column: position.column)
        }
    }

    /// How serious the problem is.
    public var severity: Severity
    /// One lowercase line without a final period, quoting offending values in single quotes.
    /// Never a secret value.
    public var summary: String
    /// Full sentences on what to do, or `nil`.
    public var detail: String?
    /// Where the problem is, or `nil` when it concerns no file.
    public var location: Location?
    /// The dotted path of the YAML key concerned (`credentials.smtp-main.port`), or `nil`.
    public var keyPath: String?

    /// Creates a diagnostic.
    public init(
        _ severity: Severity, _ summary: String, detail: String? = nil, location: Location? = nil,
        keyPath: String? = nil
    ) {
        self.severity = severity
        self.summary = summary
        self.detail = detail
        self.location = location
        self.keyPath = keyPath
    }
}

extension Array where Element == Diagnostic {
    /// Whether any element has error severity.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
