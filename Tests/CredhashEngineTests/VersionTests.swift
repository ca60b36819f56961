import Testing

@testable import CredhashEngine

struct EngineVersionTests {
    @Test func versionIsSemantic() {
        #expect(CredhashEngine.version.split(separator: ".").count == 3)
    }
}
