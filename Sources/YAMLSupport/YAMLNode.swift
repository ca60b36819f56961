/// The way a scalar was written, which decides how YAML 1.1 would read it.
public enum ScalarStyle: Sendable, Equatable {
    /// Unquoted text, which YAML 1.1 may resolve to a boolean, number or null.
    case plain
    /// Text in single quotes: always a string.
    case singleQuoted
    /// Text in double quotes: always a string.
    case doubleQuoted
    /// A `|` block: always a string that keeps its line breaks.
    case literal
    /// A `>` block: always a string with folded line breaks.
    case folded

    /// Whether the scalar was written in quotes or as a block, so it is a string in any YAML reader.
    public var isQuotedOrBlock: Bool { self != .plain }
}

/// One node of a parsed YAML document, with where it starts in the source.
///
/// Aliases are expanded and merge keys (`<<`) applied by the parser, so a consumer sees plain
/// mappings, sequences and scalars. Mapping keys are always scalars.
public struct YAMLNode: Sendable {
    /// The node's value.
    public enum Content: Sendable {
        /// A scalar with its text exactly as written (after YAML unescaping) and its style.
        case scalar(String, ScalarStyle)
        /// A sequence of nodes in source order.
        case sequence([YAMLNode])
        /// A mapping's entries in source order; keys are unique.
        case mapping([YAMLPair])
    }

    /// The node's value.
    public let content: Content
    /// The explicit tag (`!!str`, `!custom`), or `nil` when the node had none.
    public let tag: String?
    /// Where the node starts.
    public let location: SourceLocation
    /// The anchor (`&name`) the node defines, or `nil`.
    public let anchor: String?
    /// Whether the node was written as an alias (`*name`) of an anchored node.
    public let isAlias: Bool
    /// Whether a plain scalar is followed by a comment on its line, which cut off any text after
    /// ` #` that the writer may have meant as part of the value.
    public let hasTrailingComment: Bool

    /// Creates a node.
    public init(
        content: Content, tag: String?, location: SourceLocation, anchor: String? = nil, isAlias: Bool = false,
        hasTrailingComment: Bool = false
    ) {
        self.content = content
        self.tag = tag
        self.location = location
        self.anchor = anchor
        self.isAlias = isAlias
        self.hasTrailingComment = hasTrailingComment
    }

    /// The scalar text, or `nil` when the node is a sequence or a mapping.
    public var scalarText: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// The mapping entries, or `nil` when the node is not a mapping.
    public var mappingPairs: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// A noun for the node's kind, for messages: `scalar`, `sequence` or `mapping`.
    public var kindName: String {
        switch content {
        case .scalar: return "scalar"
        case .sequence: return "sequence"
        case .mapping: return "mapping"
        }
    }
}

/// One entry of a mapping.
public struct YAMLPair: Sendable {
    /// The key's text.
    public let key: String
    /// Where the key starts.
    public let keyLocation: SourceLocation
    /// How the key was written.
    public let keyStyle: ScalarStyle
    /// The key's explicit tag, or `nil`.
    public let keyTag: String?
    /// The value.
    public let value: YAMLNode

    /// Creates an entry.
    public init(
        key: String, keyLocation: SourceLocation, value: YAMLNode, keyStyle: ScalarStyle = .plain, keyTag: String? = nil
    ) {
        self.key = key
        self.keyLocation = keyLocation
        self.keyStyle = keyStyle
        self.keyTag = keyTag
        self.value = value
    }
}
