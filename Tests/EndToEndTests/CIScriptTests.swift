import Foundation
import Testing

/// The CI helper scripts that do not run credhash's own commands: installing the binary and
/// committing the state back.
@Suite(.timeLimit(.minutes(1)))
struct CIScriptTests {
    static let scripts = CredhashBinary.repositoryRoot.appendingPathComponent("examples/ci/scripts")

    /// Writes `body` as a bash script into the workspace and runs it there.
    static func runBash(_ body: String, in workspace: Workspace, environment: [String: String] = [:]) throws -> CommandResult {
        let path = workspace.directory.appendingPathComponent("scenario-\(UUID().uuidString).sh").path
        try ("set -euo pipefail\n" + body).write(toFile: path, atomically: true, encoding: .utf8)
        return try workspace.runScript(path, environment: environment)
    }

    @Test func installChecksTheDownload() throws {
        let workspace = try Workspace(fixture: "ci-pipeline", secrets: [:])
        let binary = try CredhashBinary.path()
        let data = try Data(contentsOf: URL(fileURLWithPath: binary))
        let sha = try #require(try Self.runBash("sha256sum \"\(binary)\" | cut -d' ' -f1", in: workspace).output
            .split(separator: "\n").first.map(String.init))
        let install = Self.scripts.appendingPathComponent("install-credhash.sh").path
        let good = try workspace.runScript(install, environment: [
            "CREDHASH_DOWNLOAD_URL": "file://\(binary)", "CREDHASH_SHA256": sha, "CREDHASH_INSTALL_TO": "bin/credhash",
        ])
        #expect(good.status == 0, "\(good)")
        #expect(good.output.contains("credhash "), "\(good)")
        #expect(FileManager.default.contents(atPath: workspace.directory.appendingPathComponent("bin/credhash").path) == data)

        let bad = try workspace.runScript(install, environment: [
            "CREDHASH_DOWNLOAD_URL": "file://\(binary)", "CREDHASH_SHA256": String(repeating: "0", count: 64),
            "CREDHASH_INSTALL_TO": "bad/credhash",
        ])
        #expect(bad.status != 0)
        #expect(!FileManager.default.fileExists(atPath: workspace.directory.appendingPathComponent("bad/credhash").path))
        #expect(!FileManager.default.fileExists(atPath: workspace.directory.appendingPathComponent("bad/credhash.download").path))
    }

    @Test func commitStateReplaysOnANewerBranchTip() throws {
        let workspace = try Workspace(fixture: "ci-pipeline", secrets: [:])
        let commitState = Self.scripts.appendingPathComponent("commit-state.sh").path
        let scenario = """
            export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
            git init -q --bare remote.git
            git clone -q remote.git first 2>/dev/null
            cd first && git checkout -q -b main && echo '{}' > credhash.state.json && git add . && git commit -qm start
            git push -q origin main && cd ..
            git clone -q -b main remote.git second
            cd first && echo note > other.txt && git add . && git commit -qm other && git push -q origin main && cd ..
            cd second && echo '{"serial":1}' > credhash.state.json
            CREDHASH_BRANCH=main bash "\(commitState)"
            cd .. && git -C remote.git log --format=%s main
            """
        let result = try Self.runBash(scenario, in: workspace)
        #expect(result.status == 0, "\(result)")
        #expect(result.output.hasSuffix("Record the credhash state after apply [skip ci]\nother\nstart\n"), "\(result)")
        #expect(result.error.contains("replaying the state commit on 'main'"), "\(result)")
    }

    @Test func commitStateWithoutStateDoesNothing() throws {
        let workspace = try Workspace(fixture: "ci-pipeline", secrets: [:])
        let commitState = Self.scripts.appendingPathComponent("commit-state.sh").path
        let result = try Self.runBash("git init -q empty && cd empty && CREDHASH_BRANCH=main bash \"\(commitState)\"", in: workspace)
        #expect(result.status == 0, "\(result)")
        #expect(result.output.contains("No state file 'credhash.state.json' to commit."))
    }
}
