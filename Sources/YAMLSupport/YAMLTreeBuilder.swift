/// Assembles libyaml events into a ``YAMLNode`` tree.
///
/// Open collections are reference-typed frames on a stack: appending to an array held in an enum
/// payload would copy the array on every event and make building quadratic.
struct YAMLTreeBuilder {
    private final class Frame {
        let isMapping: Bool
        let tag: String?
        let anchor: String?
        let location: SourceLocation
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var explicitKeys: [String: SourceLocation] = [:]
        var mergeSources: [[YAMLPair]] = []
        var pendingKey: (text: String, location: SourceLocation)?
        var awaitingMergeValue = false
        var nodeCount = 1

        init(isMapping: Bool, tag: String?, anchor: String?, location: SourceLocation) {
            self.isMapping = isMapping
            self.tag = tag
            self.anchor = anchor
            self.location = location
        }
    }

    private let limits: YAMLLimits
    private var stack: [Frame] = []
    private var anchors: [String: (node: YAMLNode, count: Int)] = [:]
    private var root: YAMLNode?
    private var documentCount = 0
    private var expandedNodes = 0

    init(limits: YAMLLimits) {
        self.limits = limits
    }

    mutating func startDocument(at location: SourceLocation) throws(YAMLError) {
        documentCount += 1
        if documentCount > 1 { throw YAMLError(.multipleDocuments, at: location) }
    }

    mutating func addScalar(
        _ text: String, style: ScalarStyle, tag: String?, anchor: String?, at location: SourceLocation
    ) throws(YAMLError) {
        let node = YAMLNode(content: .scalar(text, style), tag: tag, location: location)
        if let anchor { anchors[anchor] = (node, 1) }
        let isMergeKey = style == .plain && tag == nil && text == "<<"
        try add(node, count: 1, isMergeKey: isMergeKey)
    }

    mutating func addAlias(_ name: String, at location: SourceLocation) throws(YAMLError) {
        guard let target = anchors[name] else { throw YAMLError(.unknownAnchor(name), at: location) }
        expandedNodes += target.count
        if expandedNodes > limits.maximumAliasExpansion {
            throw YAMLError(.aliasExpansionTooLarge(limit: limits.maximumAliasExpansion), at: location)
        }
        // The alias takes the anchored node's content but its own location, so messages about
        // it point at the place that uses it.
        let node = YAMLNode(content: target.node.content, tag: target.node.tag, location: location)
        try add(node, count: target.count, isMergeKey: false)
    }

    mutating func startCollection(
        isMapping: Bool, tag: String?, anchor: String?, at location: SourceLocation
    ) throws(YAMLError) {
        if let parent = stack.last, parent.isMapping, parent.pendingKey == nil, !parent.awaitingMergeValue {
            throw YAMLError(.complexKey, at: location)
        }
        guard stack.count < limits.maximumDepth else {
            throw YAMLError(.nestingTooDeep(limit: limits.maximumDepth), at: location)
        }
        stack.append(Frame(isMapping: isMapping, tag: tag, anchor: anchor, location: location))
    }

    mutating func endCollection() throws(YAMLError) {
        guard let frame = stack.popLast() else { return }
        let content: YAMLNode.Content =
            frame.isMapping ? .mapping(Self.applyMerges(frame)) : .sequence(frame.items)
        let node = YAMLNode(content: content, tag: frame.tag, location: frame.location)
        if let anchor = frame.anchor { anchors[anchor] = (node, frame.nodeCount) }
        try add(node, count: frame.nodeCount, isMergeKey: false)
    }

    func finish() throws(YAMLError) -> YAMLNode {
        guard let root else { throw YAMLError(.empty, at: nil) }
        return root
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
        if frame.awaitingMergeValue {
            frame.awaitingMergeValue = false
            try frame.mergeSources.append(contentsOf: Self.mergeSources(of: node))
        } else if let key = frame.pendingKey {
            frame.pendingKey = nil
            frame.pairs.append(YAMLPair(key: key.text, keyLocation: key.location, value: node))
        } else {
            try startEntry(in: frame, key: node, isMergeKey: isMergeKey)
        }
    }

    private func startEntry(in frame: Frame, key: YAMLNode, isMergeKey: Bool) throws(YAMLError) {
        guard let text = key.scalarText else { throw YAMLError(.complexKey, at: key.location) }
        if let first = frame.explicitKeys[text] {
            throw YAMLError(.duplicateKey(text, first: first), at: key.location)
        }
        frame.explicitKeys[text] = key.location
        if isMergeKey {
            frame.awaitingMergeValue = true
        } else {
            frame.pendingKey = (text, key.location)
        }
    }

    /// Returns the mappings a merge key's value contributes, in order of precedence.
    private static func mergeSources(of value: YAMLNode) throws(YAMLError) -> [[YAMLPair]] {
        switch value.content {
        case .mapping(let pairs):
            return [pairs]
        case .sequence(let items):
            var sources: [[YAMLPair]] = []
            for item in items {
                guard let pairs = item.mappingPairs else { throw YAMLError(.invalidMerge, at: item.location) }
                sources.append(pairs)
            }
            return sources
        case .scalar:
            throw YAMLError(.invalidMerge, at: value.location)
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
