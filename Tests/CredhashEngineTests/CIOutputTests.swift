import Foundation
import Testing

@testable import CredhashEngine

/// GitHub workflow-command escaping and the `plan --report` JSON.
struct CIOutputTests {
    @Test func annotationEscapesMessage() {
        #expect(WorkflowAnnotation.escapeData("100% done\r\nnext") == "100%25 done%0D%0Anext")
        #expect(WorkflowAnnotation.escapeData("a:b,c") == "a:b,c")
    }

    @Test func annotationEscapesPropertyValue() {
        #expect(WorkflowAnnotation.escapeProperty("dir,a/b:c%d\ne") == "dir%2Ca/b%3Ac%25d%0Ae")
    }

    @Test func annotationHasFileLineAndColumn() {
        let diagnostic = Diagnostic(
            .error, "invalid port '70000'", detail: "Use 1–65535.\nSee docs.",
            location: Diagnostic.Location(file: "conf,ig:1.yaml", line: 4, column: 7), keyPath: "credentials.smtp.port")
        #expect(WorkflowAnnotation.render(diagnostic)
            == "::error file=conf%2Cig%3A1.yaml,line=4,col=7::credentials.smtp.port: invalid port '70000'%0AUse 1–65535.%0ASee docs.")
    }

    @Test func annotationLevelsMatchGitHub() {
        #expect(WorkflowAnnotation.render(Diagnostic(.warning, "w")) == "::warning::w")
        #expect(WorkflowAnnotation.render(Diagnostic(.note, "n")) == "::notice::n")
    }

    @Test func reportCountsActions() {
        var plan = SafetyThresholdTests.plan(managed: 10, deactivations: 2, retirements: 1, replacements: 3)
        plan.changes.append(PlannedChange(address: "email.new", type: .email, action: .create, reasons: []))
        plan.changes.append(PlannedChange(address: "email.moved", type: .email, action: .rename, reasons: []))
        plan.changes.append(PlannedChange(address: "email.kept", type: .email, action: .forget, reasons: []))
        let report = PlanReport(plan: plan)
        #expect(report.create == 1)
        #expect(report.update == 3)
        #expect(report.delete == 3)
        #expect(report.json == "{\"create\":1,\"update\":3,\"delete\":3}\n")
    }

    @Test func emptyPlanReportsZeros() {
        #expect(PlanReport(plan: SafetyThresholdTests.plan(managed: 0)).json == "{\"create\":0,\"update\":0,\"delete\":0}\n")
    }

    @Test func reportRecognisesEarlierReport() {
        #expect(PlanReport.isReport(Array("{\"create\":0,\"update\":1,\"delete\":2}\n".utf8)))
        #expect(PlanReport.isReport([]))
        #expect(!PlanReport.isReport(Array("{\"version\":1,\"credentials\":{}}".utf8)))
        #expect(!PlanReport.isReport(Array("version: 1\n".utf8)))
    }

    @Test func reportWriteRejectsProtectedAndForeignFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credhash-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("credentials.yaml").path
        try "version: 1\n".write(toFile: config, atomically: true, encoding: .utf8)
        let report = PlanReport(plan: SafetyThresholdTests.plan(managed: 0))

        #expect(throws: PlanReportError.self) { try report.write(to: config, protectedPaths: [config]) }
        #expect(throws: PlanReportError.self) { try report.write(to: config, protectedPaths: []) }
        let link = folder.appendingPathComponent("link.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: config)
        #expect(throws: PlanReportError.self) { try report.write(to: link, protectedPaths: []) }
        #expect(throws: PlanReportError.self) { try report.write(to: "/dev/null", protectedPaths: []) }
        #expect(try String(contentsOfFile: config, encoding: .utf8) == "version: 1\n")

        // A new file, then the same file again, since an earlier report may be replaced.
        let target = folder.appendingPathComponent("report.json").path
        try report.write(to: target, protectedPaths: [config])
        try report.write(to: target, protectedPaths: [config])
        #expect(try String(contentsOfFile: target, encoding: .utf8) == report.json)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
    }
}
