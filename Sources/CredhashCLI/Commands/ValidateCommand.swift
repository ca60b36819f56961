import CredhashEngine
import RebillyAPI
import Foundation

/// `credhash validate`: checks the credentials file and its references.
enum ValidateCommand {
    static func run(_ context: CommandContext) -> ExitCode {
        let result = context.loadConfig()
        if context.parsed.flag("json") {
            context.io.printLine(ValidationJSON.render(result, path: context.configPath))
            return result.config == nil ? .failure : .success
        }
        context.reportDiagnostics(result.diagnostics)
        guard let config = result.config else { return .failure }
        if !context.style.quiet {
            context.io.writeOutput(render(config))
        }
        return .success
    }

    /// Lists each credential with its fields; secrets show only where they come from.
    static func render(_ config: DesiredConfig) -> String {
        var lines: [String] = []
        for credential in config.credentials {
            lines.append(credential.address)
            for field in credential.fields {
                let note = field.location == nil ? " (default)" : ""
                lines.append("    \(field.path): \(field.value)\(note)")
            }
            for secret in credential.secrets {
                lines.append("    \(secret.path): \(Secret.redacted) from \(secret.origin)")
            }
            lines.append("    retire: \(credential.retire.rawValue)")
        }
        let count = config.credentials.count
        lines.append("\(config.path): valid, \(count) \(count == 1 ? "credential" : "credentials")")
        return lines.joined(separator: "\n") + "\n"
    }
}
