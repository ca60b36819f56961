import PostgresSupport
import Testing

/// The libpq wrapper's handling of connection strings, which needs no server.
struct PostgresConnectionTests {
    @Test func redactRemovesEveryOccurrence() {
        let message = PostgresConnection.redact("a pw b pw-long c", removing: ["pw", "pw-long"])
        #expect(message == "a *** b *** c")
    }

    @Test func malformedStringNotQuoted() {
        // libpq's own message would be 'missing "=" after "hunter2-canary"', quoting the password.
        let error = #expect(throws: PostgresError.self) {
            _ = try PostgresConnection(connectionString: "host=/nonexistent password hunter2-canary")
        }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("not valid libpq syntax"))
        #expect(!message.contains("hunter2-canary"))
    }

    @Test func unknownOptionNotQuoted() {
        let error = #expect(throws: PostgresError.self) {
            _ = try PostgresConnection(connectionString: "host=/nonexistent passwrd=hunter2-canary")
        }
        #expect(!(error.map { "\($0)" } ?? "").contains("hunter2-canary"))
    }

    @Test func connectFailureHidesPassword() {
        let error = #expect(throws: PostgresError.self) {
            _ = try PostgresConnection(connectionString: "host=/nonexistent-credhash-socket password=hunter2-canary")
        }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("/nonexistent-credhash-socket"))
        #expect(!message.contains("hunter2-canary"))
    }
}
