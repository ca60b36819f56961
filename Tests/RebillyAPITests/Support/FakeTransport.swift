import Foundation
import Testing

@testable import RebillyAPI

/// A transport that checks each request against the next scripted step and returns that step's
/// canned response or error.
///
/// A request beyond the script records an issue and fails with a transport error.
final class FakeTransport: Transport, @unchecked Sendable {
    /// One scripted exchange.
    struct Step {
        var method: HTTPMethod
        var path: String
        /// The expected JSON body, compared as parsed JSON; nil expects no body.
        var body: String?
        var result: Result<HTTPResponse, TransportError>
    }

    private let lock = NSLock()
    private var steps: [Step]
    private var recorded: [HTTPRequest] = []

    init(_ steps: [Step]) {
        self.steps = steps
    }

    /// The requests received so far.
    var requests: [HTTPRequest] {
        lock.withLock { recorded }
    }

    /// Whether every scripted step was used.
    var isFinished: Bool {
        lock.withLock { steps.isEmpty }
    }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let step: Step? = lock.withLock {
            recorded.append(request)
            return steps.isEmpty ? nil : steps.removeFirst()
        }
        guard let step else {
            Issue.record("unexpected request \(request)")
            throw .other(code: -999)
        }
        Self.check(request, against: step)
        return try step.result.get()
    }

    private static func check(_ request: HTTPRequest, against step: Step) {
        #expect(request.method == step.method)
        #expect(request.url.path == step.path)
        #expect(request.header("REB-APIKEY") == TestSetup.apiKey)
        #expect(request.header("User-Agent") == "credhash/\(TestSetup.version)")
        #expect(request.header("Accept") == "application/json")
        guard let expectedBody = step.body else {
            #expect(request.body == nil)
            #expect(request.header("Content-Type") == nil)
            return
        }
        #expect(request.header("Content-Type") == "application/json")
        #expect(parseJSON(request.body) == parseJSON(Data(expectedBody.utf8)))
    }
}

/// Parses JSON into a comparable Foundation object, or nil when `data` is nil or not JSON.
func parseJSON(_ data: Data?) -> NSObject? {
    guard let data else { return nil }
    return (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) as? NSObject
}

/// A retry clock that never sleeps: it records each requested wait and returns at once.
final class RecordingClock: RetryClock, @unchecked Sendable {
    /// The fixed "now": 2023-11-14 22:13:20 UTC, a Tuesday.
    static let fixedNow = Date(timeIntervalSince1970: 1_700_000_000)

    private let lock = NSLock()
    private var recordedSleeps: [Duration] = []
    private let jitterValue: Double
    private let failSleeps: Bool

    /// Creates a clock whose jitter is always `jitter`; `failSleeps` makes every sleep throw
    /// `CancellationError`, as a cancelled task would.
    init(jitter: Double = 0.5, failSleeps: Bool = false) {
        self.jitterValue = jitter
        self.failSleeps = failSleeps
    }

    /// The waits requested so far.
    var sleeps: [Duration] {
        lock.withLock { recordedSleeps }
    }

    func now() -> Date {
        Self.fixedNow
    }

    func sleep(for duration: Duration) async throws {
        lock.withLock { recordedSleeps.append(duration) }
        if failSleeps {
            throw CancellationError()
        }
    }

    func jitter() -> Double {
        jitterValue
    }
}

/// A log sink that keeps every message.
final class LogRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [(LogLevel, String)] = []

    /// The sink to hand to the client.
    var sink: LogSink {
        LogSink { [self] level, message in
            lock.withLock { recorded.append((level, message)) }
        }
    }

    /// The messages so far, without levels.
    var messages: [String] {
        lock.withLock { recorded.map(\.1) }
    }

    /// The levels so far.
    var levels: [LogLevel] {
        lock.withLock { recorded.map(\.0) }
    }
}
