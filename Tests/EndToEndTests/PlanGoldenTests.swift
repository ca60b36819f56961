import CredhashTestSupport
import Foundation
import Testing

/// The human, JSON and Markdown plan of every fixture, offline and without a state, compared with
/// golden files in `Snapshots/<fixture>/`. `RECORD_SNAPSHOTS=1` re-records them.
@Suite(.timeLimit(.minutes(1)))
struct PlanGoldenTests {
    static var fixtures: [String] {
        let folder = CredhashBinary.repositoryRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    static let formats: [(name: String, arguments: [String])] = [
        ("plan.txt", []), ("plan.json", ["--json"]), ("plan.md", ["--markdown"]),
    ]

    @Test(arguments: fixtures)
    func planMatchesGoldenFiles(_ fixture: String) throws {
        let workspace = try Workspace(fixture: fixture, secrets: canarySecrets("golden"))
        let folder = Snapshot.folder(besides: #filePath).appendingPathComponent(fixture)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for format in Self.formats {
            let result = try workspace.run(["plan", "--refresh=false", "--no-color"] + format.arguments)
            let text = "exit \(result.status)\n" + result.output
            try Snapshot.assertMatches(text, file: folder.appendingPathComponent(format.name).path)
        }
        try workspace.expectNoSecretWritten()
    }
}
