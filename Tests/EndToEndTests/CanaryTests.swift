import CredhashTestSupport
import Foundation
import Testing

/// Every command and output format run with a distinct canary value in each secret field and in
/// the API key, on success and on error paths. Nothing credhash prints or writes may contain a
/// canary whole, base64- or URL-encoded, JSON-escaped, or as any 8-character substring.
@Suite(.timeLimit(.minutes(3))) struct CanaryTests {
    /// The API key the emulator accepts. Quotes, spaces, `/`, `+` and `=` make every encoded form
    /// differ from the value.
    static let apiKey = "Ak4y/Rb+Zm3\"Wl6 Cq0=Hv7"

    /// The canary of each secret variable the `canary-all` fixture reads, and of the Mailgun key
    /// file under ``mailgunKeyName``.
    static func secrets(rotated: Bool = false) -> [String: String] {
        let prefix = rotated ? "Rt" : ""
        return [
            "E2E_SMTP_PASSWORD": prefix + "Sm7p/Pw+Qx4\"Kd9 Lr2=Vb6#",
            "E2E_HOOK_PASSWORD": prefix + "Hk3w/Bs+Tn8\"Jc5 Mz1=Fy0&",
            "E2E_OAUTH_CONSUMER_SECRET": prefix + "Oc2s/Gt+Wh7\"Ep4 Dn9=Ku3!",
            "E2E_OAUTH_TOKEN": prefix + "Ot6k/Ja+Rv1\"Yf8 Ci5=Lx2*",
            "E2E_OAUTH_TOKEN_SECRET": prefix + "Ts9e/Nq+Bm4\"Hr7 Wg3=Zd6%",
            "E2E_AWS_SECRET": prefix + "Aw1s/Xe+Pk5\"Uq2 Fm8=Jt4@",
        ]
    }

    static let mailgunKeyName = "mailgun key file"
    static let mailgunKey = "Mg5k/Ap+Yw2\"Ds7 Nh4=Gc3"

    /// Every canary the scan looks for, by name.
    static var canaries: [String: String] {
        var all = secrets().merging(secrets(rotated: true).mapKeys { $0 + " (rotated)" }) { $1 }
        all[mailgunKeyName] = mailgunKey
        all["REBILLY_API_KEY"] = apiKey
        return all
    }

    static func githubEnvironment(_ workspace: Workspace) -> [String: String] {
        let summary = workspace.directory.appendingPathComponent("step-summary.md").path
        return ["CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary]
    }

    /// A workspace on the `canary-all` fixture, with the Mailgun key file holding its canary.
    /// Returns the workspace and the input files the scan skips while they keep these bytes.
    static func makeWorkspace() throws -> (Workspace, [String: Data]) {
        let workspace = try Workspace(fixture: "canary-all", secrets: secrets(), apiKey: apiKey)
        let keyPath = workspace.directory.appendingPathComponent("secrets/mailgun-key").path
        try Data(mailgunKey.utf8).write(to: URL(fileURLWithPath: keyPath))
        let configPath = workspace.directory.appendingPathComponent("credentials.yaml").path
        let inputs = [keyPath: Data(mailgunKey.utf8), configPath: try Data(contentsOf: URL(fileURLWithPath: configPath))]
        return (workspace, inputs)
    }

    /// Runs credhash and waits up to 90 s, because a request that gets status 500 is retried
    /// with backoff for up to 7 s, and a run may send several in turn.
    static func runSlow(_ workspace: Workspace, _ arguments: [String], environment: [String: String] = [:]) async throws
        -> CommandResult
    {
        try await workspace.run(arguments, environment: environment, timeout: 90)
    }

    @discardableResult
    static func run(
        _ workspace: Workspace, _ arguments: [String], expecting status: Int32, environment: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> CommandResult {
        let result = try await workspace.run(arguments, environment: environment)
        #expect(result.status == status, "\(result)", sourceLocation: sourceLocation)
        return result
    }

    static func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    // MARK: success paths

    @Test func everyCommandKeepsCanariesOut() async throws {
        let (workspace, inputs) = try Self.makeWorkspace()
        let github = Self.githubEnvironment(workspace)

        // MARK: validate and plan in every format
        try await Self.run(workspace, ["validate"], expecting: 0)
        try await Self.run(workspace, ["validate", "--json", "--debug"], expecting: 0)
        try await Self.run(workspace, ["plan", "--debug"], expecting: 0, environment: github)
        try await Self.run(workspace, ["plan", "--json"], expecting: 0)
        try await Self.run(workspace, ["plan", "--markdown"], expecting: 0)
        try await Self.run(workspace, ["plan", "--report", "report.json"], expecting: 0, environment: ["CI": "true"])
        try await Self.run(workspace, ["plan", "--out", "saved.plan", "--debug"], expecting: 0)
        for format in [[], ["--json"], ["--markdown"]] {
            try await Self.run(workspace, ["show"] + format + ["saved.plan"], expecting: 0)
        }

        // MARK: apply the saved plan, then inspect the state
        try await Self.run(workspace, ["apply", "saved.plan", "--debug"], expecting: 0, environment: github)
        for arguments in [
            ["output"], ["output", "--json"], ["output", "email.smtp-canary"], ["mapping"], ["state", "list"],
            ["state", "--json", "list"], ["state", "show", "webhook.hooks-oauth"],
            ["state", "--json", "show", "mailgun.mailgun-canary"],
        ] {
            try await Self.run(workspace, arguments, expecting: 0)
        }

        // MARK: rotate every environment secret, then replace with apply --json
        let rotated = Self.secrets(rotated: true)
        try await Self.run(workspace, ["plan", "--debug"], expecting: 0, environment: rotated)
        try await Self.run(workspace, ["apply", "--auto-approve", "--json", "--debug"], expecting: 0, environment: rotated)
        try await Self.run(workspace, ["mapping", "--json"], expecting: 0)

        // MARK: forget the Mailgun entry and import its hash again
        let hash = try await Self.run(workspace, ["output", "mailgun.mailgun-canary"], expecting: 0).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try await Self.run(workspace, ["state", "rm", "mailgun.mailgun-canary"], expecting: 0)
        try await Self.run(workspace, ["import", "mailgun.mailgun-canary", hash, "--debug"], expecting: 0, environment: rotated)

        // MARK: file modes
        for name in ["credhash.state.json", "credhash.state.json.backup", "credhash.state.json.lock", "saved.plan", "report.json"] {
            let path = workspace.directory.appendingPathComponent(name).path
            #expect(try Self.mode(path) == 0o600, "\(name) is not mode 0600")
        }
        try workspace.expectNoCanary(Self.canaries, inputs: inputs)
    }

    // MARK: API errors

    /// An emulator that replies to every request with `status` and repeats the request back: the
    /// body and API key in the problem's title, detail and instance, and for a 422 each value in
    /// `invalidFields`, whole, cut short, base64- and URL-encoded.
    @Test(arguments: [401, 422, 500])
    func echoingErrorsKeepCanariesOut(status: Int) async throws {
        let (workspace, inputs) = try Self.makeWorkspace()
        let statusText = String(status)

        // MARK: creates that get the echo, before any state exists
        try workspace.emulator.setFaults(["fail_status": status, "echo_request": true])
        let apply = try await Self.runSlow(workspace, ["apply", "--auto-approve", "--debug"])
        #expect(apply.status != 0, "\(apply)")
        #expect(apply.error.contains(statusText), "the failure does not name the status: \(apply)")
        let json = try await Self.runSlow(workspace, ["apply", "--auto-approve", "--json"])
        #expect(json.status != 0, "\(json)")
        let posts = try workspace.emulatorRequests().filter { $0.method == "POST" && $0.status == status }
        #expect(!posts.isEmpty, "no create was answered with \(status)")

        // MARK: the refresh of recorded hashes, which gets the echo
        try workspace.emulator.setFaults([:])
        let converge = try await Self.runSlow(workspace, ["apply", "--auto-approve"])
        #expect(converge.status == 0, "\(converge)")
        try workspace.emulator.setFaults(["fail_status": status, "echo_request": true])
        let rotated = Self.secrets(rotated: true)
        let plan = try await Self.runSlow(workspace, ["plan", "--debug"], environment: rotated)
        #expect(plan.status != 0, "\(plan)")
        let refreshApply = try await Self.runSlow(workspace, ["apply", "--auto-approve", "--debug"], environment: rotated)
        #expect(refreshApply.status != 0, "\(refreshApply)")
        let gets = try workspace.emulatorRequests().filter { $0.method == "GET" && $0.status == status }
        #expect(!gets.isEmpty, "no read was answered with \(status)")

        try workspace.expectNoCanary(Self.canaries, inputs: inputs)
    }

    // MARK: config errors

    struct ConfigErrorCase: CustomTestStringConvertible, Sendable {
        let id: String
        /// The `smtp-canary` password line, with `CANARY` standing for the value.
        let passwordLine: String
        /// The text the error on the password line contains.
        let summary: String
        var allowLiteralSecrets = false
        var testDescription: String { id }
    }

    static let configErrorCases: [ConfigErrorCase] = [
        ConfigErrorCase(id: "literal secret", passwordLine: "password: CANARY", summary: "secret written as literal text"),
        ConfigErrorCase(id: "unterminated quote", passwordLine: "password: \"CANARY",
            summary: "while scanning a quoted scalar: found unexpected end of stream"),
        ConfigErrorCase(id: "sequence", passwordLine: "password: [CANARY]", summary: "expected a single value, found a sequence"),
        ConfigErrorCase(id: "alias", passwordLine: "password: *CANARY", summary: "alias"),
        ConfigErrorCase(id: "tag", passwordLine: "password: !CANARY x", summary: "YAML tags are not supported"),
        ConfigErrorCase(
            id: "comment after a literal", passwordLine: "password: CANARY #tail",
            summary: "unquoted secret is followed by a comment", allowLiteralSecrets: true),
        ConfigErrorCase(
            id: "missing file", passwordLine: "password: ${file:secrets/no-such-file}", summary: "no-such-file"),
    ]

    /// A configuration error on the line that contains a secret: the diagnostic is located on it
    /// and quotes no part of the value in any output, annotations included.
    @Test(arguments: configErrorCases)
    func configErrorOnSecretLine(_ testCase: ConfigErrorCase) async throws {
        let (workspace, inputs) = try Self.makeWorkspace()
        let canary = "Lt8r/Cy+Mw6\"Qa3 Ve0=Xb5"
        let path = workspace.directory.appendingPathComponent("credentials.yaml")
        var text = try String(contentsOf: path, encoding: .utf8)
        // The smtp-canary password is the first password line, on line 11.
        let line = testCase.passwordLine.replacingOccurrences(of: "CANARY", with: canary.replacingOccurrences(of: "\"", with: "'"))
        text = text.replacingOccurrences(of: "password: ${env:E2E_SMTP_PASSWORD}", with: line)
        if testCase.allowLiteralSecrets {
            text = text.replacingOccurrences(of: "version: 1\n", with: "version: 1\nallowLiteralSecrets: true\n")
        }
        try text.write(to: path, atomically: true, encoding: .utf8)
        let lineNumber = testCase.allowLiteralSecrets ? 12 : 11

        let validate = try await workspace.run(["validate"])
        #expect(validate.status == 1, "\(validate)")
        let located = validate.error.split(separator: "\n").first { $0.hasPrefix("credentials.yaml:\(lineNumber):") }
        #expect(located != nil, "no diagnostic on line \(lineNumber): \(validate)")
        #expect(located?.contains(testCase.summary) == true, "\(validate)")
        try await Self.run(workspace, ["validate", "--json"], expecting: 1)
        let annotated = try await Self.run(workspace, ["plan", "--debug"], expecting: 1, environment: Self.githubEnvironment(workspace))
        #expect(annotated.output.contains("::error file=credentials.yaml,line=\(lineNumber),"), "\(annotated)")

        var scanned = Self.canaries
        scanned["literal canary"] = canary.replacingOccurrences(of: "\"", with: "'")
        var unchanged = inputs
        unchanged[path.path] = Data(text.utf8)
        try workspace.expectNoCanary(scanned, inputs: unchanged)
    }

    // MARK: interrupted apply

    /// SIGINT during an apply, then the apply that settles the rest, both with debug logging.
    @Test func interruptedApplyKeepsCanariesOut() async throws {
        let (workspace, inputs) = try Self.makeWorkspace()
        try workspace.emulator.setFaults(["latency_ms": 400])
        let apply = try workspace.start(["apply", "--auto-approve", "--parallelism", "1", "--debug"])
        try apply.waitForOutput(": created ")
        apply.child.send(SIGINT)
        let stopped = try await apply.finish()
        #expect(stopped.status == 130, "\(stopped)")
        let lockPath = workspace.statePath + ".lock"
        #expect(try Self.mode(lockPath) == 0o600, "the lock file is not mode 0600")

        try workspace.emulator.setFaults([:])
        try await Self.run(workspace, ["apply", "--auto-approve", "--debug"], expecting: 0)
        try workspace.expectConverged(addressCount: 5)
        try workspace.expectNoCanary(Self.canaries, inputs: inputs)
    }
}

extension Dictionary {
    fileprivate func mapKeys(_ transform: (Key) -> Key) -> [Key: Value] {
        Dictionary(uniqueKeysWithValues: map { (transform($0.key), $0.value) })
    }
}
