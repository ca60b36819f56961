import CredhashTestSupport
import Foundation
import Testing

@testable import CredhashEngine

/// Golden files for the three plan renderers, from one plan with every action.
struct PlanRendererTests {
    typealias F = PlanFixtures

    static var everyAction: Plan {
        let main = F.email("main")
        let removed = F.email("removed", host: "gone.example.com")
        let oldName = F.email("old-name", host: "moved.example.com")
        let sharer = F.email("sharer", host: "shared.example.com")
        let keeper = F.email("keeper", host: "shared.example.com", password: "other", retire: .immediately)
        let retirement = Retirement(address: "email.keeper", type: .email, hash: "h-superseded", since: "2026-01-02T00:00:00Z")
        let pending = PendingCreate(address: "email.pending", type: .email, requestFingerprint: "f", time: "2026-01-03T00:00:00Z")
        let state = F.state(
            [(main, "h-main"), (removed, "h-removed"), (oldName, "h-moved"), (sharer, "h-shared"), (keeper, "h-shared")],
            retirements: [retirement], pending: [pending])
        var remoteFields = keeper.fieldDictionary
        remoteFields["host"] = .text("drifted.example.com")
        let desired = [
            F.email("main", port: 587, password: "rotated", retire: .immediately), F.email("new-name", host: "moved.example.com"),
            keeper, F.email("fresh", host: "fresh.example.com"), F.email("pending"),
        ]
        return Planner.plan(F.input(desired, state: state, remote: [
            "email.main": .found(status: .active, fields: main.fieldDictionary, secretFingerprints: nil),
            "email.keeper": .found(status: .active, fields: remoteFields, secretFingerprints: nil),
            "email.old-name": .found(status: .active, fields: oldName.fieldDictionary, secretFingerprints: nil),
        ]))
    }

    static func snapshotPath(_ name: String) -> String {
        Snapshot.folder(besides: #filePath).appendingPathComponent(name).path
    }

    @Test func planHasEveryAction() {
        let actions = Set(Self.everyAction.changes.map(\.action))
        #expect(actions == [.create, .replace, .deactivate, .rename, .retire, .forget])
    }

    @Test func humanRendering() throws {
        try Snapshot.assertMatches(HumanPlanRenderer.render(Self.everyAction), file: Self.snapshotPath("plan-every-action.txt"))
    }

    @Test func colouredHumanRenderingOnlyAddsEscapes() {
        let plain = HumanPlanRenderer.render(Self.everyAction)
        let coloured = HumanPlanRenderer.render(Self.everyAction, colorize: true)
        #expect(coloured != plain)
        let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(stripped == plain)
    }

    @Test func jsonRendering() throws {
        try Snapshot.assertMatches(PlanJSONRenderer.render(Self.everyAction) + "\n", file: Self.snapshotPath("plan-every-action.json"))
    }

    @Test func jsonRoundTrips() throws {
        let json = PlanJSONRenderer.render(Self.everyAction)
        let document = try JSONDecoder().decode(PlanDocument.self, from: Data(json.utf8))
        #expect(document.plan == Self.everyAction)
        #expect(document.summary["create"] == 1)
    }

    @Test func markdownRendering() throws {
        try Snapshot.assertMatches(MarkdownPlanRenderer.render(Self.everyAction), file: Self.snapshotPath("plan-every-action.md"))
    }

    @Test func emptyPlanSaysNoChanges() {
        let plan = Planner.plan(F.input([F.email("main")], state: F.state([(F.email("main"), "h1")])))
        let text = HumanPlanRenderer.render(plan)
        #expect(text.contains("No changes. The state matches the configuration; Rebilly was not queried."))
        #expect(text.hasSuffix("Plan: 0 to create, 0 to replace, 0 to deactivate, 0 to rename, 0 to retire, 1 unchanged.\n"))
    }

    @Test func renderingsHoldNoSecretOrFingerprint() {
        let plan = Self.everyAction
        let fingerprint = F.key.fingerprint(kind: .email, path: "auth.password", value: .init("rotated"))
        for text in [HumanPlanRenderer.render(plan), PlanJSONRenderer.render(plan), MarkdownPlanRenderer.render(plan)] {
            #expect(!text.contains("rotated"))
            #expect(!text.contains(String(fingerprint.prefix(8))))
        }
    }
}
