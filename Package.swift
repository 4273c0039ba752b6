// swift-tools-version:6.0
import PackageDescription

// Dependency direction: HabeasCore (pure domain) ← HabeasDocuments, HabeasStore, HabeasLocalization ← HabeasServer ← habeas (CLI).
let package = Package(
    name: "Habeas",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "HabeasCore", targets: ["HabeasCore"]),
        .library(name: "HabeasDocuments", targets: ["HabeasDocuments"]),
        .library(name: "HabeasStore", targets: ["HabeasStore"]),
        .library(name: "HabeasServer", targets: ["HabeasServer"]),
        .library(name: "HabeasJurisprudence", targets: ["HabeasJurisprudence"]),
        .library(name: "HabeasFiles", targets: ["HabeasFiles"]),
        .library(name: "HabeasKeys", targets: ["HabeasKeys"]),
        .library(name: "HabeasImport", targets: ["HabeasImport"]),
        .library(name: "HabeasLocalization", targets: ["HabeasLocalization"]),
        .executable(name: "habeas", targets: ["habeas"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.19"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.5.0"),
        // Already built for Hummingbird and PostgresNIO: the peer's address, and TLS for `serve`.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.27.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.30.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.0"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.13.0"),
        // Streaming multipart parser: web uploads of files go to disk as they arrive.
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.0"),
        // Already built for PostgresNIO; the server keys its CSRF tokens and log tags with it.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.9.0"..<"6.0.0"),
        // Accounts: bcrypt password hashes and TOTP second-factor codes.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        // Spreadsheets in (HabeasImport): CSV/TSV records, and the XML parts of an XLSX.
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        .package(url: "https://github.com/drmohundro/SWXMLHash.git", from: "8.1.1"),
        // Tests only: property-based fuzzing of the readers and parsers.
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
    ],
    targets: [
        // Pure domain: the case format, validation, timeline, assessment and procedure. No I/O.
        .target(
            name: "HabeasCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // Interface languages: message catalogues (one file per language), CLDR plural rules, labels
        // of the closed vocabularies, dates and numbers per locale. Pure: reads only its own bundle.
        .target(
            name: "HabeasLocalization",
            dependencies: ["HabeasCore", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Resources/Catalogues"), .copy("Resources/plurals.yaml")]
        ),
        .target(
            name: "HabeasDocuments",
            dependencies: [
                "HabeasCore",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Templates")]
        ),
        .target(
            name: "HabeasStore",
            dependencies: [
                "HabeasCore", "HabeasKeys",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                // SHA-256 of the audit chain; AES-GCM and HKDF of backups.
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Files attached to cases: content-addressed storage, type detection by content, text
        // extraction for search, and metadata removal from images that leave the server.
        .target(
            name: "HabeasFiles",
            dependencies: [
                "HabeasCore", "HabeasDocuments", "HabeasKeys", "HabeasStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // Encryption at rest: the master key, envelope-encrypted data keys, blind-index search tokens.
        .target(
            name: "HabeasKeys",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // The corpus of adopted opinions (data bundled as resources), calibration and precedents.
        .target(
            name: "HabeasJurisprudence",
            dependencies: ["HabeasCore", "HabeasDocuments"],
            resources: [.copy("Corpus")]
        ),
        // Spreadsheets in: reading CSV, TSV and XLSX tables (bounded, streamed), mapping columns to
        // case fields and rows to case files. No store: the server and the CLI write.
        .target(
            name: "HabeasImport",
            dependencies: [
                "HabeasCore",
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "SWXMLHash", package: "SWXMLHash"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "HabeasServer",
            dependencies: [
                "HabeasCore", "HabeasDocuments", "HabeasKeys", "HabeasStore", "HabeasJurisprudence", "HabeasFiles", "HabeasImport", "HabeasLocalization",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Web"), .copy("Demo")]
        ),
        .executableTarget(
            name: "habeas",
            dependencies: [
                "HabeasCore", "HabeasDocuments", "HabeasStore", "HabeasServer", "HabeasJurisprudence", "HabeasFiles", "HabeasKeys", "HabeasImport", "HabeasLocalization",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // What every test suite shares: the one fixtures folder and the one backend helper.
        .target(
            name: "HabeasTestSupport",
            dependencies: ["HabeasCore", "HabeasStore", "HabeasKeys", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Tests/HabeasTestSupport",
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "HabeasCoreTests",
            dependencies: ["HabeasCore", "HabeasTestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "HabeasJurisprudenceTests", dependencies: ["HabeasJurisprudence", "HabeasCore", "HabeasDocuments", "HabeasTestSupport"]),
        .testTarget(name: "HabeasDocumentsTests", dependencies: ["HabeasDocuments", "HabeasCore", "HabeasTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "HabeasKeysTests", dependencies: ["HabeasKeys", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "HabeasLocalizationTests", dependencies: ["HabeasLocalization", "HabeasCore"]),
        .testTarget(
            name: "HabeasImportTests",
            dependencies: ["HabeasImport", "HabeasCore", "HabeasTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(
            name: "HabeasFilesTests",
            dependencies: ["HabeasFiles", "HabeasCore", "HabeasDocuments", "HabeasKeys", "HabeasStore", "HabeasTestSupport",
                           .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "HabeasStoreTests",
            dependencies: ["HabeasStore", "HabeasCore", "HabeasKeys", "HabeasTestSupport", .product(name: "Logging", package: "swift-log"),
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "HabeasServerTests",
            dependencies: [
                "HabeasServer", "HabeasStore", "HabeasCore", "HabeasDocuments", "HabeasFiles", "HabeasKeys", "HabeasTestSupport", "HabeasImport", "HabeasLocalization",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // The command-line executable's own code (the bench's mass-detention run).
        .testTarget(name: "HabeasCLITests", dependencies: ["habeas", "HabeasImport", "HabeasStore"]),
    ],
    swiftLanguageModes: [.v6]
)
