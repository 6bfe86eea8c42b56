// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "LeadBridge",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "leadbridge", targets: ["LeadBridgeCLI"]),
        .executable(name: "leadbridge-bench", targets: ["LeadBridgeBench"]),
        .library(name: "LeadBridge", targets: ["LeadBridge"]),
        .library(name: "LeadBridgeConnectors", targets: ["LeadBridgeConnectors"]),
        .library(name: "LeadBridgeSandbox", targets: ["LeadBridgeSandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // The system libxml2, for streaming XML exports through xmlTextReader.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // SQLite settings only C can make (sqlite3_config is variadic): see CSQLiteTuning.h.
        .target(name: "CSQLiteTuning", linkerSettings: [.linkedLibrary("sqlite3")]),
        // Deterministic, realistic B2B people and activities: sample files, sandbox seed data, benchmarks.
        .target(name: "LeadBridgeSampleData"),
        // Core: model, mapping, store, scoring, push planning, sync orchestration. No HTTP or XML here.
        .target(
            name: "LeadBridge",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                // The system SQLite's C interface, for the scoring pass's hot loops (RawStatement).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                "CSQLiteTuning",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Connectors: export files, and the HTTP layer with the vendor connectors.
        .target(
            name: "LeadBridgeConnectors",
            dependencies: [
                "LeadBridge",
                "CLibXML2",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Local emulator of the HubSpot, Salesforce, Marketo and Pardot APIs.
        .target(
            name: "LeadBridgeSandbox",
            dependencies: [
                "LeadBridgeSampleData",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "LeadBridgeCLI",
            dependencies: [
                "LeadBridge",
                "LeadBridgeConnectors",
                "LeadBridgeSampleData",
                "LeadBridgeSandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "LeadBridgeBench",
            dependencies: [
                "LeadBridge",
                "LeadBridgeConnectors",
                "LeadBridgeSampleData",
                "LeadBridgeSandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "LeadBridgeTests",
            dependencies: ["LeadBridge", "LeadBridgeSampleData", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "LeadBridgeConnectorsTests",
            dependencies: ["LeadBridgeConnectors", "LeadBridge", "LeadBridgeSampleData", "LeadBridgeSandbox"]
        ),
        .testTarget(name: "LeadBridgeSandboxTests", dependencies: ["LeadBridgeSandbox", "LeadBridgeSampleData"]),
        .testTarget(
            name: "LeadBridgeCLITests",
            dependencies: [
                "LeadBridgeCLI", "LeadBridge", "LeadBridgeConnectors", "LeadBridgeSampleData", "LeadBridgeSandbox",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
