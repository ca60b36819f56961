import Testing

@testable import CredhashEngine

/// A saved plan's actions must match the state and configuration, so a hand-edited plan cannot
/// touch hashes credhash does not manage.
struct SavedPlanBackingTests {
    typealias F = PlanFixtures
    static let main = F.email("main")
    static let state = F.state([(main, "h1")], retirements: [
        Retirement(address: "email.main", type: .email, hash: "h0", since: "2026-01-01T00:00:00Z"),
    ])

    @Test func plannedActionsAreBacked() {
        let plan = Planner.plan(F.input([F.email("main", password: "new"), F.email("new")], state: Self.state))
        for change in plan.changes {
            #expect(SavedPlan.isBacked(change, state: Self.state, config: F.config([F.email("main"), F.email("new")])))
        }
    }

    @Test func foreignHashIsNotBacked() {
        let config = F.config([Self.main])
        let ghost = PlannedChange(address: "email.ghost", type: .email, action: .deactivate, reasons: [], hash: "foreign")
        #expect(!SavedPlan.isBacked(ghost, state: Self.state, config: config))
        let otherHash = PlannedChange(address: "email.main", type: .email, action: .replace, reasons: [], hash: "foreign")
        #expect(!SavedPlan.isBacked(otherHash, state: Self.state, config: config))
        let madeUpRetire = PlannedChange(address: "email.main", type: .email, action: .retire, reasons: [], hash: "made-up")
        #expect(!SavedPlan.isBacked(madeUpRetire, state: Self.state, config: config))
        let realRetire = PlannedChange(address: "email.main", type: .email, action: .retire, reasons: [], hash: "h0")
        #expect(SavedPlan.isBacked(realRetire, state: Self.state, config: config))
    }
}
