/// One changed field of a replace. Secret fields carry no values, only that they changed.
public struct FieldChange: Sendable, Equatable, Codable {
    /// The dotted field path (`port`, `auth.password`).
    public var path: String
    /// The recorded value, or `nil` when the field was absent or is secret.
    public var before: FieldValue?
    /// The desired value, or `nil` when the field is removed or is secret.
    public var after: FieldValue?
    /// Whether the field is secret, so its values are never shown.
    public var sensitive: Bool

    public init(path: String, before: FieldValue?, after: FieldValue?, sensitive: Bool) {
        self.path = path
        self.before = before
        self.after = after
        self.sensitive = sensitive
    }
}

/// The action planned for one credential or one superseded hash.
public struct PlannedChange: Sendable, Equatable, Codable {
    public var address: String
    public var type: CredentialKind
    public var action: PlanAction
    public var reasons: [ActionReason]
    /// The hash the action concerns: the current hash of a replace, deactivate, rename or forget,
    /// the superseded hash of a retire; `nil` for a create.
    public var hash: String?
    /// For a rename, the address the state entry moves from.
    public var previousAddress: String?
    /// For a replace, every field that differs.
    public var fieldChanges: [FieldChange]
    /// For a create or replace, the non-secret fields that will be sent.
    public var fields: [String: FieldValue]
    /// For a create or replace, the paths of the secret fields that will be sent.
    public var secretPaths: [String]
    /// For a replace, whether the old hash is deactivated in the same apply.
    public var retiresOldHash: Bool

    public init(
        address: String, type: CredentialKind, action: PlanAction, reasons: [ActionReason], hash: String? = nil,
        previousAddress: String? = nil, fieldChanges: [FieldChange] = [], fields: [String: FieldValue] = [:],
        secretPaths: [String] = [], retiresOldHash: Bool = false
    ) {
        self.address = address
        self.type = type
        self.action = action
        self.reasons = reasons
        self.hash = hash
        self.previousAddress = previousAddress
        self.fieldChanges = fieldChanges
        self.fields = fields
        self.secretPaths = secretPaths
        self.retiresOldHash = retiresOldHash
    }
}

/// A readable field whose value in Rebilly differs from the state.
public struct DriftEntry: Sendable, Equatable, Codable {
    public var address: String
    /// The field path.
    public var path: String
    /// The value in the state; `nil` when absent or secret.
    public var recorded: FieldValue?
    /// The value in Rebilly; `nil` when absent or secret.
    public var remote: FieldValue?
    /// Whether the field is secret: only its fingerprint differs, and no value is shown.
    public var sensitive: Bool
}

/// A create that an interrupted apply sent without recording its response.
public struct PendingEntry: Sendable, Equatable, Codable {
    public var address: String
    public var type: CredentialKind
    public var since: String
}

/// How a plan relates to Rebilly: refreshed from the API, or made from the state alone.
public struct RefreshInfo: Sendable, Equatable, Codable {
    /// Whether every hash in the state was read from Rebilly.
    public var performed: Bool
    /// Why the plan is offline, when it is.
    public var skippedBecause: String?
    /// Whether any response included a secret, so secret drift could be checked.
    public var secretsObservable: Bool
}

/// What `apply` would do: the result of comparing the configuration with the state.
///
/// A plan contains no secret and no fingerprint: renderers show it as text, JSON or Markdown, and
/// it may be posted in a pull request. The saved plan file adds the fingerprints separately.
public struct Plan: Sendable, Equatable, Codable {
    /// The actions, sorted by address; no-ops are counted in `unchanged`, not listed.
    public var changes: [PlannedChange]
    /// The number of credentials with nothing to do.
    public var unchanged: Int
    public var drift: [DriftEntry]
    public var pending: [PendingEntry]
    public var refresh: RefreshInfo
    /// The state's lineage, or `nil` when there is no state yet.
    public var stateLineage: String?
    /// The state's serial, 0 when there is no state yet.
    public var stateSerial: Int
    /// The number of credentials the state manages, which the safety thresholds are measured against.
    public var managedCount: Int
    /// The configuration file's path, as the user gave it.
    public var configPath: String
    /// The SHA-256 of the configuration file.
    public var configDigest: String

    /// Whether applying the plan would change anything.
    public var hasChanges: Bool { !changes.isEmpty }

    /// The number of changes with `action`.
    public func count(_ action: PlanAction) -> Int {
        changes.filter { $0.action == action }.count
    }
}
