import CredhashEngine

/// `credhash schema`: prints the JSON Schema of the credentials language.
enum SchemaCommand {
    static func run(_ context: CommandContext) -> ExitCode {
        context.io.printLine(ConfigJSONSchema.render())
        return .success
    }
}
