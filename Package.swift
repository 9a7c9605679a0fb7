// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "pangolin-swift",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PangolinModel", targets: ["PangolinModel"]),
        .library(name: "PangolinStore", targets: ["PangolinStore"]),
        .library(name: "PangolinServer", targets: ["PangolinServer"]),
        .library(name: "PangolinClient", targets: ["PangolinClient"]),
        .library(name: "PangolinCLI", targets: ["PangolinCLI"]),
        .executable(name: "pangolin-admin", targets: ["pangolin-admin"]),
        .executable(name: "pangolin-user", targets: ["pangolin-user"]),
        .library(name: "ObjectStorage", targets: ["ObjectStorage"]),
        .library(name: "ArtifactFormats", targets: ["ArtifactFormats"]),
        .library(name: "DataAssets", targets: ["DataAssets"]),
        .executable(name: "pangolin-server", targets: ["pangolin-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        .target(name: "PangolinModel"),
        .target(
            name: "PangolinStore",
            dependencies: [
                "PangolinModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "PangolinServer",
            dependencies: [
                "PangolinModel",
                "PangolinStore",
                "ObjectStorage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("UI/Templates"), .copy("UI/Static")]
        ),
        .target(
            name: "PangolinClient",
            dependencies: [
                "PangolinModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .target(
            name: "PangolinCLI",
            dependencies: [
                "PangolinClient",
                "PangolinModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "pangolin-admin", dependencies: ["PangolinCLI"]),
        .executableTarget(name: "pangolin-user", dependencies: ["PangolinCLI"]),
        .target(
            name: "ObjectStorage",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "ArtifactFormats", dependencies: ["CZlib", "CSnappy", "CZstd"]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSnappy", providers: [.apt(["libsnappy-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .target(
            name: "DataAssets",
            dependencies: [
                "ArtifactFormats",
                "ObjectStorage",
                "PangolinClient",
                "PangolinModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "pangolin-server",
            dependencies: [
                "PangolinServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "data-assets-example", dependencies: ["DataAssets"], path: "Examples/data-assets-pipeline"),
        .executableTarget(
            name: "artifact-tool", dependencies: ["DataAssets", "ArtifactFormats", "ObjectStorage", "PangolinClient", "PangolinModel"],
            path: "Tests/Compatibility/ArtifactTool"),
        .executableTarget(
            name: "data-assets-benchmark", dependencies: ["DataAssets", "ObjectStorage", "PangolinClient"], path: "Benchmarks/data-assets",
            exclude: ["duckdb_peer.py", "s3_peer.py", "with_seaweedfs.py", "run.sh", "registration.sh", "s3.sh", "README.md"]),
        .testTarget(name: "PangolinModelTests", dependencies: ["PangolinModel"]),
        .testTarget(
            name: "PangolinStoreTests",
            dependencies: ["PangolinStore", "PangolinModel", "PangolinTestSupport", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .testTarget(name: "ObjectStorageTests", dependencies: ["ObjectStorage", "PangolinTestSupport"]),
        .testTarget(name: "ArtifactFormatsTests", dependencies: ["ArtifactFormats"], exclude: ["Fixtures"]),
        .testTarget(
            name: "DataAssetsTests",
            dependencies: [
                "DataAssets", "ArtifactFormats", "ObjectStorage", "PangolinClient", "PangolinModel", "PangolinTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "PangolinClientTests",
            dependencies: ["PangolinClient", "PangolinCLI", "PangolinServer", "PangolinTestSupport"]
        ),
        // The real server on a loopback port, for the tests of the client and of data assets.
        .target(
            name: "PangolinTestSupport",
            dependencies: [
                "ObjectStorage",
                "PangolinClient",
                "PangolinModel",
                "PangolinServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/Support"
        ),
        .testTarget(
            name: "PangolinServerTests",
            dependencies: [
                "PangolinServer",
                "PangolinTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)
