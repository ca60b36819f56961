#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import CredhashEngine

/// The GitHub Actions job summary: the Markdown file that `GITHUB_STEP_SUMMARY` names.
///
/// Text is appended, never written over, because earlier steps of the job append to the same
/// file. A failed write is a warning, not a failure, since the summary is only a report.
enum StepSummary {
    /// Appends `markdown` to the file `GITHUB_STEP_SUMMARY` names, creating it with mode 0600
    /// when it does not exist yet. Does nothing when the variable is unset or empty, and then
    /// never evaluates `markdown`, which takes a noticeable share of a large plan's time.
    static func append(_ markdown: @autoclosure () -> String, context: CommandContext) {
        guard let path = context.environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else { return }

        // A summary path that names the credentials file or the state would corrupt it.
        let statePath = context.statePath(configPath: context.configPath)
        let protected = [context.configPath, statePath, statePath + ".backup", statePath + ".lock"]
        let target = FilePaths.canonical(path)
        if protected.contains(where: { FilePaths.canonical($0) == target }) {
            context.logger.warning(
                "not appending to the job summary '\(path)' (GITHUB_STEP_SUMMARY): it is a file credhash needs")
            return
        }

        // O_NONBLOCK so that a FIFO without a reader fails at once instead of blocking the run.
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            warn(path: path, errno: errno, context: context)
            return
        }
        defer { close(descriptor) }
        let appended = Array(("\n" + Self.fitted(markdown())).utf8)
        var bytes = appended
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                warn(path: path, errno: errno, context: context)
                return
            }
            bytes.removeFirst(written)
        }
        context.logger.debug("ci.stepSummary: appended \(appended.count) bytes to \(path)")
    }

    /// GitHub drops a job summary larger than 1 MiB whole, so a longer text is cut at a line
    /// break below that, with a note that the full plan is in the job log.
    static let maximumBytes = 1_000_000

    static func fitted(_ markdown: String) -> String {
        guard markdown.utf8.count > maximumBytes else { return markdown }
        var lines: [Substring] = []
        var size = 0
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            size += line.utf8.count + 1
            if size > maximumBytes - 200 { break }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n\n_The rest is cut to stay within GitHub's summary size limit; the job log has the full text._\n"
    }

    private static func warn(path: String, errno code: Int32, context: CommandContext) {
        let reason = String(cString: strerror(code))
        context.logger.warning("failed appending to the job summary '\(path)' (GITHUB_STEP_SUMMARY): \(reason)")
    }

    /// Renders the apply summary as Markdown: the counts, then a table of the actions done and
    /// one of the failures. The errors are the descriptions apply prints, which contain no secret.
    static func applyMarkdown(_ result: ApplyResult, heading: String, counts: String) -> String {
        var lines = ["### credhash \(heading)", "", "**\(counts)**", ""]
        if !result.succeeded.isEmpty {
            lines += ["| Address | Action | Hash |", "|---|---|---|"]
            for success in result.succeeded {
                let outcome = try? success.result.get()
                let hash = outcome?.newHash.map(MarkdownPlanRenderer.code) ?? ""
                lines.append("| \(MarkdownPlanRenderer.code(success.change.address)) | \(success.change.action.rawValue) | \(hash) |")
            }
            lines.append("")
        }
        if !result.failed.isEmpty {
            lines += ["**Failed**", "", "| Address | Action | Error |", "|---|---|---|"]
            for failure in result.failed {
                let error = MarkdownPlanRenderer.code(failure.error.description)
                lines.append("| \(MarkdownPlanRenderer.code(failure.change.address)) | \(failure.change.action.rawValue) | \(error) |")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}
