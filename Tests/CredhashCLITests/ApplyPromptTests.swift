import CredhashTestSupport
import Foundation
import Testing

@testable import CredhashCLI

/// The approval question of apply on a terminal, answered through the injected line reader.
@Suite(.timeLimit(.minutes(1))) struct ApplyPromptTests {
    @Test func yesCarriesOutThePlan() async throws {
        let fixture = try ApplyFixture(ApplyFixture.yaml())
        let result = await fixture.run(["apply"], terminal: true, input: ["yes"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("Do you want to carry out these changes? Only 'yes' is accepted.\n  Enter a value: "))
        #expect(result.output.contains("apply finished: 2 succeeded, 0 failed"))
        #expect(try fixture.createCount() == 2)
        #expect(try fixture.state().credentials.count == 2)
    }

    @Test(arguments: [["no"], ["YES"], ["y"], []])
    func otherAnswerCancels(input: [String]) async throws {
        let fixture = try ApplyFixture(ApplyFixture.yaml())
        let result = await fixture.run(["apply"], terminal: true, input: input)
        #expect(result.status == 1)
        #expect(result.output.contains("Enter a value: "))
        #expect(result.error.contains("apply cancelled"), "\(result.error)")
        #expect(try fixture.createCount() == 0)
        #expect(!FileManager.default.fileExists(atPath: fixture.statePath))
    }

    @Test func spacesAroundYesAreAccepted() async throws {
        let fixture = try ApplyFixture(ApplyFixture.yaml(hook: false))
        let result = await fixture.run(["apply"], terminal: true, input: ["  yes "])
        #expect(result.status == 0, "\(result.error)")
        #expect(try fixture.createCount() == 1)
    }
}
