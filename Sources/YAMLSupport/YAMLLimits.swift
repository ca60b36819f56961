/// Bounds that keep a small or hostile input from making the parser run long or use much memory.
public struct YAMLLimits: Sendable, Equatable {
    /// The largest input accepted, in bytes.
    public var maximumInputBytes: Int
    /// The deepest nesting of mappings and sequences accepted.
    public var maximumDepth: Int
    /// The most nodes that aliases may add to the document when expanded.
    public var maximumAliasExpansion: Int

    /// Creates a set of limits.
    public init(maximumInputBytes: Int, maximumDepth: Int, maximumAliasExpansion: Int) {
        self.maximumInputBytes = maximumInputBytes
        self.maximumDepth = maximumDepth
        self.maximumAliasExpansion = maximumAliasExpansion
    }

    /// Limits sized for credential files: 8 MiB holds tens of thousands of credentials, a config
    /// never needs more than a handful of nesting levels, and aliases are meant for sharing a
    /// few blocks, not for multiplying them.
    public static let standard = YAMLLimits(
        maximumInputBytes: 8 << 20, maximumDepth: 32, maximumAliasExpansion: 100_000)
}
