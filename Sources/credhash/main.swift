import CredhashCLI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

let status = await CommandLineTool.run(arguments: Array(CommandLine.arguments.dropFirst()))
exit(status)
