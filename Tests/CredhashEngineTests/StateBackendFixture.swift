import Foundation
import PostgresSupport
import RebillyAPI
import Testing

@testable import CredhashEngine

/// The state backends the conformance tests run against.
enum StateBackendKind: String, CaseIterable, CustomTestStringConvertible {
    case file, postgres

    var testDescription: String { rawValue }

    /// The connection string of the throwaway server `scripts/with-test-postgres.sh` starts.
    static let postgresConnection = ProcessInfo.processInfo.environment["CREDHASH_TEST_PG_CONN"].flatMap {
        $0.isEmpty ? nil : $0
    }

    /// Why the PostgreSQL backend is not tested, or `nil` when it is.
    static let postgresSkipReason: String? =
        postgresConnection == nil
        ? "CREDHASH_TEST_PG_CONN is not set; 'make test' sets it after starting a PostgreSQL server" : nil

    /// The kinds that can run here: the file backend always, PostgreSQL with a test server.
    static let available: [StateBackendKind] = postgresConnection == nil ? [.file] : [.file, .postgres]
}

/// One fresh, empty state in a backend, with a way to open more backends on the same state.
final class StateBackendFixture {
    let kind: StateBackendKind
    private let folder: TemporaryFolder
    /// The PostgreSQL state name, unique per fixture so tests share one database safely.
    let stateName = "test-\(UUID().uuidString.lowercased())"

    init(_ kind: StateBackendKind) throws {
        self.kind = kind
        folder = try TemporaryFolder()
    }

    /// Returns a new backend object on this fixture's state, as a separate run would open it.
    func makeBackend() -> any StateBackend {
        switch kind {
        case .file:
            return FileStateBackend(path: folder.file("credhash.state.json"))
        case .postgres:
            return PostgresStateBackend(
                connectionString: Secret(StateBackendKind.postgresConnection ?? ""), schema: "credhash_test",
                name: stateName)
        }
    }
}
