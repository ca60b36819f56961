import CredhashEngine
import Foundation

#if CREDHASH_FUZZING
    internal import CFuzzerDriver
#endif

/// Loads one fuzz input as a `credentials.yaml`, renders every diagnostic, and plans and renders
/// the configuration when it is valid, so a crash or hang anywhere on that path is found.
///
/// `${file:…}` references resolve against a fresh empty folder, so an input can only name files
/// by absolute path or `..`, and the reader refuses anything but a regular file.
enum ConfigFuzzInput {
    static let baseDirectory: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("credhash-fuzz-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    static let environment = [
        "SMTP_PASSWORD": "fuzz-smtp-password", "MAILGUN_API_KEY": "fuzz-mailgun-key",
        "AWS_SECRET": "fuzz-aws-secret", "HOOK_PASSWORD": "fuzz-hook-password",
    ]

    static func check(_ bytes: [UInt8]) {
        let loader = ConfigLoader(environment: environment)
        let result = loader.load(bytes: bytes, path: baseDirectory + "/credentials.yaml")
        for diagnostic in result.diagnostics {
            _ = DiagnosticRenderer.render(diagnostic)
        }
        guard let config = result.config else { return }

        let plan = Planner.plan(PlanInput(config: config, fingerprints: [:], state: nil, offlineReason: "fuzzing"))
        _ = HumanPlanRenderer.render(plan)
        _ = PlanJSONRenderer.render(plan)
        _ = MarkdownPlanRenderer.render(plan)
    }
}

#if CREDHASH_FUZZING
    /// Checks one input; libFuzzer calls it for every input it tries.
    @_cdecl("LLVMFuzzerTestOneInput")
    func fuzzConfigLoader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        ConfigFuzzInput.check(bytes)
        return 0
    }

    /// The program's entry point when SwiftPM links `main` to this target's `_main` symbol, which
    /// hands the command line to libFuzzer's driver. When the linker takes libFuzzer's own `main`
    /// instead, that calls `LLVMFuzzerTestOneInput` directly.
    @_cdecl("CredhashConfigFuzzer_main")
    func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzConfigLoader(data, size) }
    }
#else
    /// Runs each file named on the command line through the fuzz check once, so a plain
    /// `swift build` gives a binary that replays saved fuzz inputs without libFuzzer.
    @main enum ConfigFuzzReplay {
        static func main() {
            for path in CommandLine.arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    FileHandle.standardError.write(Data("cannot read '\(path)'\n".utf8))
                    exit(1)
                }
                ConfigFuzzInput.check(Array(data))
                print("\(path): ok")
            }
        }
    }
#endif
