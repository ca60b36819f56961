import Testing

@testable import CredhashCLI

struct CLIPlaceholderTests {
    @Test func runsWithoutArguments() async {
        #expect(await CommandLineTool.run(arguments: []) == 0)
    }
}
