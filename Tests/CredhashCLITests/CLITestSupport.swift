import Foundation
import CredhashTestSupport
import Testing

@testable import CredhashCLI

/// Collects what a command writes, for assertions.
final class OutputCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var outputText = ""
    private var errorText = ""

    var output: String { lock.withLock { outputText } }
    var error: String { lock.withLock { errorText } }

    /// - Parameter input: The lines standard input returns, one per read, then end of input.
    func io(terminal: Bool = false, input: [String] = []) -> TerminalIO {
        let lines = InputLines(input)
        return TerminalIO(
            writeOutput: { text in self.lock.withLock { self.outputText += text } },
            writeError: { text in self.lock.withLock { self.errorText += text } },
            outputIsTerminal: terminal, errorIsTerminal: terminal, inputIsTerminal: terminal,
            readInputLine: { lines.next() })
    }
}

/// Lines a test types on standard input, read one at a time.
final class InputLines: @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: [String]

    init(_ lines: [String]) {
        remaining = lines
    }

    /// Returns the next line, or `nil` once every line was read.
    func next() -> String? {
        lock.withLock { remaining.isEmpty ? nil : remaining.removeFirst() }
    }
}

/// The result of one in-process run of credhash.
struct RunResult {
    let status: Int32
    let output: String
    let error: String
}

enum CLITestSupport {
    /// The repository's root folder.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The demo secrets that `examples/credentials.yaml` references.
    static var demoEnvironment: [String: String] {
        let path = repositoryRoot.appendingPathComponent("examples/demo-secrets.env").path
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var environment: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { environment[String(parts[0])] = String(parts[1]) }
        }
        return environment
    }

    static func run(
        _ arguments: [String], environment: [String: String] = [:], terminal: Bool = false, input: [String] = []
    ) async -> RunResult {
        let capture = OutputCapture()
        let status = await CommandLineTool.run(
            arguments: arguments, environment: environment, io: capture.io(terminal: terminal, input: input))
        return RunResult(status: status, output: capture.output, error: capture.error)
    }

    /// Writes `text` to a new file in a temporary folder and returns its path.
    static func temporaryFile(_ text: String, name: String = "credentials.yaml") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credhash-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    /// Compares `text` with the snapshot file `name` beside the tests; `RECORD_SNAPSHOTS=1` re-records it.
    static func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = Snapshot.folder(besides: #filePath).appendingPathComponent(name).path
        try Snapshot.assertMatches(text, file: path, sourceLocation: sourceLocation)
    }
}
