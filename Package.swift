// swift-tools-version:6.0
import PackageDescription

/// Layers point down: trustbench → Bench / Faults / Endorsement → Transports / TPM2 / SmartCard / TPMClient → TPMTypes
/// → DeviceStore / Profiles / Certificates → TrustCrypto (docs/ARCHITECTURE.md has the module map).
/// Only TrustCrypto sees OpenSSL; only DeviceStore touches state files; only Transports sees libtss2 and
/// pcsc-lite.
/// Our own code builds in the Swift 6 language mode (complete concurrency checking) with warnings as
/// errors (#13 part 7); dependencies keep their own settings.
let strict: [SwiftSetting] = [.unsafeFlags(["-warnings-as-errors"])]

let package = Package(
    name: "TrustBench",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "trustbench", targets: ["trustbench"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CTSS2",
            pkgConfig: "tss2-tctildr",
            providers: [.apt(["libtss2-dev"])]
        ),
        .systemLibrary(
            name: "CPCSC",
            pkgConfig: "libpcsclite",
            providers: [.apt(["libpcsclite-dev"])]
        ),
        .target(name: "TrustCrypto", dependencies: ["COpenSSL"], swiftSettings: strict),
        .target(name: "DeviceStore", dependencies: ["TrustCrypto"], swiftSettings: strict),
        .target(name: "Profiles", dependencies: [.product(name: "Yams", package: "Yams")], swiftSettings: strict),
        .target(name: "TPMTypes", dependencies: ["TrustCrypto"], swiftSettings: strict),
        .target(name: "TPMClient", dependencies: ["TPMTypes", "TrustCrypto"], swiftSettings: strict),
        .target(
            name: "TPM2",
            dependencies: [
                "TPMTypes", "TrustCrypto", "DeviceStore", "Profiles",
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: strict),
        .target(
            name: "Certificates",
            dependencies: [
                "TrustCrypto", .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ], swiftSettings: strict),
        .target(
            name: "SmartCard",
            dependencies: [
                "TrustCrypto", "DeviceStore", "Profiles", "Certificates",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: strict),
        .target(
            name: "Transports",
            dependencies: [
                "TPMTypes", "SmartCard", "CTSS2", "CPCSC", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(
            name: "Faults",
            dependencies: [
                "TPMTypes", "TPMClient", "TPM2", "SmartCard", "TrustCrypto", "DeviceStore", "Profiles",
                .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: strict),
        .target(
            name: "Bench",
            dependencies: [
                "TPMTypes", "TPMClient", "TPM2", "SmartCard", "Transports", "Endorsement", "Profiles", "DeviceStore",
                "TrustCrypto", .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Endorsement",
            dependencies: [
                "TPMTypes", "TPMClient", "TPM2", "TrustCrypto", "Certificates", "DeviceStore", "Profiles",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "trustbench",
            dependencies: [
                "TPMTypes", "TPMClient", "TPM2", "SmartCard", "Transports", "Endorsement", "Faults", "Bench",
                "Profiles", "DeviceStore", "TrustCrypto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "TrustCryptoTests", dependencies: ["TrustCrypto"], swiftSettings: strict),
        .testTarget(name: "DeviceStoreTests", dependencies: ["DeviceStore"], swiftSettings: strict),
        .testTarget(
            name: "FaultsTests", dependencies: ["Faults", "SmartCard", "DeviceStore", "Profiles"], swiftSettings: strict
        ),
        .testTarget(
            name: "BenchTests",
            dependencies: [
                "Bench", "TPMTypes", "TPMClient", "TPM2", "Transports", "DeviceStore", "Profiles",
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "TPM2Tests",
            dependencies: [
                "TPMTypes", "TPMClient", "TPM2", "Profiles", "DeviceStore", "TrustCrypto",
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ], swiftSettings: strict),
        .testTarget(
            name: "SmartCardTests", dependencies: ["SmartCard", "DeviceStore", "Profiles", "TrustCrypto"],
            swiftSettings: strict),
        .testTarget(
            name: "TransportsTests",
            dependencies: [
                "Transports", "TPMTypes", "TPM2", "SmartCard", "Profiles", "DeviceStore",
                .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: strict),
        .testTarget(
            name: "EndorsementTests",
            dependencies: [
                "Endorsement", "TPMTypes", "TPMClient", "TPM2", "DeviceStore", "TrustCrypto", "Profiles",
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "Transports", "TPMTypes", "TPMClient", "TPM2", "TrustCrypto",
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
