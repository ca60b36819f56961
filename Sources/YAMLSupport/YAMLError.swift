/// A problem that stops a YAML document from being read.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// libyaml could not parse the input; `problem` and `context` are its own words.
        case syntax(problem: String, context: String?)
        /// A tab character indents a line, which YAML forbids.
        case tabIndentation
        /// The input is larger than the limit.
        case inputTooLarge(bytes: Int, limit: Int)
        /// Mappings and sequences nest deeper than the limit.
        case nestingTooDeep(limit: Int)
        /// Aliases would add more nodes than the limit.
        case aliasExpansionTooLarge(limit: Int)
        /// A scalar is longer than the limit, in bytes.
        case scalarTooLong(bytes: Int, limit: Int)
        /// An alias names an anchor that is not defined before it, or that encloses the alias.
        case unknownAnchor(String)
        /// A mapping repeats a key; the associated location is the first occurrence.
        case duplicateKey(String, first: SourceLocation)
        /// A mapping key is a mapping or a sequence.
        case complexKey
        /// A merge key's value is not a mapping or a sequence of mappings.
        case invalidMerge
        /// The input contains more than one document.
        case multipleDocuments
        /// The input contains no document.
        case empty
    }

    /// What went wrong.
    public let kind: Kind
    /// Where it went wrong, when known.
    public let location: SourceLocation?
    /// The dotted path of the mapping keys around the problem (`credentials.smtp-main`), when known.
    public let keyPath: String?

    /// Creates an error.
    public init(_ kind: Kind, at location: SourceLocation?, keyPath: String? = nil) {
        self.kind = kind
        self.location = location
        self.keyPath = keyPath
    }

    /// Full sentences on what to do, when there is advice.
    public var hint: String? {
        switch kind {
        case .syntax(let problem, _) where problem.contains("cannot start any token"):
            return "A value starting with '%', '@' or '`' must be quoted."
        case .syntax(let problem, _) where problem.contains("UTF-8") || problem.contains("control characters"):
            return "Save the file as UTF-8 text without control characters."
        case .tabIndentation:
            return "YAML allows only spaces for indentation."
        case .unknownAnchor:
            return "A value starting with '*' is read as an alias; quote it to use it as text."
        case .multipleDocuments:
            return "Keep one document per file; remove the '---' line and what follows, or move it to another file."
        case .empty:
            return "Start the file with 'version: 1' and a 'credentials:' mapping."
        case .inputTooLarge, .nestingTooDeep, .aliasExpansionTooLarge, .scalarTooLong:
            return "These limits keep a small file from making credhash run long or use much memory."
        default:
            return nil
        }
    }

    /// A one-line summary in lowercase with no final period.
    public var description: String {
        switch kind {
        case .syntax(let problem, let context):
            if let context { return "invalid YAML: \(context): \(problem)" }
            return "invalid YAML: \(problem)"
        case .tabIndentation:
            return "tab character used for indentation"
        case .inputTooLarge(let bytes, let limit):
            return "file is \(bytes) bytes, larger than the limit of \(limit) bytes"
        case .nestingTooDeep(let limit):
            return "mappings and sequences nest deeper than \(limit) levels"
        case .aliasExpansionTooLarge(let limit):
            return "aliases expand to more than \(limit) nodes"
        case .scalarTooLong(let bytes, let limit):
            return "value is \(bytes) bytes long, longer than the limit of \(limit) bytes"
        case .unknownAnchor:
            // The name is not quoted: an unquoted secret starting with '*' arrives here as an alias.
            return "alias refers to an anchor that is not defined before it"
        case .duplicateKey(let key, let first):
            return "duplicate key '\(key)' (first defined at \(first))"
        case .complexKey:
            return "mapping keys must be plain text, not a mapping or a sequence"
        case .invalidMerge:
            return "merge key '<<' needs a mapping or a sequence of mappings"
        case .multipleDocuments:
            return "more than one YAML document in the file"
        case .empty:
            return "file is empty"
        }
    }
}
