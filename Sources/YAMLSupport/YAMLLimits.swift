/// Bounds that keep a small or hostile input from making the parser run long or use much memory.
public struct YAMLLimits: Sendable, Equatable {
    /// The largest input accepted, in bytes.
    public var maximumInputBytes: Int
    /// The deepest nesting of mappings and sequences accepted.
    public var maximumDepth: Int
    /// The most nodes that aliases may add to the document when expanded.
    public var maximumAliasExpansion: Int
    /// The maximum length of one scalar, in bytes. Every scalar is checked several times over
    /// (for YAML 1.1 types, references and trailing comments), so one long scalar costs far more
    /// than the same bytes in a comment.
    public var maximumScalarBytes: Int

    /// Creates a set of limits.
    public init(maximumInputBytes: Int, maximumDepth: Int, maximumAliasExpansion: Int, maximumScalarBytes: Int = 65_536) {
        self.maximumInputBytes = maximumInputBytes
        self.maximumDepth = maximumDepth
        self.maximumAliasExpansion = maximumAliasExpansion
        self.maximumScalarBytes = maximumScalarBytes
    }

    /// Limits sized for credential files: 8 MiB holds tens of thousands of credentials, a config
    /// never needs more than a handful of nesting levels, aliases are meant for sharing a few
    /// blocks, not for multiplying them, and no credential field comes near 64 KiB.
    public static let standard = YAMLLimits(
        maximumInputBytes: 8 << 20, maximumDepth: 32, maximumAliasExpansion: 100_000)
}
