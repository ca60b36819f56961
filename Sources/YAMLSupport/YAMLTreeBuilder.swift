/// Assembles libyaml events into a ``YAMLNode`` tree.
///
/// Open collections are reference-typed frames on a stack: appending to an array held in an enum
/// payload would copy the array on every event and make building quadratic.
///
/// Problems that leave the rest of the document readable (a duplicate key, an unknown alias, a
/// complex key, a bad merge) are collected in ``problems`` and the builder goes on, so one run
/// reports them all. Problems that make the rest meaningless or costly are thrown.
struct YAMLTreeBuilder {
    private final class Frame {
        let isMapping: Bool
        let tag: String?
        let anchor: String?
        let location: SourceLocation
        /// The key or index under which this collection sits in its parent, for key paths.
        let pathComponent: String?
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var explicitKeys: [String: SourceLocation] = [:]
        var mergeSources: [[YAMLPair]] = []
        var pendingKey: (text: String, location: SourceLocation, style: ScalarStyle, tag: String?)?
        var awaitingMergeValue = false
        var discardNextValue = false
        var nodeCount = 1

        init(isMapping: Bool, tag: String?, anchor: String?, location: SourceLocation, pathComponent: String?) {
            self.isMapping = isMapping
            self.tag = tag
            self.anchor = anchor
            self.location = location
            self.pathComponent = pathComponent
        }
    }

    let limits: YAMLLimits
    private var stack: [Frame] = []
    private var anchors: [String: (node: YAMLNode, count: Int)] = [:]
    private var root: YAMLNode?
    private var documentCount = 0
    private var expandedNodes = 0
    /// Problems found so far that did not stop the build.
    private(set) var problems: [YAMLError] = []

    init(limits: YAMLLimits) {
        self.limits = limits
    }

    mutating func startDocument(at location: SourceLocation) throws(YAMLError) {
        documentCount += 1
        if documentCount > 1 { throw YAMLError(.multipleDocuments, at: location) }
    }

    mutating func addScalar(
        _ text: String, style: ScalarStyle, tag: String?, anchor: String?, at location: SourceLocation,
        hasTrailingComment: Bool
    ) throws(YAMLError) {
        let node = YAMLNode(
            content: .scalar(text, style), tag: tag, location: location, anchor: anchor,
            hasTrailingComment: hasTrailingComment)
        if let anchor { anchors[anchor] = (node, 1) }
        let isMergeKey = style == .plain && tag == nil && text == "<<"
        try add(node, count: 1, isMergeKey: isMergeKey)
    }

    /// Records a scalar longer than the limit as a problem and adds an empty scalar in its place,
    /// so the rest of the document is still checked without the cost of the long text.
    mutating func addOversizedScalar(bytes: Int, at location: SourceLocation) throws(YAMLError) {
        let limit = limits.maximumScalarBytes
        problems.append(YAMLError(.scalarTooLong(bytes: bytes, limit: limit), at: location, keyPath: currentKeyPath()))
        try addScalar("", style: .plain, tag: nil, anchor: nil, at: location, hasTrailingComment: false)
    }

    mutating func addAlias(_ name: String, at location: SourceLocation) throws(YAMLError) {
        guard let target = anchors[name] else {
            problems.append(YAMLError(.unknownAnchor(name), at: location, keyPath: currentKeyPath()))
            try add(YAMLNode(content: .scalar("", .plain), tag: nil, location: location, isAlias: true), count: 1, isMergeKey: false)
            return
        }
        expandedNodes += target.count
        if expandedNodes > limits.maximumAliasExpansion {
            throw YAMLError(.aliasExpansionTooLarge(limit: limits.maximumAliasExpansion), at: location)
        }
        // The alias takes the anchored node's content but its own location, so messages about
        // it point at the place that uses it.
        let node = YAMLNode(
            content: target.node.content, tag: target.node.tag, location: location, anchor: target.node.anchor,
            isAlias: true)
        try add(node, count: target.count, isMergeKey: false)
    }

    mutating func startCollection(
        isMapping: Bool, tag: String?, anchor: String?, at location: SourceLocation
    ) throws(YAMLError) {
        guard stack.count < limits.maximumDepth else {
            throw YAMLError(.nestingTooDeep(limit: limits.maximumDepth), at: location)
        }
        let component: String?
        if let parent = stack.last {
            component = parent.isMapping ? parent.pendingKey?.text : String(parent.items.count)
        } else {
            component = nil
        }
        stack.append(Frame(isMapping: isMapping, tag: tag, anchor: anchor, location: location, pathComponent: component))
    }

    mutating func endCollection() throws(YAMLError) {
        guard let frame = stack.popLast() else { return }
        let content: YAMLNode.Content =
            frame.isMapping ? .mapping(Self.applyMerges(frame)) : .sequence(frame.items)
        let node = YAMLNode(content: content, tag: frame.tag, location: frame.location, anchor: frame.anchor)
        if let anchor = frame.anchor { anchors[anchor] = (node, frame.nodeCount) }
        try add(node, count: frame.nodeCount, isMergeKey: false)
    }

    func finish() throws(YAMLError) -> YAMLNode {
        guard let root else { throw YAMLError(.empty, at: nil) }
        return root
    }

    /// The dotted path of the keys of the open collections and the pending key.
    private func currentKeyPath() -> String? {
        var components = stack.compactMap(\.pathComponent)
        if let pending = stack.last?.pendingKey?.text { components.append(pending) }
        return components.isEmpty ? nil : components.joined(separator: ".")
    }

    /// Places a finished node in the open collection, or makes it the root.
    private mutating func add(_ node: YAMLNode, count: Int, isMergeKey: Bool) throws(YAMLError) {
        guard let frame = stack.last else {
            root = node
            return
        }
        frame.nodeCount += count
        guard frame.isMapping else {
            frame.items.append(node)
            return
        }
        if frame.discardNextValue {
            frame.discardNextValue = false
        } else if frame.awaitingMergeValue {
            frame.awaitingMergeValue = false
            addMergeSources(of: node, to: frame)
        } else if let key = frame.pendingKey {
            frame.pendingKey = nil
            frame.pairs.append(
                YAMLPair(key: key.text, keyLocation: key.location, value: node, keyStyle: key.style, keyTag: key.tag))
        } else {
            startEntry(in: frame, key: node, isMergeKey: isMergeKey)
        }
    }

    private mutating func startEntry(in frame: Frame, key: YAMLNode, isMergeKey: Bool) {
        guard case .scalar(let text, let style) = key.content else {
            problems.append(YAMLError(.complexKey, at: key.location, keyPath: currentKeyPath()))
            frame.discardNextValue = true
            return
        }
        if let first = frame.explicitKeys[text] {
            let path = (currentKeyPath().map { $0 + "." } ?? "") + text
            problems.append(YAMLError(.duplicateKey(text, first: first), at: key.location, keyPath: path))
            frame.discardNextValue = true
            return
        }
        frame.explicitKeys[text] = key.location
        if isMergeKey {
            frame.awaitingMergeValue = true
        } else {
            frame.pendingKey = (text, key.location, style, key.tag)
        }
    }

    /// Records the mappings a merge key's value contributes, in order of precedence.
    private mutating func addMergeSources(of value: YAMLNode, to frame: Frame) {
        switch value.content {
        case .mapping(let pairs):
            frame.mergeSources.append(pairs)
        case .sequence(let items):
            for item in items {
                guard let pairs = item.mappingPairs else {
                    problems.append(YAMLError(.invalidMerge, at: item.location, keyPath: currentKeyPath()))
                    continue
                }
                frame.mergeSources.append(pairs)
            }
        case .scalar:
            problems.append(YAMLError(.invalidMerge, at: value.location, keyPath: currentKeyPath()))
        }
    }

    /// Adds merged entries after the explicit ones: explicit keys win, then earlier sources.
    private static func applyMerges(_ frame: Frame) -> [YAMLPair] {
        guard !frame.mergeSources.isEmpty else { return frame.pairs }
        var pairs = frame.pairs
        var present = Set(frame.pairs.map(\.key))
        for source in frame.mergeSources {
            for pair in source where !present.contains(pair.key) {
                present.insert(pair.key)
                pairs.append(pair)
            }
        }
        return pairs
    }
}
