// swift-tools-version:6.0
import PackageDescription

// A standalone program that uses the RebillyAPI library from the repository root.
let package = Package(
    name: "api-client-demo",
    dependencies: [.package(name: "credhash", path: "../..")],
    targets: [
        .executableTarget(name: "api-client-demo", dependencies: [.product(name: "RebillyAPI", package: "credhash")])
    ]
)
