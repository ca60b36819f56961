import Testing

@testable import CredhashCLI

struct UsageTests {
    @Test func versionIsPrinted() async {
        let result = await CLITestSupport.run(["--version"])
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("credhash "))
    }

    @Test func missingCommandIsUsageError() async {
        let result = await CLITestSupport.run([])
        #expect(result.status == 64)
        #expect(result.error == "Error: missing command\nUsage: credhash <command> [options]\n  See 'credhash --help'.\n")
    }

    @Test func unknownOptionSuggestsClosest() async {
        let result = await CLITestSupport.run(["validate", "--jsno"])
        #expect(result.status == 64)
        #expect(result.error.hasPrefix("Error: unknown option '--jsno'; did you mean '--json'?\n"))
        #expect(result.error.contains("Usage: credhash validate [--json] [<global options>]"))
        #expect(result.error.contains("See 'credhash validate --help'."))
    }

    @Test func unknownCommandSuggestsClosest() async {
        let result = await CLITestSupport.run(["valdiate"])
        #expect(result.status == 64)
        #expect(result.error.hasPrefix("Error: unknown command 'valdiate'; did you mean 'validate'?"))
    }

    @Test func optionWithoutValueIsUsageError() async {
        let result = await CLITestSupport.run(["validate", "-c"])
        #expect(result.status == 64)
        #expect(result.error.hasPrefix("Error: missing value for option '--config'"))
    }

    @Test func flagWithValueIsUsageError() async {
        let result = await CLITestSupport.run(["validate", "--json=yes"])
        #expect(result.status == 64)
        #expect(result.error.hasPrefix("Error: option '--json' takes no value"))
    }

    @Test func extraArgumentIsUsageError() async {
        let result = await CLITestSupport.run(["validate", "extra.yaml"])
        #expect(result.status == 64)
        #expect(result.error.hasPrefix("Error: unexpected argument 'extra.yaml' for 'validate'"))
    }

    @Test func globalOptionsWorkBeforeCommand() throws {
        let parsed = try ArgumentParser.parse(["--config=a.yaml", "--quiet", "validate", "--json", "--debug"])
        #expect(parsed.command == "validate")
        #expect(parsed.global.configPath == "a.yaml")
        #expect(parsed.global.quiet && parsed.global.debug)
        #expect(parsed.flag("json"))
    }

    @Test func doubleDashEndsOptions() throws {
        let parsed = try ArgumentParser.parse(["help", "--", "--version"])
        #expect(parsed.arguments == ["--version"])
        #expect(!parsed.version)
    }

    @Test func topLevelHelpMatchesSnapshot() async throws {
        let result = await CLITestSupport.run(["--help"])
        #expect(result.status == 0)
        try CLITestSupport.assertSnapshot(result.output, named: "help.txt")
    }

    @Test(arguments: CommandSpec.all.map(\.name))
    func commandHelpMatchesSnapshot(_ name: String) async throws {
        let result = await CLITestSupport.run([name, "--help"])
        #expect(result.status == 0)
        try CLITestSupport.assertSnapshot(result.output, named: "help-\(name).txt")
        let viaHelp = await CLITestSupport.run(["help", name])
        #expect(viaHelp.output == result.output)
    }

    @Test func helpForUnknownCommandIsUsageError() async {
        let result = await CLITestSupport.run(["help", "plna"])
        #expect(result.status == 64)
        #expect(result.error.hasPrefix("Error: unknown command 'plna'"))
    }
}

struct UsageEdgeTests {
    @Test func emptyConfigValueIsUsageError() async {
        let result = await CLITestSupport.run(["validate", "-c", ""])
        #expect(result.status == 64)
        #expect(result.error.hasPrefix("Error: option '--config' needs a non-empty value"))
    }

    @Test func commandOptionBeforeCommandSaysWhereItGoes() async {
        let result = await CLITestSupport.run(["--json", "validate"])
        #expect(result.status == 64)
        #expect(result.error.hasPrefix("Error: option '--json' belongs after the command, as in 'credhash validate --json'"))
    }

    @Test func attachedShortValueIsAccepted() throws {
        let parsed = try ArgumentParser.parse(["validate", "-cfile.yaml"])
        #expect(parsed.global.configPath == "file.yaml")
    }
}
