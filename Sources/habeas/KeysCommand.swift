import ArgumentParser
import Foundation
import HabeasKeys
import HabeasStore
import Logging

/// `habeas keys …`: the master key that opens the case data (docs/security.md).
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, inspect and rotate the master key that opens the case data.",
        subcommands: [Init.self, Status.self, Rotate.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a new master key file (0600); never overwrites one.")

        @Option(help: "Where to write the key.")
        var keyFile: String

        func run() throws {
            do {
                let key = try MasterKey.create(file: keyFile)
                Console.out("created \(keyFile) (fingerprint \(key.fingerprint)). Keep a copy apart from the database and its backups.")
            } catch let error as KeyError {
                Console.error("habeas keys init: \(error)")
                throw ExitCode(1)
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say which master key opens the database, and how many data keys it wraps.")

        @OptionGroup var database: DatabaseOption

        func run() async throws {
            try await database.withStore { store in
                let status = try await store.encryptionStatus()
                Console.out("database     \(try database.location())")
                Console.out("master key   fingerprint \(status.masterFingerprint), from \(try database.keySource(for: try database.location()))")
                Console.out("data keys    \(status.dataKeys), wrapped by this master key")
                Console.out("sealed       every case's id, title, name, revisions and file names; search reads keyed word tokens")
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-wrap the data keys with a new master key, without downtime.",
            discussion: """
                The data keys are re-wrapped in one transaction; no case is rewritten. Servers already \
                running keep working; start them (and every command) with the new key from now on, \
                then destroy the old key file. The new key file is created if it does not exist.
                """)

        @OptionGroup var database: DatabaseOption

        @Option(help: "The new master key file (created, 0600, when missing).")
        var newKeyFile: String

        func run() async throws {
            let location = try database.location()
            do {
                let (old, created) = try database.masterKey(for: location)
                if created != nil {
                    Console.error("habeas keys rotate: the database has no key file yet; open it once first (any command) to create one")
                    if let created { try? FileManager.default.removeItem(atPath: created) }
                    throw ExitCode(1)
                }
                let new = FileManager.default.fileExists(atPath: newKeyFile) ? try MasterKey.load(file: newKeyFile) : try MasterKey.create(file: newKeyFile)
                guard new.fingerprint != old.fingerprint else {
                    Console.error("habeas keys rotate: \(newKeyFile) holds the key in use already")
                    throw ExitCode(1)
                }
                var logger = Logger(label: "habeas.store")
                logger.logLevel = .warning
                let count = try await CaseStores.rotateMasterKey(location, from: old, to: new, logger: logger)
                Console.out("re-wrapped \(count) data key\(count == 1 ? "" : "s") with the master key \(new.fingerprint) in \(newKeyFile).")
                Console.out("From now on give that file (--key-file or $\(DatabaseOption.keyFileVariable)) to every command and server, then destroy the old key \(old.fingerprint).")
            } catch let error as KeyError {
                Console.error("habeas keys rotate: \(error)")
                throw ExitCode(1)
            }
        }
    }
}
