import CredhashEngine
import Foundation

/// `credhash init`: writes a starter credentials file and adds the state's lock and backup files
/// to the `.gitignore` beside it.
///
/// It never overwrites a file: when the credentials file exists it writes nothing and exits 1,
/// and it only appends to `.gitignore`, each line at most once.
enum InitCommand {
    static func run(_ context: CommandContext) -> ExitCode {
        let configPath = context.configPath
        if FileManager.default.fileExists(atPath: configPath) {
            reportExisting(configPath, context: context)
            return .failure
        }
        let folder = ConfigLoader.directory(of: configPath)
        let gitignorePath = folder == "." ? ".gitignore" : folder + "/.gitignore"
        let statePath = context.statePath(configPath: configPath)

        // Read .gitignore before writing anything, so an unreadable one leaves no half-done init.
        let ignoreUpdate: GitignoreUpdate?
        do {
            ignoreUpdate = try GitignoreUpdate.plan(gitignorePath: gitignorePath, statePath: statePath, folder: folder)
        } catch {
            context.reportError("cannot read '\(gitignorePath)': \(error.localizedDescription)")
            return .failure
        }

        do {
            try Data(InitStarter.text.utf8).write(to: URL(fileURLWithPath: configPath), options: .withoutOverwriting)
        } catch {
            // Another process may have created the file since the check above.
            if FileManager.default.fileExists(atPath: configPath) || (try? FileManager.default.destinationOfSymbolicLink(atPath: configPath)) != nil {
                reportExisting(configPath, context: context)
            } else {
                let folder = ConfigLoader.directory(of: configPath)
                let reason = FileManager.default.fileExists(atPath: folder)
                    ? error.localizedDescription : "the folder '\(folder)' does not exist"
                context.reportError("cannot write '\(configPath)': \(reason)")
            }
            return .failure
        }
        context.io.printLine("Wrote \(configPath) with one credential of each type.")

        guard let ignoreUpdate else {
            context.io.printLine(
                "Left .gitignore unchanged: the state file '\(statePath)' is outside '\(folder)'; "
                    + "keep its .lock and .backup files out of version control yourself.")
            printNextSteps(configPath: configPath, context: context)
            return .success
        }
        do {
            try ignoreUpdate.write()
        } catch {
            context.reportError("cannot write '\(gitignorePath)': \(error.localizedDescription)")
            return .failure
        }
        context.io.printLine(ignoreUpdate.summary)
        printNextSteps(configPath: configPath, context: context)
        return .success
    }

    private static func reportExisting(_ configPath: String, context: CommandContext) {
        context.reportError(
            "'\(configPath)' already exists; init never overwrites a file",
            detail: "Edit it, or pass '-c FILE' to write the starter to a new file.")
    }

    private static func printNextSteps(configPath: String, context: CommandContext) {
        // validate reads no state, so only plan gets --state.
        let fileOptions = configPath == "credentials.yaml" ? "" : " -c \(configPath)"
        let planOptions = fileOptions + (context.parsed.options["state"].map { " --state \($0)" } ?? "")
        let variables = InitStarter.secretVariables.joined(separator: ", ")
        context.io.printLine("""

            Next steps:
              1. Edit \(configPath): replace the example hosts and names, and delete the credentials you do not need.
              2. Export the secrets it references: \(variables).
              3. Run 'credhash validate\(fileOptions)' to check the file and its references.
              4. Set REBILLY_API_KEY and run 'credhash plan\(planOptions)' to see what apply would create.
            """)
    }
}

/// The lines `credhash init` appends to a `.gitignore`: the state's lock and backup files.
struct GitignoreUpdate {
    let path: String
    /// Whether the file exists; a missing one is created.
    let exists: Bool
    /// Whether the existing text ends without a line break, so one goes before the new lines.
    let needsLeadingLineBreak: Bool
    /// Every entry `init` wants, in order.
    let entries: [String]
    /// The entries the file does not contain yet.
    let missingEntries: [String]

    /// Plans the update of the `.gitignore` at `gitignorePath` in `folder`, or returns `nil` when
    /// the state file lies outside `folder`, where a pattern in that `.gitignore` cannot match it.
    static func plan(gitignorePath: String, statePath: String, folder: String) throws -> GitignoreUpdate? {
        guard let relativeState = relativePath(of: statePath, inside: folder) else { return nil }
        let entries = [relativeState + ".lock", relativeState + ".backup"].map(escapePattern)
        var existingText = ""
        let exists = FileManager.default.fileExists(atPath: gitignorePath)
        if exists {
            existingText = try String(contentsOfFile: gitignorePath, encoding: .utf8)
        }
        let existingLines = Set(existingText.split(whereSeparator: \.isNewline).map { line in
            String(line.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        })
        let missing = entries.filter { entry in
            !existingLines.contains(entry) && !existingLines.contains("/" + entry)
        }
        return GitignoreUpdate(
            path: gitignorePath, exists: exists,
            needsLeadingLineBreak: !existingText.isEmpty && !existingText.hasSuffix("\n"),
            entries: entries, missingEntries: missing)
    }

    /// Appends the missing entries; writes nothing when none is missing.
    func write() throws {
        guard !missingEntries.isEmpty else { return }
        var text = needsLeadingLineBreak ? "\n" : ""
        text += "# credhash state lock and backup\n"
        text += missingEntries.map { $0 + "\n" }.joined()
        guard exists else {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
            return
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// One line saying what `write()` did.
    var summary: String {
        if missingEntries.isEmpty {
            return "Left \(path) unchanged: it already ignores \(entries.joined(separator: " and "))."
        }
        let verb = exists ? "Added" : "Created \(path) and added"
        let target = exists ? " to \(path)" : ""
        return "\(verb) \(missingEntries.joined(separator: " and "))\(target)."
    }

    /// `path` relative to `folder`, both taken from the current directory, or `nil` when `path`
    /// is not inside `folder`.
    static func relativePath(of path: String, inside folder: String) -> String? {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let base = URL(fileURLWithPath: folder, isDirectory: true, relativeTo: current).standardizedFileURL.path
        let target = URL(fileURLWithPath: path, relativeTo: current).standardizedFileURL.path
        let prefix = base.hasSuffix("/") ? base : base + "/"
        guard target.hasPrefix(prefix), target.count > prefix.count else { return nil }
        return String(target.dropFirst(prefix.count))
    }

    /// `name` with the characters that gitignore patterns treat specially escaped by a backslash.
    static func escapePattern(_ name: String) -> String {
        var result = ""
        for character in name {
            if "*?[\\".contains(character) { result.append("\\") }
            result.append(character)
        }
        if let first = result.first, first == "#" || first == "!" { result.insert("\\", at: result.startIndex) }
        return result
    }
}
