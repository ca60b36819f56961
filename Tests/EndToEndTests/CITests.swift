import Foundation
import Testing

/// The CI integration: job summary, annotations, `--report`, `--expect-no-changes`, and the
/// example scripts that the GitHub Actions and GitLab CI examples call.
@Suite(.timeLimit(.minutes(1))) struct CITests {
    static let scripts = CredhashBinary.repositoryRoot.appendingPathComponent("examples/ci/scripts")

    /// The variables GitHub Actions sets, with a job summary file in the fixture copy.
    static func githubEnvironment(_ workspace: Workspace) -> [String: String] {
        ["CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summaryPath(workspace)]
    }

    static func summaryPath(_ workspace: Workspace) -> String {
        workspace.directory.appendingPathComponent("step-summary.md").path
    }

    static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    @Test func planAppendsToStepSummary() throws {
        let workspace = try Workspace(fixture: "ci-pipeline", secrets: canarySecrets("ci-summary"))
        let summary = Self.summaryPath(workspace)
        try "earlier step\n".write(toFile: summary, atomically: true, encoding: .utf8)

        let result = try workspace.run(["plan"], environment: Self.githubEnvironment(workspace))
        #expect(result.status == 0, "\(result)")
        let text = Self.read(summary)
        #expect(text.hasPrefix("earlier step\n"), "the summary was truncated: \(text)")
        #expect(text.contains("### credhash plan for `credentials.yaml`"), "\(text)")
        #expect(text.contains("| `+` | `email.smtp-main` | create |"), "\(text)")
        #expect(!result.output.contains("\u{1B}["), "colour in CI: \(result)")

        // A second run appends again.
        _ = try workspace.run(["plan"], environment: Self.githubEnvironment(workspace))
        #expect(Self.read(summary).components(separatedBy: "### credhash plan").count - 1 == 2)
        try workspace.expectNoSecretWritten()
    }

    @Test func unwritableStepSummaryIsWarning() throws {
        let workspace = try Workspace(fixture: "ci-pipeline", secrets: canarySecrets("ci-summary-fail"))
        let missing = workspace.directory.appendingPathComponent("no-such-folder/summary.md").path
        let result = try workspace.run(["plan"], environment: ["CI": "true", "GITHUB_STEP_SUMMARY": missing])
        #expect(result.status == 0, "\(result)")
        #expect(result.error.contains("warning: failed appending to the job summary"), "\(result)")
    }

    @Test func brokenConfigPrintsAnnotations() throws {
        let workspace = try Workspace(fixture: "ci-broken", secrets: canarySecrets("ci-broken"))
        let result = try workspace.run(["plan"], environment: Self.githubEnvironment(workspace))
        #expect(result.status == 1, "\(result)")
        let annotations = result.output.split(separator: "\n").filter { $0.hasPrefix("::error ") }
        #expect(annotations.count == 1, "\(result)")
        #expect(annotations.first?.hasPrefix("::error file=credentials.yaml,line=7,col=11::") == true, "\(result)")
        #expect(annotations.first?.contains("70000") == true, "\(result)")
        #expect(result.error.contains("credentials.yaml:7:11: error:"), "\(result)")

        // Outside GitHub Actions the same run prints no workflow command.
        let plain = try workspace.run(["plan"], environment: ["CI": "true"])
        #expect(!plain.output.contains("::error"), "\(plain)")
    }

    @Test func reportCountsPlannedChanges() throws {
        let workspace = try Workspace(fixture: "ci-pipeline", secrets: canarySecrets("ci-report"))
        let result = try workspace.run(["plan", "--report", "report.json"], environment: ["CI": "true"])
        #expect(result.status == 0, "\(result)")
        let path = workspace.directory.appendingPathComponent("report.json").path
        #expect(Self.read(path) == "{\"create\":2,\"update\":0,\"delete\":0}\n")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let rejected = try workspace.run(["plan", "--report", "credentials.yaml"], environment: ["CI": "true"])
        #expect(rejected.status == 1, "\(rejected)")
        #expect(rejected.error.contains("not writing the plan report to 'credentials.yaml'"), "\(rejected)")
        #expect(Self.read(workspace.directory.appendingPathComponent("credentials.yaml").path).hasPrefix("# Two credentials"))
        try workspace.expectNoSecretWritten()
    }

    @Test func expectNoChangesExitsTwoOnChanges() throws {
        let workspace = try Workspace(fixture: "ci-pipeline", secrets: canarySecrets("ci-expect"))
        let changed = try workspace.run(["plan", "--expect-no-changes"], environment: ["CI": "true"])
        #expect(changed.status == 2, "\(changed)")
        #expect(changed.error.contains("expected no changes, but the plan has 2 changes: 2 to create"), "\(changed)")

        let applied = try workspace.run(["apply", "--auto-approve"], environment: ["CI": "true"])
        #expect(applied.status == 0, "\(applied)")
        let clean = try workspace.run(["plan", "--expect-no-changes"], environment: ["CI": "true"])
        #expect(clean.status == 0, "\(clean)")
        #expect(!clean.error.contains("expected no changes"), "\(clean)")
    }

    @Test func applyInCINeverPrompts() throws {
        let workspace = try Workspace(fixture: "ci-pipeline", secrets: canarySecrets("ci-prompt"))
        let result = try workspace.run(["apply"], environment: ["CI": "true"])
        #expect(result.status == 1, "\(result)")
        #expect(result.error.contains("apply needs approval"), "\(result)")
        #expect(try workspace.emulatorRequests().filter { $0.method == "POST" }.isEmpty)
    }

    @Test func exampleScriptsRunEndToEnd() throws {
        var secrets = canarySecrets("ci-scripts")
        secrets["CREDHASH_STATE_KEY"] = "canary-ci-scripts-state-key-91c2"
        let workspace = try Workspace(fixture: "ci-pipeline", secrets: secrets)
        let environment = Self.githubEnvironment(workspace)
        let summary = Self.summaryPath(workspace)

        // MARK: plan on a pull request
        let plan = try workspace.runScript(Self.scripts.appendingPathComponent("plan.sh").path, environment: environment)
        #expect(plan.status == 0, "\(plan)")
        #expect(plan.output.contains("Changes planned and saved to credhash.plan."), "\(plan)")
        #expect(Self.read(summary).contains("| `+` | `email.smtp-main` | create |"))
        let report = workspace.directory.appendingPathComponent("credhash-report.json").path
        #expect(Self.read(report) == "{\"create\":2,\"update\":0,\"delete\":0}\n")
        let markdown = Self.read(workspace.directory.appendingPathComponent("credhash-plan.md").path)
        #expect(markdown.hasPrefix("### credhash plan for `credentials.yaml`"), "\(markdown)")
        #expect(workspace.stateBytes() == nil, "plan wrote the state")

        // MARK: apply the saved plan on main
        let apply = try workspace.runScript(Self.scripts.appendingPathComponent("apply.sh").path, environment: environment)
        #expect(apply.status == 0, "\(apply)")
        try workspace.expectConverged(addressCount: 2)
        let applied = Self.read(summary)
        #expect(applied.contains("### credhash apply finished"), "\(applied)")
        #expect(applied.contains("**2 succeeded, 0 failed**"), "\(applied)")
        #expect(applied.contains("| `email.smtp-main` | create | `"), "\(applied)")

        // MARK: drift check
        let clean = try workspace.runScript(Self.scripts.appendingPathComponent("drift-check.sh").path, environment: environment)
        #expect(clean.status == 0, "\(clean)")
        let drifted = try workspace.runScript(
            Self.scripts.appendingPathComponent("drift-check.sh").path,
            environment: environment.merging(["E2E_SMTP_PASSWORD": "canary-ci-scripts-rotated-44d0"]) { $1 })
        #expect(drifted.status == 2, "\(drifted)")
        #expect(drifted.error.contains("expected no changes, but the plan has 1 change: 1 to replace"), "\(drifted)")
        try workspace.expectNoSecretWritten()
    }

    @Test func workflowsCallExampleScripts() throws {
        let folder = CredhashBinary.repositoryRoot.appendingPathComponent("examples/ci")
        let github = try String(contentsOf: folder.appendingPathComponent("github-actions.yml"), encoding: .utf8)
        let gitlab = try String(contentsOf: folder.appendingPathComponent("gitlab-ci.yml"), encoding: .utf8)
        for script in ["plan.sh", "apply.sh", "drift-check.sh", "commit-state.sh"] {
            #expect(github.contains("run: examples/ci/scripts/\(script)"), "github-actions.yml does not run \(script)")
            #expect(gitlab.contains("examples/ci/scripts/\(script)"), "gitlab-ci.yml does not run \(script)")
            let path = Self.scripts.appendingPathComponent(script).path
            #expect(FileManager.default.isExecutableFile(atPath: path), "\(script) is missing or not executable")
        }
        for text in [github, gitlab] {
            #expect(text.contains("REBILLY_API_KEY"))
            #expect(text.contains("CREDHASH_STATE_KEY"))
            #expect(!text.lowercased().contains("emulator"))
            #expect(!text.contains("REBILLY_API_URL"))
        }
        #expect(github.contains("secrets.REBILLY_API_KEY"))
        #expect(github.contains("concurrency:"))
        #expect(gitlab.contains("resource_group:"))
        #expect(gitlab.contains("terraform: credhash-report.json"))
    }
}
