import RebillyAPI
import Testing

@testable import CredhashEngine

/// One planner scenario: its input and the actions and reasons it must produce.
struct PlannerCase: CustomTestStringConvertible, Sendable {
    let id: String
    let input: PlanInput
    /// `address action reason…` per change, in plan order.
    let expected: [String]
    var unchanged = 0

    var testDescription: String { id }
}

struct PlannerTests {
    typealias F = PlanFixtures
    static let main = F.email("main")
    static let other = F.email("other", host: "other.example.com")
    static let retirement = Retirement(address: "email.main", type: .email, hash: "h-old", since: "2026-01-02T00:00:00Z")

    static let cases: [PlannerCase] = [
        PlannerCase(id: "no state creates all", input: F.input([main, other], state: nil),
                    expected: ["email.main create createBecauseNew", "email.other create createBecauseNew"]),
        PlannerCase(id: "matching state has no changes",
                    input: F.input([main, other], state: F.state([(main, "h1"), (other, "h2")])),
                    expected: [], unchanged: 2),
        PlannerCase(id: "rotated secret replaces",
                    input: F.input([F.email("main", password: "rotated")], state: F.state([(main, "h1")])),
                    expected: ["email.main replace replaceBecauseSecretChanged"]),
        PlannerCase(id: "changed field replaces",
                    input: F.input([F.email("main", port: 587)], state: F.state([(main, "h1")])),
                    expected: ["email.main replace replaceBecauseFieldsChanged"]),
        PlannerCase(id: "field and secret change give both reasons",
                    input: F.input([F.email("main", port: 587, password: "new")], state: F.state([(main, "h1")])),
                    expected: ["email.main replace replaceBecauseFieldsChanged replaceBecauseSecretChanged"]),
        PlannerCase(id: "removed credential is deactivated",
                    input: F.input([main], state: F.state([(main, "h1"), (other, "h2")])),
                    expected: ["email.other deactivate deactivateBecauseRemovedFromConfig"], unchanged: 1),
        PlannerCase(id: "same content under a new name is a rename",
                    input: F.input([F.email("renamed")], state: F.state([(main, "h1")])),
                    expected: ["email.renamed rename renameBecauseMovedInConfig"]),
        PlannerCase(id: "new name with a new secret is no rename",
                    input: F.input([F.email("renamed", password: "new")], state: F.state([(main, "h1")])),
                    expected: ["email.main deactivate deactivateBecauseRemovedFromConfig", "email.renamed create createBecauseNew"]),
        PlannerCase(id: "hash missing in Rebilly replaces",
                    input: F.input([main], state: F.state([(main, "h1")]), remote: ["email.main": .notFound]),
                    expected: ["email.main replace replaceBecauseMissingInRebilly"]),
        PlannerCase(id: "hash deactivated in Rebilly replaces",
                    input: F.input([main], state: F.state([(main, "h1")]), remote: [
                        "email.main": .found(status: .deactivated, fields: main.fieldDictionary, secretFingerprints: nil),
                    ]),
                    expected: ["email.main replace replaceBecauseDeactivatedInRebilly"]),
        PlannerCase(id: "hash inactive in Rebilly replaces",
                    input: F.input([main], state: F.state([(main, "h1")]), remote: [
                        "email.main": .found(status: .inactive, fields: main.fieldDictionary, secretFingerprints: nil),
                    ]),
                    expected: ["email.main replace replaceBecauseInactiveInRebilly"]),
        PlannerCase(id: "active hash in Rebilly is unchanged",
                    input: F.input([main], state: F.state([(main, "h1")]), remote: [
                        "email.main": .found(status: .active, fields: main.fieldDictionary, secretFingerprints: nil),
                    ]),
                    expected: [], unchanged: 1),
        PlannerCase(id: "retirement with policy immediately is retired",
                    input: F.input([F.email("main", retire: .immediately)],
                                   state: F.state([(F.email("main", retire: .immediately), "h1")], retirements: [retirement])),
                    expected: ["email.main retire retireBecausePolicyImmediately"], unchanged: 1),
        PlannerCase(id: "retirement with policy manual waits",
                    input: F.input([main], state: F.state([(main, "h1")], retirements: [retirement])),
                    expected: [], unchanged: 1),
        PlannerCase(id: "requested retirement is retired",
                    input: F.input([main], state: F.state([(main, "h1")], retirements: [retirement]),
                                   scope: .requested(addresses: nil)),
                    expected: ["email.main retire retireBecauseRequested"], unchanged: 1),
        PlannerCase(id: "requested retirement of another address is left",
                    input: F.input([main], state: F.state([(main, "h1")], retirements: [retirement]),
                                   scope: .requested(addresses: ["email.other"])),
                    expected: [], unchanged: 1),
        PlannerCase(id: "removed credential sharing a hash is forgotten",
                    input: F.input([main], state: F.state([(main, "shared"), (other, "shared")])),
                    expected: ["email.other forget forgetBecauseHashShared"], unchanged: 1),
        PlannerCase(id: "removed credential gone from Rebilly is forgotten",
                    input: F.input([main], state: F.state([(main, "h1"), (other, "h2")]), remote: [
                        "email.main": .found(status: .active, fields: main.fieldDictionary, secretFingerprints: nil),
                        "email.other": .notFound,
                    ]),
                    expected: ["email.other forget forgetBecauseGoneFromRebilly"], unchanged: 1),
        PlannerCase(id: "two removed credentials sharing a hash deactivate it once",
                    input: F.input([], state: F.state([(main, "shared"), (other, "shared")])),
                    expected: ["email.main deactivate deactivateBecauseRemovedFromConfig",
                               "email.other forget forgetBecauseHashShared"]),
        PlannerCase(id: "removed credential whose content another takes is forgotten",
                    input: F.input([F.email("main", host: "other.example.com")], state: F.state([(main, "h1"), (other, "h2")])),
                    expected: ["email.main replace replaceBecauseFieldsChanged",
                               "email.other forget forgetBecauseAdoptedByAnother"]),
        PlannerCase(id: "retirement of a hash still in use is skipped",
                    input: F.input([main], state: F.state(
                        [(main, "h-old")], retirements: [retirement]), scope: .requested(addresses: nil)),
                    expected: [], unchanged: 1),
        PlannerCase(id: "pending create gets no action",
                    input: F.input([main, other], state: F.state(
                        [(main, "h1")],
                        pending: [PendingCreate(address: "email.other", type: .email, requestFingerprint: "f", time: "t")])),
                    expected: [], unchanged: 1),
    ]

    @Test(arguments: cases)
    func plannerScenario(_ testCase: PlannerCase) {
        let plan = Planner.plan(testCase.input)
        let actual = plan.changes.map { change in
            ([change.address, change.action.rawValue] + change.reasons.map(\.rawValue)).joined(separator: " ")
        }
        #expect(actual == testCase.expected)
        #expect(plan.unchanged == testCase.unchanged)
    }

    @Test func replaceListsChangedFieldsWithoutSecretValues() throws {
        let plan = Planner.plan(F.input([F.email("main", port: 587, password: "rotated")], state: F.state([(Self.main, "h1")])))
        let change = try #require(plan.changes.first)
        #expect(change.hash == "h1")
        #expect(change.fieldChanges == [
            FieldChange(path: "auth.password", before: nil, after: nil, sensitive: true),
            FieldChange(path: "port", before: .integer(25), after: .integer(587), sensitive: false),
        ])
    }

    @Test func replaceRetiresOldHashOnlyWhenPolicySaysSo() throws {
        let immediate = F.email("main", password: "new", retire: .immediately)
        let live = Planner.plan(F.input([immediate], state: F.state([(Self.main, "h1")])))
        #expect(live.changes.first?.retiresOldHash == true)
        let manual = Planner.plan(F.input([F.email("main", password: "new")], state: F.state([(Self.main, "h1")])))
        #expect(manual.changes.first?.retiresOldHash == false)
        let gone = Planner.plan(F.input([immediate], state: F.state([(Self.main, "h1")]), remote: ["email.main": .notFound]))
        #expect(gone.changes.first?.retiresOldHash == false)
    }

    @Test func sharedOldHashIsNotRetiredImmediately() throws {
        let twin = F.email("twin")
        let rotated = F.email("main", password: "new", retire: .immediately)
        let plan = Planner.plan(F.input([rotated, twin], state: F.state([(Self.main, "shared"), (twin, "shared")])))
        let change = try #require(plan.changes.first { $0.address == "email.main" })
        #expect(change.action == .replace)
        #expect(change.retiresOldHash == false)
    }

    @Test func renameRecordsPreviousAddressAndHash() throws {
        let plan = Planner.plan(F.input([F.email("renamed")], state: F.state([(Self.main, "h1")])))
        let change = try #require(plan.changes.first)
        #expect(change.previousAddress == "email.main")
        #expect(change.hash == "h1")
    }

    @Test func pendingCreateIsListed() {
        let pending = PendingCreate(address: "email.other", type: .email, requestFingerprint: "f", time: "2026-01-03T00:00:00Z")
        let plan = Planner.plan(F.input([Self.other], state: F.state([], pending: [pending])))
        #expect(plan.pending == [PendingEntry(address: "email.other", type: .email, since: "2026-01-03T00:00:00Z")])
        #expect(plan.changes.isEmpty)
    }

    @Test func driftShowsChangedRemoteFields() {
        var remoteFields = Self.main.fieldDictionary
        remoteFields["host"] = .text("changed.example.com")
        let echoed = ["auth.password": F.key.fingerprint(kind: .email, path: "auth.password", value: .init("other"))]
        let plan = Planner.plan(F.input([Self.main], state: F.state([(Self.main, "h1")]), remote: [
            "email.main": .found(status: .active, fields: remoteFields, secretFingerprints: echoed),
        ]))
        #expect(plan.drift == [
            DriftEntry(address: "email.main", path: "host", recorded: .text("smtp.example.com"),
                       remote: .text("changed.example.com"), sensitive: false),
            DriftEntry(address: "email.main", path: "auth.password", recorded: nil, remote: nil, sensitive: true),
        ])
        #expect(plan.refresh.secretsObservable)
    }

    @Test func offlinePlanSaysWhy() {
        let plan = Planner.plan(F.input([Self.main], state: nil))
        #expect(plan.refresh == RefreshInfo(performed: false, skippedBecause: "REBILLY_API_KEY is not set", secretsObservable: false))
    }
}
