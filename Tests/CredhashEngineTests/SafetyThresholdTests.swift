import Testing

@testable import CredhashEngine

/// The thresholds sit exactly at the limit and one past it, with counts computed from the constants.
struct SafetyThresholdTests {
    static let managed = SafetyThresholds.defaultMinimumManaged
    static let deactivateLimit = managed * SafetyThresholds.defaultMaximumDeactivatePercent / 100
    static let replaceLimit = managed * SafetyThresholds.defaultMaximumReplacePercent / 100

    static func plan(managed: Int, deactivations: Int = 0, retirements: Int = 0, replacements: Int = 0) -> Plan {
        var changes: [PlannedChange] = []
        for index in 0..<deactivations {
            changes.append(PlannedChange(address: "email.d\(index)", type: .email, action: .deactivate, reasons: []))
        }
        for index in 0..<retirements {
            changes.append(PlannedChange(address: "email.t\(index)", type: .email, action: .retire, reasons: []))
        }
        for index in 0..<replacements {
            changes.append(PlannedChange(address: "email.r\(index)", type: .email, action: .replace, reasons: []))
        }
        return Plan(
            changes: changes, unchanged: 0, drift: [], pending: [],
            refresh: RefreshInfo(performed: false, skippedBecause: nil, secretsObservable: false), stateLineage: nil,
            stateSerial: 0, managedCount: managed, configPath: "c.yaml", configDigest: "")
    }

    @Test func deactivationsAtLimitPass() throws {
        try SafetyThresholds().check(Self.plan(managed: Self.managed, deactivations: Self.deactivateLimit))
    }

    @Test func deactivationsPastLimitAreRefused() {
        let count = Self.deactivateLimit + 1
        #expect(throws: PlanSafetyError.tooManyDeactivations(count: count, managed: Self.managed, limitPercent: 30)) {
            try SafetyThresholds().check(Self.plan(managed: Self.managed, deactivations: count))
        }
    }

    @Test func retirementsCountAsDeactivations() {
        #expect(throws: PlanSafetyError.self) {
            try SafetyThresholds().check(
                Self.plan(managed: Self.managed, deactivations: Self.deactivateLimit, retirements: 1))
        }
    }

    @Test func replacementsAtLimitPass() throws {
        try SafetyThresholds().check(Self.plan(managed: Self.managed, replacements: Self.replaceLimit))
    }

    @Test func replacementsPastLimitAreRefused() {
        let count = Self.replaceLimit + 1
        #expect(throws: PlanSafetyError.tooManyReplacements(count: count, managed: Self.managed, limitPercent: 30)) {
            try SafetyThresholds().check(Self.plan(managed: Self.managed, replacements: count))
        }
    }

    @Test func fewManagedCredentialsAreNotChecked() throws {
        let managed = Self.managed - 1
        try SafetyThresholds().check(Self.plan(managed: managed, deactivations: managed, replacements: managed))
    }

    @Test func allowedAddressesAreNotCounted() throws {
        var thresholds = SafetyThresholds()
        thresholds.allowedDeactivations = ["email.d0"]
        thresholds.allowedReplacements = ["email.r0"]
        try thresholds.check(
            Self.plan(managed: Self.managed, deactivations: Self.deactivateLimit + 1, replacements: Self.replaceLimit + 1))
    }

    @Test func maximumDeactivateCountAllowsThatMany() throws {
        var thresholds = SafetyThresholds()
        thresholds.maximumDeactivateCount = Self.deactivateLimit + 1
        try thresholds.check(Self.plan(managed: Self.managed, deactivations: Self.deactivateLimit + 1))
        #expect(throws: PlanSafetyError.self) {
            try thresholds.check(Self.plan(managed: Self.managed, deactivations: Self.deactivateLimit + 2))
        }
    }

    @Test func configOverridesDefaults() throws {
        let thresholds = SafetyThresholds(config: ["maxReplacePercent": 50, "minimumManaged": 4])
        try thresholds.check(Self.plan(managed: 4, replacements: 2))
        #expect(throws: PlanSafetyError.self) { try thresholds.check(Self.plan(managed: 4, replacements: 3)) }
    }

    @Test func messageNamesRuleCountsAndFlag() {
        let error = PlanSafetyError.tooManyDeactivations(count: 4, managed: 10, limitPercent: 30)
        #expect(error.description == "plan deactivates or retires 4 of 10 managed credentials (40.00 %), more than the allowed 30 %")
        #expect(error.hint.contains("--allow-deactivate ADDRESS[,…]"))
        #expect(error.hint.contains("--max-deactivate 4"))
        let thirds = PlanSafetyError.tooManyReplacements(count: 4, managed: 12, limitPercent: 30)
        #expect(thirds.description.contains("(33.33 %)"))
    }
}
