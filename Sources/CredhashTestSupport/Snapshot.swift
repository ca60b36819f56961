import Foundation
import Testing

/// Golden-file comparisons for test suites.
public enum Snapshot {
    /// The environment variable that makes ``assertMatches(_:file:sourceLocation:)`` re-record.
    public static let recordVariable = "RECORD_SNAPSHOTS"

    /// Compares `text` with the file at `path`, or writes the file when `RECORD_SNAPSHOTS` is set.
    ///
    /// A re-record also records a test issue, so a recording run never passes by accident.
    public static func assertMatches(_ text: String, file path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if ProcessInfo.processInfo.environment[recordVariable] != nil {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("recorded \(path); run again without \(recordVariable)", sourceLocation: sourceLocation)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == expected, "differs from \(path)", sourceLocation: sourceLocation)
    }

    /// The `Snapshots` folder beside the test file `testFile` (pass `#filePath`).
    public static func folder(besides testFile: String) -> URL {
        URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("Snapshots")
    }
}
