import Foundation

/// The result of one attempt of a request.
private enum AttemptOutcome {
    case success(HTTPResponse)
    /// A failure that another attempt may fix. The client throws `error` when no retry is left.
    case retryable(error: APIError, requestedWait: RetryAfter?)
    case failure(APIError)
}

/// The retry decision after a retryable failure.
private enum RetryStep {
    case wait(Duration)
    case stop(reason: String)
}

extension CredentialHashesClient {
    /// Sends `call`, retrying as the retry policy allows, and returns the first response
    /// whose status is in `call.successStatuses`.
    ///
    /// - Throws: ``APIError`` for any other status, for a transport failure, or when the retries
    ///   run out.
    func send(_ call: APICall) async throws(APIError) -> HTTPResponse {
        let request = try encoder.makeRequest(call.line.method, url: call.url, body: call.body)
        var totalWait: Duration = .zero
        var attempt = 1
        while true {
            switch await attemptOnce(request, call: call, attempt: attempt) {
            case .success(let response):
                return response
            case .failure(let error):
                throw error
            case .retryable(let error, let requestedWait):
                let wait = try nextWait(call, after: attempt, requested: requestedWait, totalWait: totalWait, error: error)
                do {
                    try await clock.sleep(for: wait)
                } catch {
                    throw .transport(call.line, .cancelled, attempts: attempt)
                }
                totalWait += wait
                attempt += 1
            }
        }
    }

    /// Logs and returns the wait before the next attempt of `call`.
    ///
    /// - Throws: `error`, the failure of the last attempt, when the policy allows no more.
    private func nextWait(
        _ call: APICall, after attempt: Int, requested: RetryAfter?, totalWait: Duration, error: APIError
    ) throws(APIError) -> Duration {
        switch retryWait(after: attempt, requested: requested, totalWait: totalWait) {
        case .wait(let wait):
            let source = requested?.header ?? "backoff"
            let retries = configuration.retryPolicy.maxAttempts - 1
            log.debug("api.\(call.name): \(call.line) retry \(attempt) of \(retries) in \(Self.format(wait)) (\(source))")
            return wait
        case .stop(let reason):
            log.debug("api.\(call.name): \(call.line) not retrying after \(attempt) attempts: \(reason)")
            throw error
        }
    }

    /// Returns the wait before the next attempt, or why the policy allows no more.
    ///
    /// The client uses a server-requested wait as is, and otherwise the policy's backoff with
    /// jitter. A wait that would take the total past `maxTotalDelay` ends the retries.
    private func retryWait(after attempt: Int, requested: RetryAfter?, totalWait: Duration) -> RetryStep {
        let policy = configuration.retryPolicy
        guard attempt < policy.maxAttempts else {
            return .stop(reason: "the retry policy allows \(policy.maxAttempts) attempts")
        }
        let wait = requested?.delay ?? policy.backoff(beforeRetry: attempt, jitter: clock.jitter())
        guard totalWait + wait <= policy.maxTotalDelay else {
            return .stop(
                reason: "a wait of \(Self.format(wait)) would pass the total retry wait limit of "
                    + "\(Self.format(policy.maxTotalDelay))")
        }
        return .wait(wait)
    }

    /// Sends `request` once, logs the exchange and classifies the result.
    private func attemptOnce(_ request: HTTPRequest, call: APICall, attempt: Int) async -> AttemptOutcome {
        let started = ContinuousClock.now
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            log.debug("api.\(call.name): \(call.line) failed: \(error)")
            let apiError = APIError.transport(call.line, error, attempts: attempt)
            return error.isRetryable ? .retryable(error: apiError, requestedWait: nil) : .failure(apiError)
        }
        let elapsed = ContinuousClock.now - started
        log.debug("api.\(call.name): \(call.line) -> \(response.status) in \(Self.format(elapsed))")
        return classify(response, call: call, attempt: attempt)
    }

    private func classify(_ response: HTTPResponse, call: APICall, attempt: Int) -> AttemptOutcome {
        let status = response.status
        if call.successStatuses.contains(status) {
            return .success(response)
        }
        // A 422 may repeat submitted values; none of the request's secrets may reach a message.
        var problem = Problem.decode(from: response.body)
        if var decoded = problem {
            let secrets = (call.body?.secrets ?? []) + (configuration.apiKey.map { [$0] } ?? [])
            decoded.invalidFields = decoded.invalidFields.map { $0.scrubbed(of: secrets) }
            problem = decoded
        }
        switch status {
        case 429, 503:
            let wait = RetryAfter.parse(response, now: clock.now())
            let seconds = wait.map { Int(($0.delay / .seconds(1)).rounded(.up)) }
            let error = APIError.rateLimited(
                call.line, status: status, attempts: attempt, retryAfterSeconds: seconds)
            return .retryable(error: error, requestedWait: wait)
        case 500...599:
            let error = APIError.server(call.line, status: status, attempts: attempt, problem: problem)
            return .retryable(error: error, requestedWait: nil)
        default:
            return .failure(Self.statusError(status, line: call.line, problem: problem))
        }
    }

    /// Returns the error for a non-retryable status that the call does not expect.
    static func statusError(_ status: Int, line: RequestLine, problem: Problem?) -> APIError {
        switch status {
        case 401: return .unauthorized(line, problem)
        case 403: return .forbidden(line, problem)
        case 404: return .notFound(line, problem)
        case 422: return .validation(line, invalidFields: problem?.invalidFields ?? [], problem: problem)
        default: return .unexpectedStatus(line, status: status, problem: problem)
        }
    }

    /// Formats a duration for logs: milliseconds below one second, else seconds with one decimal.
    static func format(_ duration: Duration) -> String {
        let milliseconds = Int((duration / .milliseconds(1)).rounded())
        if milliseconds < 1000 {
            return "\(milliseconds) ms"
        }
        return String(format: "%.1f s", Double(milliseconds) / 1000)
    }
}
