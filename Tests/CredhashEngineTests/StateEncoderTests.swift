import Foundation
import Testing

@testable import CredhashEngine

@Suite
struct StateEncoderTests {
    static func credential(_ name: String, hash: String, host: String = "hooks.example.com") -> StateCredential {
        StateCredential(
            type: .webhook, name: name, hash: hash, status: .active,
            fields: ["host": .text(host), "note": .text("line one\nline \"two\" / é")],
            secretFingerprints: ["auth.password": StateTestSupport.fingerprint],
            createdTime: "2024-05-01T10:00:00Z", updatedTime: "2024-05-01T10:00:00Z")
    }

    /// Addresses whose byte order differs from a numeric or case-insensitive order.
    static let addresses = ["webhook.site-9", "webhook.site-10", "webhook.Site-2", "webhook.a-b", "webhook.a.b", "email.z"]

    static func expectSameBytes(_ state: State, encoder: StateEncoder) throws {
        let expected = try StateFile.encode(state, path: "state.json")
        let actual = try encoder.encode(state, path: "state.json")
        #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }

    @Test func emptyStateMatchesJSONEncoder() throws {
        var state = StateTestSupport.sample()
        state.credentials = [:]
        try Self.expectSameBytes(state, encoder: StateEncoder())
    }

    @Test func sampleStateMatchesJSONEncoder() throws {
        try Self.expectSameBytes(StateTestSupport.sample(), encoder: StateEncoder())
    }

    @Test func changesMatchJSONEncoderEachTime() throws {
        let encoder = StateEncoder()
        var state = StateTestSupport.sample()
        for (index, address) in Self.addresses.enumerated() {
            state.credentials[address] = Self.credential(address, hash: "hash-\(index)")
            try Self.expectSameBytes(state, encoder: encoder)
        }

        // A changed entry must be encoded again, not taken from the previous call.
        state.credentials["webhook.site-9"] = Self.credential("site-9", hash: "hash-new", host: "other.example.com")
        try Self.expectSameBytes(state, encoder: encoder)

        state.credentials.removeValue(forKey: "webhook.a-b")
        state.serial += 1
        try Self.expectSameBytes(state, encoder: encoder)

        state.credentials = [:]
        try Self.expectSameBytes(state, encoder: encoder)
    }
}
