import Testing

@testable import CredhashEngine

/// A saved plan is applied only when its changes are exactly those credhash plans now from the
/// same state and configuration, so a hand-edited plan cannot do other than `show` displays.
struct SavedPlanReplanTests {
    typealias F = PlanFixtures
    static let main = F.email("main", retire: .immediately)
    static let backup = F.email("backup", host: "backup.example.com")
    static let removed = F.email("removed", host: "old.example.com")
    static let state = F.state([(main, "h1"), (backup, "h2"), (removed, "h3")], retirements: [
        Retirement(address: "email.main", type: .email, hash: "h0", since: "2026-01-01T00:00:00Z"),
    ])
    /// The configuration now: `main` has a new password, `backup` uses retire: manual and a new
    /// port, `removed` is gone and `new` is added.
    static let desired = [
        F.email("main", password: "rotated", retire: .immediately), F.email("backup", host: "backup.example.com", port: 587),
        F.email("new"),
    ]

    static func planned(remote: [String: RemoteObservation]? = nil) -> Plan {
        Planner.plan(F.input(desired, state: state, remote: remote))
    }

    static func difference(_ plan: Plan) -> String? {
        let input = F.input(desired, state: state)
        return SavedPlan.replanDifference(plan, state: state, config: input.config, fingerprints: input.fingerprints)
    }

    static func index(of action: PlanAction, _ address: String, in plan: Plan) throws -> Int {
        try #require(plan.changes.firstIndex { $0.action == action && $0.address == address })
    }

    @Test func unchangedPlanIsAccepted() {
        let plan = Self.planned()
        #expect(plan.changes.count == 5)
        #expect(Self.difference(plan) == nil)
    }

    @Test func duplicatedChangeIsRejected() throws {
        var plan = Self.planned()
        let create = try Self.index(of: .create, "email.new", in: plan)
        plan.changes.insert(plan.changes[create], at: create)
        #expect(Self.difference(plan) == "it lists the create of 'email.new' more than once")
    }

    @Test func retirementUnderManualPolicyIsRejected() throws {
        var plan = Self.planned()
        let replace = try Self.index(of: .replace, "email.backup", in: plan)
        #expect(plan.changes[replace].retiresOldHash == false)
        plan.changes[replace].retiresOldHash = true
        let message = try #require(Self.difference(plan))
        #expect(message.hasPrefix("its replace of 'email.backup' differs"))
        #expect(message.hasSuffix("in 'retiresOldHash'"))
    }

    @Test func editedFieldIsRejected() throws {
        var plan = Self.planned()
        let create = try Self.index(of: .create, "email.new", in: plan)
        plan.changes[create].fields["host"] = .text("evil.example.com")
        let message = try #require(Self.difference(plan))
        #expect(message.hasPrefix("its create of 'email.new' differs"))
        #expect(message.hasSuffix("in 'fields'"))
    }

    @Test func everyEditedChangeFieldIsNamed() throws {
        let plan = Self.planned()
        let replace = try Self.index(of: .replace, "email.main", in: plan)
        let edits: [(String, (inout PlannedChange) -> Void)] = [
            ("type", { $0.type = .webhook }),
            ("reasons", { $0.reasons = [.replaceBecauseFieldsChanged] }),
            ("hash", { $0.hash = "foreign" }),
            ("previousAddress", { $0.previousAddress = "email.backup" }),
            ("fieldChanges", { $0.fieldChanges = [] }),
            ("fields", { $0.fields["port"] = .integer(2525) }),
            ("secretPaths", { $0.secretPaths = [] }),
            ("retiresOldHash", { $0.retiresOldHash = false }),
        ]
        for (name, edit) in edits {
            var edited = plan
            edit(&edited.changes[replace])
            let message = try #require(Self.difference(edited), "editing '\(name)' was accepted")
            #expect(message.hasSuffix("in '\(name)'"), "editing '\(name)': \(message)")
        }
    }

    @Test func addedChangeIsRejected() {
        var plan = Self.planned()
        plan.changes.append(PlannedChange(address: "email.zz-ghost", type: .email, action: .deactivate, reasons: [], hash: "foreign"))
        #expect(Self.difference(plan) == "its deactivate of 'email.zz-ghost' is not planned from the current state and configuration")
    }

    @Test func changedActionIsRejected() throws {
        var plan = Self.planned()
        let deactivate = try Self.index(of: .deactivate, "email.removed", in: plan)
        plan.changes[deactivate].action = .forget
        plan.changes[deactivate].reasons = [.forgetBecauseHashShared]
        #expect(Self.difference(plan) == "its forget of 'email.removed' is not planned from the current state and configuration")
    }

    @Test func removedChangeIsRejected() throws {
        var plan = Self.planned()
        plan.changes.remove(at: try Self.index(of: .retire, "email.main", in: plan))
        #expect(Self.difference(plan) == "it lacks the retire of 'email.main' that credhash plans now")
    }

    @Test func unchangedCountIsCompared() {
        var plan = Self.planned()
        plan.unchanged = 3
        #expect(Self.difference(plan) == "it counts 3 unchanged credentials, but credhash counts 0 now")
    }

    @Test func managedCountIsCompared() {
        var plan = Self.planned()
        plan.managedCount = 7
        #expect(Self.difference(plan) == "it counts 7 managed credentials, but the state holds 3")
    }

    @Test func pendingCreatesAreCompared() {
        var plan = Self.planned()
        plan.pending = [PendingEntry(address: "email.new", type: .email, since: "2026-01-01T00:00:00Z")]
        #expect(Self.difference(plan) == "its pending creates differ from the journal in the state")
    }

    @Test func refreshReasonsAreReplayed() throws {
        let plan = Self.planned(remote: ["email.main": .notFound, "email.removed": .notFound])
        let replace = try Self.index(of: .replace, "email.main", in: plan)
        #expect(plan.changes[replace].reasons.contains(.replaceBecauseMissingInRebilly))
        #expect(plan.changes[replace].retiresOldHash == false)
        #expect(try plan.changes[Self.index(of: .forget, "email.removed", in: plan)].reasons == [.forgetBecauseGoneFromRebilly])
        #expect(Self.difference(plan) == nil)

        var offline = plan
        offline.refresh = RefreshInfo(performed: false, skippedBecause: "REBILLY_API_KEY is not set", secretsObservable: false)
        #expect(Self.difference(offline) != nil)
    }
}
