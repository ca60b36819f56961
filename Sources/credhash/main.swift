import CredhashCLI
import Foundation

let status = await CommandLineTool.run(
    arguments: Array(CommandLine.arguments.dropFirst()),
    environment: ProcessInfo.processInfo.environment,
    io: .standard)
exit(status)
