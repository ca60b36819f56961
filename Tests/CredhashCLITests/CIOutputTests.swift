import Foundation
import Testing

@testable import CredhashCLI

struct CIOutputTests {
    @Test func longSummaryIsCutBelowGitHubLimit() {
        let line = String(repeating: "x", count: 99)
        let markdown = Array(repeating: line, count: 20_000).joined(separator: "\n")
        let fitted = StepSummary.fitted(markdown)
        #expect(fitted.utf8.count <= StepSummary.maximumBytes)
        #expect(fitted.hasSuffix("the job log has the full text._\n"))
        #expect(StepSummary.fitted("short") == "short")
    }

    @Test func annotationPathIsRelativeToWorkspace() async throws {
        let path = try CLITestSupport.temporaryFile("version: 2\ncredentials: {}\n")
        let workspace = (path as NSString).deletingLastPathComponent
        let result = await CLITestSupport.run(
            ["validate", "-c", path], environment: ["GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": workspace])
        #expect(result.status == 1)
        #expect(result.output.contains("::error file=credentials.yaml,line=1,col=10::"), "\(result.output)")
    }

    @Test func initNamesAMissingFolder() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credhash-missing-\(UUID().uuidString)")
        let target = folder.appendingPathComponent("x/credentials.yaml").path
        let result = await CLITestSupport.run(["init", "-c", target])
        #expect(result.status == 1)
        #expect(result.error.contains("does not exist"), "\(result.error)")
    }
}
