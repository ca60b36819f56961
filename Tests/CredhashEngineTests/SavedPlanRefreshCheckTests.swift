import RebillyAPI
import Testing

@testable import CredhashEngine

/// `apply FILE` reads again every hash whose saved change rests on what the refresh found.
struct SavedPlanRefreshCheckTests {
    typealias F = PlanFixtures
    static let main = F.email("main")

    /// Returns a saved plan of one change of `action` with `reason` on hash `h1`.
    static func saved(_ action: PlanAction, _ reason: ActionReason) -> SavedPlan {
        var plan = Planner.plan(F.input([main], state: F.state([(main, "h1")])))
        plan.changes = [PlannedChange(address: "email.main", type: .email, action: action, reasons: [reason], hash: "h1")]
        return SavedPlan(plan: plan, secretFingerprints: [:], fingerprintSalt: "", fingerprintKeyed: false)
    }

    @Test func forgetOfActiveHashIsRejected() async {
        let gateway = FakeGateway()
        let error = await #expect(throws: StalePlanError.self) {
            try await Self.saved(.forget, .forgetBecauseGoneFromRebilly).confirmRefreshReasons(gateway: gateway)
        }
        #expect(gateway.calls == ["get h1"])
        #expect(error?.differences == [
            "its forget of 'email.main' rests on hash 'h1' being missing or deactivated or inactive in Rebilly, "
                + "but it is active"
        ])
    }

    @Test func replaceOfPresentHashIsRejected() async {
        await #expect(throws: StalePlanError.self) {
            try await Self.saved(.replace, .replaceBecauseMissingInRebilly).confirmRefreshReasons(gateway: FakeGateway())
        }
    }

    @Test func confirmedReasonIsAccepted() async throws {
        let gateway = FakeGateway()
        gateway.getStatus["h1"] = .deactivated
        try await Self.saved(.replace, .replaceBecauseDeactivatedInRebilly).confirmRefreshReasons(gateway: gateway)
        #expect(gateway.calls == ["get h1"])
    }

    @Test func otherReasonsReadNothing() async throws {
        let gateway = FakeGateway()
        try await Self.saved(.replace, .replaceBecauseSecretChanged).confirmRefreshReasons(gateway: gateway)
        #expect(gateway.calls.isEmpty)
    }
}
