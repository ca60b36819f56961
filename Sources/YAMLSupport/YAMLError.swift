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
        /// An alias names an anchor that is not defined before it, or that encloses the alias.
        case unknownAnchor(String)
        /// A mapping repeats a key; the associated location is the first occurrence.
        case duplicateKey(String, first: SourceLocation)
        /// A mapping key is a mapping or a sequence.
        case complexKey
        /// A merge key's value is not a mapping or a sequence of mappings.
        case invalidMerge
        /// The input holds more than one document.
        case multipleDocuments
        /// The input holds no document.
        case empty
    }

    /// What went wrong.
    public let kind: Kind
    /// Where it went wrong, when known.
    public let location: SourceLocation?

    /// Creates an error.
    public init(_ kind: Kind, at location: SourceLocation?) {
        self.kind = kind
        self.location = location
    }

    /// A one-line summary in lowercase with no final period.
    public var description: String {
        switch kind {
        case .syntax(let problem, let context):
            if let context { return "invalid YAML: \(context): \(problem)" }
            return "invalid YAML: \(problem)"
        case .tabIndentation:
            return "tab character used for indentation; YAML allows only spaces"
        case .inputTooLarge(let bytes, let limit):
            return "file is \(bytes) bytes, larger than the limit of \(limit) bytes"
        case .nestingTooDeep(let limit):
            return "mappings and sequences nest deeper than \(limit) levels"
        case .aliasExpansionTooLarge(let limit):
            return "aliases expand to more than \(limit) nodes"
        case .unknownAnchor(let name):
            return "alias '*\(name)' refers to an anchor that is not defined before it"
        case .duplicateKey(let key, let first):
            return "duplicate key '\(key)' (first defined at \(first))"
        case .complexKey:
            return "mapping keys must be plain text, not a mapping or a sequence"
        case .invalidMerge:
            return "merge key '<<' needs a mapping or a sequence of mappings"
        case .multipleDocuments:
            return "file holds more than one YAML document; keep one document per file"
        case .empty:
            return "file is empty"
        }
    }
}
