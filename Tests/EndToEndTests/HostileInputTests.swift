import CredhashTestSupport
import Foundation
import Testing

/// Hostile configuration, state and plan files, each run through the built binary: every case
/// must end with its exit code and its located message within one second, and a failing command
/// must leave the state file as it was.
///
/// The one-second limit guards against hangs and blow-ups; it is not a performance figure. The
/// suite runs serially so that other tests running in parallel do not eat into the margin.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct HostileInputTests {
    static let timeLimit = 1.0

    struct HostileCase: CustomTestStringConvertible, Sendable {
        let id: String
        /// The bytes that replace the fixture copy's `credentials.yaml`, or `nil` to keep the
        /// `canary-all` fixture.
        var config: [UInt8]?
        /// Untimed preparation in the fixture copy, such as an apply that writes a state to corrupt.
        var setup: (@Sendable (Workspace) async throws -> Void)?
        var arguments = ["validate"]
        var environment: [String: String] = [:]
        let status: Int32
        /// Text that standard output or standard error must contain, such as
        /// `credentials.yaml:7:11: error: credentials.smtp.port: invalid port 'yes'`.
        let message: String
        var testDescription: String { id }
    }

    @Test(arguments: configCases + referenceCases + stateCases + planFileCases)
    func hostileInputFailsCleanly(_ testCase: HostileCase) async throws {
        let workspace = try Workspace(fixture: "canary-all", secrets: canarySecrets("hostile"))
        if let config = testCase.config {
            try Data(config).write(to: workspace.directory.appendingPathComponent("credentials.yaml"))
        }
        try await testCase.setup?(workspace)
        let stateBefore = workspace.stateBytes()

        let started = ContinuousClock.now
        let run = try workspace.start(testCase.arguments, environment: testCase.environment)
        let result = try await run.finish(timeout: Self.timeLimit)
        let elapsed = ContinuousClock.now - started
        print("hostile input '\(testCase.id)': \(elapsed.formatted(.units(allowed: [.milliseconds])))")

        #expect(result.status == testCase.status, "\(result)")
        #expect(result.signal == nil, "\(result)")
        #expect((result.output + result.error).contains(testCase.message), "\(result)")
        for literal in Self.literalSecrets {
            #expect(!(result.output + result.error).contains(literal), "a literal secret was printed: \(result)")
        }
        if testCase.status != 0 {
            #expect(workspace.stateBytes() == stateBefore, "a failed run changed the state file")
        }
        try workspace.expectNoSecretWritten()
    }

    // MARK: configuration files

    /// Returns a configuration of one email credential with every typed field. Line 7 is `port`,
    /// and line 13 is `auth.password`.
    static func smtp(
        version: String = "1", allowLiteralSecrets: String = "false", port: String = "25", encryption: String = "none",
        retire: String = "manual", authType: String = "login", password: String = "${env:E2E_SMTP_PASSWORD}"
    ) -> String {
        """
        version: \(version)
        allowLiteralSecrets: \(allowLiteralSecrets)
        credentials:
          smtp:
            type: email
            host: smtp.example.com
            port: \(port)
            encryption: \(encryption)
            retire: \(retire)
            auth:
              type: \(authType)
              username: mailer
              password: \(password)

        """
    }

    static func config(_ id: String, _ text: String, status: Int32 = 1, _ message: String) -> HostileCase {
        HostileCase(id: id, config: Array(text.utf8), status: status, message: message)
    }

    static func config(_ id: String, bytes: [UInt8], status: Int32 = 1, _ message: String) -> HostileCase {
        HostileCase(id: id, config: bytes, status: status, message: message)
    }

    static var aliasBomb: String {
        var text = "version: 1\nx-l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n"
        for level in 1...9 {
            text += "x-l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        return text + "credentials: {}\n"
    }

    static let yaml11Scalars = ["yes", "no", "on", "off", "~", "0465", "1:05", "0x1D1", "4.65e2", ".inf"]

    /// Every YAML 1.1 scalar in every typed field: each is an error at the value, never a silent
    /// conversion to a boolean, a number or null.
    static var yaml11Cases: [HostileCase] {
        yaml11Scalars.flatMap { value -> [HostileCase] in
            let enumMessage = value == "~" ? "missing value, expected one of" : "'\(value)' is a YAML 1.1"
            return [
                config("port \(value)", smtp(port: value), "credentials.yaml:7:11: error: credentials.smtp.port: "),
                config("encryption \(value)", smtp(encryption: value), "credentials.yaml:8:17: error: credentials.smtp.encryption: \(enumMessage)"),
                config("retire \(value)", smtp(retire: value), "credentials.yaml:9:13: error: credentials.smtp.retire: \(enumMessage)"),
                config("auth.type \(value)", smtp(authType: value), "credentials.yaml:11:13: error: credentials.smtp.auth.type: \(enumMessage)"),
                config("version \(value)", smtp(version: value), "credentials.yaml:1:10: error: version: invalid version"),
                config(
                    "allowLiteralSecrets \(value)", smtp(allowLiteralSecrets: value),
                    "credentials.yaml:2:22: error: allowLiteralSecrets: invalid value '\(value)', expected true or false"),
            ]
        }
    }

    /// The secrets that cases write into the configuration or a referenced file, which no output
    /// may repeat.
    static let literalSecrets = ["pw-hostile-1234", "pw-outside-5d2a", "pw-rotated-81c0"]

    static let passwordAt = "credentials.yaml:13:17: error: credentials.smtp.auth.password: "

    static var configCases: [HostileCase] {
        let valid = smtp()
        let oneMegabyte = String(repeating: "a", count: 1 << 20)
        return [
            config("alias expansion bomb", aliasBomb, "credentials.yaml:6:47: error: aliases expand to more than 100000 nodes"),
            config(
                "deep nesting", "version: 1\ncredentials: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000),
                "credentials.yaml:2:45: error: mappings and sequences nest deeper than 32 levels"),
            config(
                "10 MiB file", valid + "# " + String(repeating: "x", count: 10 << 20) + "\n",
                "credentials.yaml: error: configuration file is larger than 8388608 bytes"),
            config(
                "1 MiB scalar", smtp().replacingOccurrences(of: "smtp.example.com", with: oneMegabyte),
                "credentials.yaml:6:11: error: credentials.smtp.host: value is 1048576 bytes long, longer than the limit of 65536 bytes"),
            config(
                "1 MiB plain key", smtp().replacingOccurrences(of: "    type: email", with: "    \(oneMegabyte): 1\n    type: email"),
                "credentials.yaml:5:1048581: error: invalid YAML: mapping values are not allowed in this context"),
            config(
                "1 MiB quoted key", smtp().replacingOccurrences(of: "    type: email", with: "    \"\(oneMegabyte)\": 1\n    type: email"),
                // libyaml reads at most 1024 characters of an implicit key, quoted or not.
                "credentials.yaml:5:1048583: error: invalid YAML: mapping values are not allowed in this context"),
            config(
                "1 MiB explicit key", smtp().replacingOccurrences(of: "    type: email", with: "    ? \(oneMegabyte)\n    : 1\n    type: email"),
                "credentials.yaml:5:7: error: credentials.smtp: value is 1048576 bytes long, longer than the limit of 65536 bytes"),
            config(
                "invalid UTF-8", bytes: Array(valid.utf8).replacing(Array("smtp.example".utf8), with: Array("smtp.ex".utf8) + [0xFF]),
                "credentials.yaml:6:18: error: invalid YAML: invalid leading UTF-8 octet"),
            config(
                "NUL byte", bytes: Array(valid.utf8).replacing(Array("mailer".utf8), with: Array("mai".utf8) + [0] + Array("ler".utf8)),
                "credentials.yaml:12:20: error: invalid YAML: control characters are not allowed"),
            config("byte-order mark", bytes: [0xEF, 0xBB, 0xBF] + Array(valid.utf8), status: 0, "credentials.yaml: valid, 1 credential"),
            config("CRLF line ends", valid.replacingOccurrences(of: "\n", with: "\r\n"), status: 0, "credentials.yaml: valid, 1 credential"),
            config(
                "tab indentation", valid.replacingOccurrences(of: "    port: 25", with: "\tport: 25"),
                "credentials.yaml:7:1: error: tab character used for indentation"),
            config(
                "several documents", valid + "---\nversion: 1\n",
                "credentials.yaml:14:1: error: more than one YAML document in the file"),
            config(
                "secret starting with #", smtp(allowLiteralSecrets: "true", password: "#pw-hostile-1234"),
                "credentials.yaml:13:16: error: credentials.smtp.auth.password: missing value"),
            config(
                "secret starting with &", smtp(allowLiteralSecrets: "true", password: "&pw-hostile-1234"),
                passwordAt + "secret value carries an anchor"),
            config(
                "secret starting with !", smtp(allowLiteralSecrets: "true", password: "!pw-hostile-1234"),
                passwordAt + "YAML tags are not supported"),
            config(
                "secret starting with *", smtp(allowLiteralSecrets: "true", password: "*pw-hostile-1234"),
                passwordAt + "alias refers to an anchor that is not defined before it"),
            config(
                "secret starting with %", smtp(allowLiteralSecrets: "true", password: "%pw-hostile-1234"),
                "credentials.yaml:13:17: error: invalid YAML: while scanning for the next token: found character that cannot start any token"),
            config(
                "secret starting with @", smtp(allowLiteralSecrets: "true", password: "@pw-hostile-1234"),
                "credentials.yaml:13:17: error: invalid YAML: while scanning for the next token: found character that cannot start any token"),
            config(
                "secret containing space-hash", smtp(allowLiteralSecrets: "true", password: "pw-hostile #1234"),
                passwordAt + "unquoted secret is followed by a comment"),
            config(
                "literal block secret with final newline", smtp(allowLiteralSecrets: "true", password: "|\n        pw-hostile-1234"),
                passwordAt + "block scalar keeps a final line break in the secret"),
            config(
                "names differing by case", valid + "  SMTP:\n    type: webhook\n    host: hooks.example.com\n",
                "credentials.yaml:14:3: error: credentials.SMTP: invalid credential name 'SMTP'"),
            config(
                "names differing by normalisation",
                valid.replacingOccurrences(of: "  smtp:", with: "  caf\u{E9}:") + "  cafe\u{301}:\n    type: webhook\n    host: hooks.example.com\n",
                "credentials.yaml:14:3: error: credentials.caf\u{E9}: duplicate key 'caf\u{E9}' (first defined at 4:3)"),
            HostileCase(
                id: "env value with $, ${, quotes and newlines", config: Array(valid.utf8),
                environment: ["E2E_SMTP_PASSWORD": "a$b${env:E2E_HOOK_PASSWORD}\"q'\nline two $$"], status: 0,
                message: "auth.password: (sensitive) from env E2E_SMTP_PASSWORD"),
        ] + yaml11Cases + largeConfigCases
    }

    /// Large files that each stress one costly path. Every item of a flow collection on one line
    /// is checked for a trailing comment, merges of a wide mapping run up to the alias limit,
    /// and the invalid credentials give far more errors than the diagnostic cap.
    static var largeConfigCases: [HostileCase] {
        let valid = smtp()
        let flowSequence = "x-pad: [" + Array(repeating: "y", count: 8_000).joined(separator: ", ") + "]\n"
        let flowMapping = "x-pad: {" + (0..<10_000).map { "x\($0): y" }.joined(separator: ", ") + "}\n"
        // Each merge of the 5,000-key mapping expands 10,001 nodes, so the tenth passes the limit
        // at column 120 of line 3: `x-m: [` and nine `{<<: *big}, ` come before it.
        let wideMerges = "version: 1\nx-big: &big {" + (0..<5_000).map { "k\($0): v" }.joined(separator: ", ") + "}\n"
            + "x-m: [" + Array(repeating: "{<<: *big}", count: 2_000).joined(separator: ", ") + "]\ncredentials: {}\n"
        // A misspelt type gets an edit-distance suggestion, which is computed only for errors
        // that are kept. NOTE: 100,000 of these take about 1.6 s of CPU in a debug build on a
        // 2-core machine, about half of it parsing, so this row uses 20,000.
        let invalidCredentials = "version: 1\ncredentials:\n" + (0..<20_000).map { "  c\($0):\n    type: emial\n" }.joined()
        return [
            config("8,000-item flow sequence", valid + flowSequence, status: 0, "credentials.yaml: valid, 1 credential"),
            config("10,000-key flow mapping", valid + flowMapping, status: 0, "credentials.yaml: valid, 1 credential"),
            config("2,000 merges of a wide mapping", wideMerges, "credentials.yaml:3:120: error: aliases expand to more than 100000 nodes"),
            config("20,000 invalid credentials", invalidCredentials, "note: 19800 more problems not shown; fix these first"),
        ]
    }

    // MARK: ${file:…} references

    static func fileReference(_ id: String, _ path: String, status: Int32 = 1, _ message: String,
                              setup: @escaping @Sendable (URL) throws -> Void) -> HostileCase {
        HostileCase(
            id: id, config: Array(smtp(password: "${file:\(path)}").utf8),
            setup: { workspace in try setup(workspace.directory) }, arguments: ["validate", "--debug"],
            status: status, message: message)
    }

    static var referenceCases: [HostileCase] {
        [
            fileReference("file is a directory", "secrets", passwordAt + "'secrets' is a directory, expected a file") { _ in },
            fileReference("file is missing", "secrets/none", passwordAt + "file 'secrets/none' not found") { _ in },
            fileReference("file is a FIFO", "secrets/fifo", passwordAt + "'secrets/fifo' is not a regular file") { directory in
                #expect(mkfifo(directory.appendingPathComponent("secrets/fifo").path, 0o600) == 0)
            },
            fileReference(
                "file outside through ..", "../outside-key", status: 0,
                "/outside-key (outside the configuration folder "
            ) { directory in
                try Data("pw-outside-5d2a\n".utf8).write(to: directory.deletingLastPathComponent().appendingPathComponent("outside-key"))
            },
            fileReference(
                "file outside through a symlink", "secrets/link", status: 0,
                "/outside-key (outside the configuration folder "
            ) { directory in
                let target = directory.deletingLastPathComponent().appendingPathComponent("outside-key")
                try Data("pw-outside-5d2a\n".utf8).write(to: target)
                try FileManager.default.createSymbolicLink(
                    atPath: directory.appendingPathComponent("secrets/link").path, withDestinationPath: target.path)
            },
        ]
    }

    // MARK: state files

    /// Applies the fixture so a state exists, then lets `change` rewrite the state file's bytes.
    static func stateCase(
        _ id: String, arguments: [String] = ["plan", "--refresh=false"], status: Int32 = 1, _ message: String,
        change: @escaping @Sendable (Data) throws -> Data
    ) -> HostileCase {
        HostileCase(
            id: id,
            setup: { workspace in
                let applied = try await workspace.run(["apply", "--auto-approve"])
                #expect(applied.status == 0, "\(applied)")
                let path = URL(fileURLWithPath: workspace.statePath)
                try change(try Data(contentsOf: path)).write(to: path)
            },
            arguments: arguments, status: status, message: message)
    }

    /// Returns a change that decodes a JSON object, applies `edit` to it and encodes it again.
    static func editJSON(_ edit: @escaping @Sendable (inout [String: Any]) -> Void) -> @Sendable (Data) throws -> Data {
        { data in
            var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            edit(&object)
            return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        }
    }

    static let statePath = "credhash.state.json"

    static var stateCases: [HostileCase] {
        [
            stateCase("state truncated", "state file '\(statePath)' is not valid JSON") { $0.prefix($0.count / 2) },
            stateCase("state empty", "state file '\(statePath)' is empty") { _ in Data() },
            stateCase("state not JSON", "state file '\(statePath)' is not valid JSON") { _ in Data("credentials: {}\n".utf8) },
            stateCase("state a JSON array", "state file '\(statePath)' does not contain a JSON object") { _ in Data("[]".utf8) },
            stateCase(
                "state of a newer format", "state file '\(statePath)' has format version 99, newer than version 1",
                change: editJSON { $0["formatVersion"] = 99 }),
            stateCase(
                "state with an extra field", "state file '\(statePath)' has unknown field 'extra'",
                change: editJSON { $0["extra"] = true }),
            stateCase(
                "state missing a field", "state file '\(statePath)' is missing field 'lineage'",
                change: editJSON { $0["lineage"] = nil }),
            stateCase(
                "state serial negative", "invalid value for 'serial' in state file '\(statePath)'",
                change: editJSON { $0["serial"] = -1 }),
            HostileCase(
                id: "saved plan against a state of another lineage",
                setup: { workspace in
                    try await savePlanAfterApply(workspace)
                    try editState(workspace) { $0["lineage"] = "00000000-0000-4000-8000-000000000000" }
                },
                arguments: ["apply", "saved.plan"], status: 5, message: "lineage"),
            HostileCase(
                id: "saved plan against a state whose serial went back",
                setup: { workspace in
                    try await savePlanAfterApply(workspace)
                    try editState(workspace) { $0["serial"] = ($0["serial"] as? Int ?? 1) - 1 }
                },
                arguments: ["apply", "saved.plan"], status: 5, message: "serial"),
            HostileCase(
                id: "lock file left by a dead process",
                setup: { workspace in
                    let holder = #"{"pid":999999,"host":"gone.example","operation":"apply","id":"dead","created":"2020-01-01T00:00:00Z"}"#
                    try Data(holder.utf8).write(to: URL(fileURLWithPath: workspace.statePath + ".lock"))
                },
                arguments: ["apply", "--auto-approve"], status: 0, message: "apply finished: 5 succeeded, 0 failed"),
        ]
    }

    /// Applies the fixture, then saves a plan that replaces the SMTP credential with a new password.
    static func savePlanAfterApply(_ workspace: Workspace) async throws {
        let applied = try await workspace.run(["apply", "--auto-approve"])
        #expect(applied.status == 0, "\(applied)")
        let planned = try await workspace.run(["plan", "--out", "saved.plan"], environment: ["E2E_SMTP_PASSWORD": "pw-rotated-81c0"])
        #expect(planned.status == 0, "\(planned)")
    }

    static func editState(_ workspace: Workspace, _ edit: @escaping @Sendable (inout [String: Any]) -> Void) throws {
        let path = URL(fileURLWithPath: workspace.statePath)
        try editJSON(edit)(try Data(contentsOf: path)).write(to: path)
    }

    // MARK: saved plan files

    /// Saves a plan as `saved.plan`, then lets `change` rewrite its bytes, and runs `show` on it.
    static func planFileCase(
        _ id: String, arguments: [String] = ["show", "saved.plan"], status: Int32 = 1, _ message: String,
        change: @escaping @Sendable (Data) throws -> Data
    ) -> HostileCase {
        HostileCase(
            id: id,
            setup: { workspace in
                let planned = try await workspace.run(["plan", "--out", "saved.plan"])
                #expect(planned.status == 0, "\(planned)")
                let path = workspace.directory.appendingPathComponent("saved.plan")
                try change(try Data(contentsOf: path)).write(to: path)
            },
            arguments: arguments, status: status, message: message)
    }

    static var planFileCases: [HostileCase] {
        [
            planFileCase("plan truncated", "saved.plan") { $0.prefix($0.count / 2) },
            planFileCase("plan empty", "saved.plan") { _ in Data() },
            planFileCase("plan not JSON", "saved.plan") { _ in Data("plan\n".utf8) },
            planFileCase("plan of a newer format", "format version 99", change: editJSON { $0["formatVersion"] = 99 }),
            planFileCase("plan with an extra field", "'extra'", change: editJSON { $0["extra"] = true }),
            planFileCase("plan missing a field", "'document'", change: editJSON { $0["document"] = nil }),
            planFileCase(
                "truncated plan given to apply", arguments: ["apply", "saved.plan"], "saved.plan"
            ) { $0.prefix($0.count / 2) },
        ]
    }
}
