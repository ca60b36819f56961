import Testing

@testable import RebillyAPI

struct VersionTests {
    @Test func versionIsSemantic() {
        #expect(RebillyAPIVersion.current.split(separator: ".").count == 3)
    }
}
