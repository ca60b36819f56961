import CredhashTestSupport
import Foundation
import Testing

/// A temporary copy of one fixture folder with its own emulator, where credhash runs as a child process.
///
/// The temporary root contains the copy (`work/`) and the standard output and error of every run
/// (`logs/`), so a scan of the root covers everything credhash wrote.
final class Workspace {
    /// The fixture copy, the working directory of every run.
    let directory: URL
    /// The emulator every run talks to.
    let emulator: EmulatorProcess
    /// Secret values by environment variable, passed to every run; none may appear in a file.
    let secrets: [String: String]

    private let root: URL
    private let logs: URL
    private let binary: String
    private var runCount = 0
    /// The command line of every run, by the name of its log files in `logs/`.
    private(set) var commandLines: [String: String] = [:]

    /// Copies `Tests/EndToEndTests/Fixtures/<fixture>` and starts an emulator that accepts `apiKey`,
    /// with `emulatorArguments`.
    init(
        fixture: String, secrets: [String: String], apiKey: String = "sk_test_emulator",
        emulatorArguments: [String] = []
    ) throws {
        binary = try CredhashBinary.path()
        let source = CredhashBinary.repositoryRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/\(fixture)")
        root = FileManager.default.temporaryDirectory.appendingPathComponent("credhash-e2e-\(UUID().uuidString)")
        directory = root.appendingPathComponent("work")
        logs = root.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: directory)
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        self.secrets = secrets
        emulator = try EmulatorProcess(apiKey: apiKey, arguments: emulatorArguments)
    }

    deinit {
        emulator.stop()
        try? FileManager.default.removeItem(at: root)
    }

    /// The state file credhash uses by default.
    var statePath: String { directory.appendingPathComponent("credhash.state.json").path }

    /// The environment of every run: nothing of the test's own but `PATH` and the library path,
    /// so no `CREDHASH_*` or `REBILLY_*` setting of the developer's leaks in.
    private func environment(adding extra: [String: String]) -> [String: String] {
        var environment = ["HOME": root.path, "LANG": "C.UTF-8", "TZ": "UTC"]
        for name in ["PATH", "LD_LIBRARY_PATH"] {
            if let value = ProcessInfo.processInfo.environment[name] { environment[name] = value }
        }
        environment.merge(emulator.environment) { $1 }
        environment.merge(secrets) { $1 }
        environment.merge(extra) { $1 }
        return environment
    }

    /// Starts `credhash ARGUMENTS` in the fixture copy without waiting for it.
    func start(
        _ arguments: [String], environment extra: [String: String] = [:], input: ChildProcess.Input = .nullDevice
    ) throws -> CredhashRun {
        runCount += 1
        let name = String(format: "%02d-", runCount) + (arguments.first ?? "none")
        commandLines[name] = (["credhash"] + arguments).joined(separator: " ")
        let outputPath = logs.appendingPathComponent(name + ".out").path
        let errorPath = logs.appendingPathComponent(name + ".err").path
        let child = try ChildProcess(
            [binary] + arguments, environment: environment(adding: extra), inheritsEnvironment: false,
            directory: directory.path, outputPath: outputPath, errorPath: errorPath, input: input)
        return CredhashRun(arguments: arguments, child: child, outputPath: outputPath, errorPath: errorPath)
    }

    /// Runs `credhash ARGUMENTS` in the fixture copy and waits for it to exit.
    func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> CommandResult {
        try start(arguments, environment: extra).finish()
    }

    /// Runs `credhash ARGUMENTS` in the fixture copy and waits for it to exit, polling with
    /// `Task.sleep` instead of blocking a thread.
    ///
    /// Swift's cooperative pool has one thread per core, which every test shares. Long suites of
    /// runs use this form so that they do not hold a thread the unit tests need.
    func run(_ arguments: [String], environment extra: [String: String] = [:], timeout: Double = 25) async throws
        -> CommandResult
    {
        try await start(arguments, environment: extra).finish(timeout: timeout)
    }

    /// Runs the shell script at `scriptPath` with bash in the fixture copy, with `CREDHASH` set to
    /// the built binary, and waits for it to exit.
    func runScript(_ scriptPath: String, environment extra: [String: String] = [:]) throws -> CommandResult {
        runCount += 1
        let name = String(format: "%02d-", runCount) + URL(fileURLWithPath: scriptPath).lastPathComponent
        let outputPath = logs.appendingPathComponent(name + ".out").path
        let errorPath = logs.appendingPathComponent(name + ".err").path
        var environment = environment(adding: extra)
        environment["CREDHASH"] = binary
        let child = try ChildProcess(
            ["/bin/bash", scriptPath], environment: environment, inheritsEnvironment: false,
            directory: directory.path, outputPath: outputPath, errorPath: errorPath, input: .nullDevice)
        return try CredhashRun(arguments: [scriptPath], child: child, outputPath: outputPath, errorPath: errorPath).finish()
    }

    /// Replaces the fixture copy's `credentials.yaml` with the fixture file `name`.
    func useConfig(_ name: String) throws {
        let target = directory.appendingPathComponent("credentials.yaml")
        try FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(at: directory.appendingPathComponent(name), to: target)
    }

    /// The state file's bytes, or `nil` when there is none.
    func stateBytes() -> Data? {
        FileManager.default.contents(atPath: statePath)
    }

    /// The state file parsed as JSON.
    func state() throws -> StateJSON {
        let data = try #require(stateBytes(), "no state file at \(statePath)")
        return try StateJSON(data)
    }

    /// The temporary root, which contains the fixture copy and the output of every run.
    var rootPath: String { root.path }

    /// Every regular file under the temporary root, by path: the state, its backup and lock, and
    /// the output of every run.
    func writtenFiles() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            files[url.path] = try Data(contentsOf: url)
        }
        return files
    }

    /// Records an issue for every secret value found in a file credhash wrote or printed.
    func expectNoSecretWritten(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let files = try writtenFiles()
        #expect(files.keys.contains { $0.hasSuffix(".out") }, "no run output was scanned", sourceLocation: sourceLocation)
        for (path, data) in files {
            let text = String(decoding: data, as: UTF8.self)
            for (name, value) in secrets {
                #expect(!text.contains(value), "the value of \(name) appears in \(path)", sourceLocation: sourceLocation)
            }
        }
    }

    /// The emulator's stored credentials.
    func emulatorCredentials() throws -> [EmulatorCredential] {
        try emulator.credentials().map(EmulatorCredential.init)
    }

    /// The emulator's request log, oldest first.
    func emulatorRequests() throws -> [EmulatorRequest] {
        try emulator.requests().map(EmulatorRequest.init)
    }

    /// Checks that a finished apply left Rebilly and the state in step: one credential per
    /// configured address, every credential the emulator stores recorded in the state, and no
    /// journal entry left.
    func expectConverged(addressCount: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let state = try state()
        let stored = try emulatorCredentials()
        let recorded = state.hashes
        #expect(state.pending.isEmpty, "journal entries left: \(state.pending)", sourceLocation: sourceLocation)
        #expect(state.credentials.count == addressCount, sourceLocation: sourceLocation)
        #expect(stored.count == addressCount, "the emulator stores \(stored.count) credentials", sourceLocation: sourceLocation)
        #expect(Set(recorded.values).count == recorded.count, "two addresses share a hash", sourceLocation: sourceLocation)
        for credential in stored {
            #expect(Set(recorded.values).contains(credential.hash),
                    "emulator credential \(credential.hash) (\(credential.kind)) is not in the state",
                    sourceLocation: sourceLocation)
        }
        let creates = try emulatorRequests().filter { $0.method == "POST" && $0.status == 201 }
        #expect(creates.count == addressCount, "the emulator answered 201 \(creates.count) times",
                sourceLocation: sourceLocation)
    }
}

/// The exit code and output of a finished run.
struct CommandResult: CustomStringConvertible {
    let arguments: [String]
    let status: Int32
    /// The signal that ended the run, or `nil` when it called `exit`.
    let signal: Int32?
    let output: String
    let error: String

    var description: String {
        "credhash \(arguments.joined(separator: " ")) exited \(status)\n--- stdout\n\(output)--- stderr\n\(error)"
    }
}

/// A credhash process that is running or has run, with its output in files.
final class CredhashRun {
    let arguments: [String]
    let child: ChildProcess
    private let outputPath: String
    private let errorPath: String

    init(arguments: [String], child: ChildProcess, outputPath: String, errorPath: String) {
        self.arguments = arguments
        self.child = child
        self.outputPath = outputPath
        self.errorPath = errorPath
    }

    /// Standard output so far.
    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
    /// Standard error so far.
    var error: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

    /// Waits until standard output contains `text` at least `count` times.
    ///
    /// - Throws: When the process exits first, or after `timeout` seconds, a safety net only.
    func waitForOutput(_ text: String, count: Int = 1, timeout: Double = 20) throws {
        let deadline = Date.now.addingTimeInterval(timeout)
        while output.components(separatedBy: text).count - 1 < count {
            if child.wait(timeout: 0) != nil, output.components(separatedBy: text).count - 1 < count {
                throw RunFailure("credhash exited before printing '\(text)' \(count) times:\n\(output)\(error)")
            }
            guard Date.now < deadline else {
                throw RunFailure("credhash did not print '\(text)' \(count) times within \(timeout) s:\n\(output)")
            }
            usleep(10_000)
        }
    }

    /// Waits until the process ignores or catches `signal`, as credhash's signal trap makes it do
    /// before it takes the state lock, so the signal no longer ends it at once.
    func waitUntilTrapping(_ signal: Int32, timeout: Double = 20) throws {
        let deadline = Date.now.addingTimeInterval(timeout)
        while !trappedSignals().contains(signal) {
            guard child.wait(timeout: 0) == nil else { throw RunFailure("credhash exited before trapping \(signal)") }
            guard Date.now < deadline else { throw RunFailure("credhash did not trap \(signal) within \(timeout) s") }
            usleep(10_000)
        }
    }

    /// Sends `signal` every 100 ms until standard output contains `text`.
    ///
    /// The trap's dispatch source registers asynchronously, and a signal that arrives before that
    /// is ignored, so one signal is not enough; a repeated SIGTERM changes nothing once handled.
    func send(_ signal: Int32, untilOutput text: String, timeout: Double = 20) throws {
        let deadline = Date.now.addingTimeInterval(timeout)
        while !output.contains(text) {
            guard child.wait(timeout: 0) == nil else { throw RunFailure("credhash exited before printing '\(text)'") }
            guard Date.now < deadline else { throw RunFailure("credhash did not print '\(text)' within \(timeout) s") }
            child.send(signal)
            usleep(100_000)
        }
    }

    /// Returns the signals the process ignores or catches, from the `SigIgn` and `SigCgt` masks in
    /// `/proc/PID/status`. The trap first ignores a signal, then libdispatch catches it.
    private func trappedSignals() -> Set<Int32> {
        let status = (try? String(contentsOfFile: "/proc/\(child.pid)/status", encoding: .utf8)) ?? ""
        var mask: UInt64 = 0
        for line in status.split(separator: "\n") where line.hasPrefix("SigIgn:") || line.hasPrefix("SigCgt:") {
            let digits = line.dropFirst("SigIgn:".count).trimmingCharacters(in: .whitespaces)
            mask |= UInt64(digits, radix: 16) ?? 0
        }
        return Set((1...64).filter { mask & (1 << UInt64($0 - 1)) != 0 }.map(Int32.init))
    }

    /// Waits for the process to exit like ``finish(timeout:)``, polling with `Task.sleep` every
    /// 5 ms instead of blocking a thread.
    ///
    /// - Throws: After `timeout` seconds, having stopped the process.
    func finish(timeout: Double = 25) async throws -> CommandResult {
        let deadline = Date.now.addingTimeInterval(timeout)
        while child.wait(timeout: 0) == nil {
            guard Date.now < deadline else {
                child.terminate()
                throw RunFailure("credhash \(arguments.joined(separator: " ")) did not exit within \(timeout) s")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        return CommandResult(
            arguments: arguments, status: child.wait(), signal: child.endingSignal, output: output, error: error)
    }

    /// Waits for the process to exit and returns its result.
    ///
    /// - Throws: After `timeout` seconds, a safety net only, having stopped the process.
    func finish(timeout: Double = 25) throws -> CommandResult {
        guard let status = child.wait(timeout: timeout) else {
            child.terminate()
            throw RunFailure("credhash \(arguments.joined(separator: " ")) did not exit within \(timeout) s")
        }
        return CommandResult(arguments: arguments, status: status, signal: child.endingSignal, output: output, error: error)
    }
}

struct RunFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The parts of a state file the tests read, from its JSON.
struct StateJSON {
    let credentials: [String: [String: Any]]
    let pending: [[String: Any]]
    let retirements: [[String: Any]]
    let replacements: [[String: Any]]
    let serial: Int

    init(_ data: Data) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "the state is not a JSON object")
        credentials = try #require(object["credentials"] as? [String: [String: Any]], "the state has no credentials object")
        pending = try #require(object["pending"] as? [[String: Any]], "the state has no pending array")
        retirements = try #require(object["retirements"] as? [[String: Any]], "the state has no retirements array")
        replacements = try #require(object["replacements"] as? [[String: Any]], "the state has no replacements array")
        serial = try #require(object["serial"] as? Int, "the state has no serial")
    }

    /// The recorded hash of each address.
    var hashes: [String: String] {
        credentials.compactMapValues { $0["hash"] as? String }
    }

    /// The addresses of the journal entries.
    var pendingAddresses: [String] {
        pending.compactMap { $0["address"] as? String }
    }
}

/// One credential as `GET /__emulator/credentials` returns it.
struct EmulatorCredential {
    let hash: String
    let kind: String
    let status: String
    let fields: [String: Any]

    init(_ object: [String: Any]) {
        hash = object["hash"] as? String ?? ""
        kind = object["kind"] as? String ?? ""
        status = object["status"] as? String ?? ""
        fields = object["fields"] as? [String: Any] ?? [:]
    }
}

/// One entry of `GET /__emulator/requests`.
struct EmulatorRequest {
    let method: String
    let path: String
    /// The response status, or 0 when the connection was dropped.
    let status: Int
    /// The request body, or an empty object when it had none.
    let body: [String: Any]

    init(_ object: [String: Any]) {
        method = object["method"] as? String ?? ""
        path = object["path"] as? String ?? ""
        body = object["body"] as? [String: Any] ?? [:]
        status = (object["response"] as? [String: Any])?["status"] as? Int ?? 0
    }
}

/// The name of this host as `gethostname` returns it, which the lock holder records.
func currentHostName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}
