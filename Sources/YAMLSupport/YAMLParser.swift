internal import CYAML

/// Parses one YAML 1.1 document into a ``YAMLNode`` tree using libyaml's event API.
///
/// The parser keeps every scalar as the text the user wrote and resolves no types: deciding what
/// `yes` or `0465` means is left to the consumer, which knows the field. It rejects duplicate
/// keys, more than one document, and input beyond ``YAMLLimits``.
public enum YAMLParser {
    /// Parses `bytes` as a single YAML document.
    ///
    /// A UTF-8 byte-order mark and CRLF line endings are accepted.
    ///
    /// - Parameters:
    ///   - bytes: The document's bytes.
    ///   - limits: The bounds on size, depth and alias expansion.
    /// - Returns: The document's root node.
    /// - Throws: ``YAMLError`` with the location of the first problem.
    public static func parse(_ bytes: [UInt8], limits: YAMLLimits = .standard) throws(YAMLError) -> YAMLNode {
        let document = try parseDocument(bytes, limits: limits)
        if let first = document.problems.first { throw first }
        return document.root
    }

    /// Parses `bytes` as a single YAML document, collecting the problems that leave the rest of
    /// the document readable instead of stopping at the first.
    ///
    /// - Throws: ``YAMLError`` for a problem that makes the rest unreadable: a syntax error, a
    ///   second document, or a limit exceeded.
    public static func parseDocument(_ bytes: [UInt8], limits: YAMLLimits = .standard) throws(YAMLError) -> YAMLDocument {
        guard bytes.count <= limits.maximumInputBytes else {
            throw YAMLError(.inputTooLarge(bytes: bytes.count, limit: limits.maximumInputBytes), at: nil)
        }

        // libyaml keeps a pointer to both the parser and the input until it is done, so both live
        // in allocated memory that outlasts every call. The input gets at least one byte because
        // libyaml asserts on a NULL buffer.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        let input = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        input.initialize(from: bytes, count: bytes.count)
        guard yaml_parser_initialize(parser) == 1 else {
            parser.deallocate()
            input.deallocate()
            throw YAMLError(.syntax(problem: "libyaml could not allocate a parser", context: nil), at: nil)
        }
        defer {
            yaml_parser_delete(parser)
            parser.deallocate()
            input.deallocate()
        }
        yaml_parser_set_input_string(parser, input, bytes.count)

        var builder = YAMLTreeBuilder(limits: limits)
        var source = SourceText(bytes)
        try readEvents(parser: parser, source: &source, into: &builder)
        return YAMLDocument(root: try builder.finish(), problems: builder.problems)
    }

    /// Parses UTF-8 `text` as a single YAML document.
    public static func parse(_ text: String, limits: YAMLLimits = .standard) throws(YAMLError) -> YAMLNode {
        try parse(Array(text.utf8), limits: limits)
    }

    private static func readEvents(
        parser: UnsafeMutablePointer<yaml_parser_t>, source: inout SourceText, into builder: inout YAMLTreeBuilder
    ) throws(YAMLError) {
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(parser, &event) == 1 else {
                throw parserError(parser.pointee, source: &source)
            }
            defer { yaml_event_delete(&event) }
            if event.type == YAML_STREAM_END_EVENT { return }
            try handle(event, source: &source, builder: &builder)
        }
    }

    private static func handle(
        _ event: yaml_event_t, source: inout SourceText, builder: inout YAMLTreeBuilder
    ) throws(YAMLError) {
        let location = SourceLocation(
            line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            try builder.startDocument(at: location)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            guard scalar.length <= builder.limits.maximumScalarBytes else {
                try builder.addOversizedScalar(bytes: scalar.length, at: location)
                return
            }
            let text = String(
                decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let scalarStyle = style(of: scalar.style)
            let commented = scalarStyle == .plain
                && source.hasComment(afterLine: Int(event.end_mark.line), column: Int(event.end_mark.column))
            try builder.addScalar(
                text, style: scalarStyle, tag: optionalString(scalar.tag), anchor: optionalString(scalar.anchor),
                at: location, hasTrailingComment: commented)
        case YAML_ALIAS_EVENT:
            try builder.addAlias(optionalString(event.data.alias.anchor) ?? "", at: location)
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            try builder.startCollection(
                isMapping: false, tag: optionalString(start.tag), anchor: optionalString(start.anchor), at: location)
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            try builder.startCollection(
                isMapping: true, tag: optionalString(start.tag), anchor: optionalString(start.anchor), at: location)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            try builder.endCollection()
        default:
            break
        }
    }

    private static func style(of style: yaml_scalar_style_t) -> ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }

    private static func optionalString(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// Turns libyaml's error fields into a located ``YAMLError``, with a plain message for tabs.
    ///
    /// Errors of libyaml's reader (invalid UTF-8, control characters) carry a byte offset rather
    /// than a mark, so their location is computed from the offset.
    private static func parserError(_ parser: yaml_parser_t, source: inout SourceText) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        let context = parser.context.map { String(cString: $0) }
        if parser.error == YAML_READER_ERROR {
            let location = source.location(ofByte: Int(parser.problem_offset))
            return YAMLError(.syntax(problem: problem, context: context), at: location)
        }
        // libyaml finds a construct left open, such as a quoted scalar without its closing quote,
        // only at the end of the stream. That may be far below it, so the error points at where
        // the construct started.
        let isOpenAtEnd = problem.contains("end of stream") && parser.context != nil
        let mark = isOpenAtEnd ? parser.context_mark : parser.problem_mark
        let location = SourceLocation(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        if let tabColumn = source.leadingTabColumn(line: location.line) {
            return YAMLError(.tabIndentation, at: SourceLocation(line: location.line, column: tabColumn))
        }
        return YAMLError(.syntax(problem: problem, context: context), at: location)
    }
}

/// A parsed document: its root and the problems that did not stop the parse.
public struct YAMLDocument: Sendable {
    /// The root node.
    public let root: YAMLNode
    /// Duplicate keys, unknown aliases, complex keys and invalid merges, in the order found.
    public let problems: [YAMLError]
}
