// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "credhash",
    products: [
        .executable(name: "credhash", targets: ["credhash"]),
        .library(name: "RebillyAPI", targets: ["RebillyAPI"]),
    ],
    dependencies: [],
    targets: [
        // C libraries from the system, each imported by exactly one Swift wrapper below.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"]), .brew(["libpq"])]),

        // Swift wrappers over the C libraries.
        .target(name: "YAMLSupport", dependencies: ["CYAML"]),
        .target(name: "CryptoSupport", dependencies: ["CCrypto"]),
        .target(name: "PostgresSupport", dependencies: ["CLibPQ"]),

        // The Rebilly credential-hash API client: Foundation only.
        .target(name: "RebillyAPI"),

        // Config, state, plan and apply: never prints, never reads argv or the environment.
        .target(
            name: "CredhashEngine", dependencies: ["YAMLSupport", "CryptoSupport", "PostgresSupport", "RebillyAPI"]),

        // Argument parsing, views, logging and exit codes.
        .target(name: "CredhashCLI", dependencies: ["CredhashEngine", "RebillyAPI"]),
        .executableTarget(name: "credhash", dependencies: ["CredhashCLI"]),

        // The libFuzzer target for the config loader; `make fuzz` builds it with
        // `-sanitize=fuzzer`, and a plain build gives a replay tool for saved inputs.
        .systemLibrary(name: "CFuzzerDriver"),
        .executableTarget(name: "CredhashConfigFuzzer", dependencies: ["CredhashEngine", "CFuzzerDriver"]),

        // Helpers shared by the test targets; never linked into credhash.
        .target(name: "CredhashTestSupport", path: "Sources/CredhashTestSupport"),

        .testTarget(name: "YAMLSupportTests", dependencies: ["YAMLSupport"]),
        .testTarget(name: "CryptoSupportTests", dependencies: ["CryptoSupport"]),
        .testTarget(name: "RebillyAPITests", dependencies: ["RebillyAPI"]),
        .testTarget(
            name: "CredhashEngineTests",
            dependencies: ["CredhashEngine", "CredhashTestSupport"],
            exclude: ["Snapshots"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "CredhashCLITests", dependencies: ["CredhashCLI", "CredhashTestSupport"], exclude: ["Snapshots"]),

        // Runs the built credhash binary as child processes; the dependency on it only makes
        // `swift test` build it first. The fixtures are read from the source tree.
        .testTarget(
            name: "EndToEndTests", dependencies: ["credhash", "CredhashTestSupport"], exclude: ["Fixtures", "Snapshots"]),
    ]
)
