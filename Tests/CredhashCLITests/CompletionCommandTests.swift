import Foundation
import Testing

@testable import CredhashCLI

struct CompletionCommandTests {
    /// Finds `name` on `PATH`.
    private static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `shell -n` on `script` and returns its exit status and standard error.
    private func checkSyntax(shell: String, script: String) throws -> (status: Int32, error: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("credhash-completion-\(UUID().uuidString)")
        try script.write(to: file, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: shell)
        process.arguments = ["-n", file.path]
        let errorPipe = Pipe()
        process.standardError = errorPipe
        try process.run()
        let errorText = String(decoding: errorPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, errorText)
    }

    @Test(arguments: CompletionCommand.shells)
    func scriptNamesEveryCommandAndOption(_ shell: String) async {
        let result = await CLITestSupport.run(["completion", shell])
        #expect(result.status == 0)
        #expect(result.error.isEmpty)
        for command in CommandSpec.all {
            #expect(result.output.contains(command.name), "\(shell) script lacks command \(command.name)")
            for option in command.allOptions {
                #expect(result.output.contains("--\(option.name)"), "\(shell) script lacks --\(option.name) of \(command.name)")
                if let short = option.short {
                    #expect(result.output.contains("-\(short)"), "\(shell) script lacks -\(short)")
                }
            }
        }
        #expect(result.output.contains("--version"))
    }

    @Test func bashScriptOffersEachCommandsOptions() async {
        let script = await CLITestSupport.run(["completion", "bash"]).output
        for command in CommandSpec.all where !command.options.isEmpty {
            let options = command.options.map { "--\($0.name)" }.joined(separator: " ")
            #expect(script.contains("    \(command.name))\n        options=\"\(options)\""), "bash: \(command.name)")
        }
        #expect(script.hasSuffix("complete -o default -F _credhash credhash\n"))
    }

    @Test func zshScriptDescribesEachCommand() async {
        let script = await CLITestSupport.run(["completion", "zsh"]).output
        #expect(script.hasPrefix("#compdef credhash\n"))
        for command in CommandSpec.all {
            #expect(script.contains("        '\(command.name):"), "zsh: \(command.name)")
            #expect(script.contains("        \(command.name))\n            _arguments $global_options"), "zsh: \(command.name)")
        }
        // Single quotes in help text are closed and reopened, never left unbalanced.
        #expect(script.contains("'show:Show a plan saved with '\\''plan --out'\\'''"))
    }

    @Test func argumentCompletionFollowsUsage() throws {
        #expect(CompletionCommand.argumentCompletion(for: CommandSpec.apply) == .files)
        #expect(CompletionCommand.argumentCompletion(for: CommandSpec.help) == .commands)
        #expect(CompletionCommand.argumentCompletion(for: CommandSpec.completion) == .words(["bash", "zsh"]))
        #expect(
            CompletionCommand.argumentCompletion(for: CommandSpec.state)
                == .words(["list", "show", "rm", "mv", "rm-pending", "pull", "push"]))
        #expect(CompletionCommand.argumentCompletion(for: CommandSpec.plan) == .none)
    }

    @Test(.enabled(if: executable("bash") != nil, "bash is not installed, so the bash script's syntax is not checked"))
    func bashAcceptsBashScript() throws {
        let bash = try #require(Self.executable("bash"))
        let check = try checkSyntax(shell: bash, script: BashCompletion.script())
        #expect(check.status == 0, "bash -n: \(check.error)")
    }

    @Test(.enabled(if: executable("zsh") != nil, "zsh is not installed, so the zsh script's syntax is not checked"))
    func zshAcceptsZshScript() throws {
        let zsh = try #require(Self.executable("zsh"))
        let check = try checkSyntax(shell: zsh, script: ZshCompletion.script())
        #expect(check.status == 0, "zsh -n: \(check.error)")
    }

    @Test func completionRejectsUnknownShell() async {
        let result = await CLITestSupport.run(["completion", "fish"])
        #expect(result.status == 64)
        #expect(result.error.hasPrefix("Error: invalid argument 'fish' for 'completion', expected bash or zsh"))
        #expect(result.output.isEmpty)
    }

    @Test func completionRequiresShell() async {
        let result = await CLITestSupport.run(["completion"])
        #expect(result.status == 64)
        #expect(result.error.hasPrefix("Error: missing argument <shell> for 'completion'"))
    }
}
