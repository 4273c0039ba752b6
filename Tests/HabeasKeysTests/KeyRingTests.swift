import Foundation
@testable import HabeasKeys
import Testing

@Suite struct KeyRingTests {
    static func ring(_ master: MasterKey, ids: [UInt32] = [1]) throws -> (KeyRing, [KeyRing.DataKey]) {
        let keys = ids.map { KeyRing.newDataKey(id: $0, master: master) }
        return (try KeyRing(master: master, dataKeys: keys), keys)
    }

    @Test func sealedTextOpensOnlyWithItsContextAndHidesThePlaintext() throws {
        let (ring, _) = try Self.ring(MasterKey.generate().key)
        let sealed = ring.seal("Karim Massimov", context: "case kz-massimov revision 1")
        #expect(sealed.hasPrefix("hx1:") && !sealed.contains("Massimov"))
        #expect(try ring.openText(sealed, context: "case kz-massimov revision 1") == "Karim Massimov")
        // The same text twice gives two different values (random nonces).
        #expect(ring.seal("Karim Massimov", context: "c") != ring.seal("Karim Massimov", context: "c"))
        #expect(throws: KeyError.tampered(context: "case kz-massimov revision 2")) {
            _ = try ring.open(sealed, context: "case kz-massimov revision 2")
        }
        var bytes = Array(sealed.utf8)
        bytes[20] = bytes[20] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(throws: KeyError.self) { _ = try ring.open(String(decoding: bytes, as: UTF8.self), context: "case kz-massimov revision 1") }
        #expect(throws: KeyError.self) { _ = try ring.open("plain text", context: "x") }
    }

    @Test func aWrongMasterKeyIsAClearErrorNeverGarbage() throws {
        let right = MasterKey.generate().key, wrong = MasterKey.generate().key
        let (_, keys) = try Self.ring(right)
        #expect(throws: KeyError.wrongMasterKey(expected: right.fingerprint, found: wrong.fingerprint)) {
            _ = try KeyRing(master: wrong, dataKeys: keys)
        }
        // Even with a forged fingerprint, the wrapped key does not open.
        var forged = keys
        forged[0].masterFingerprint = wrong.fingerprint
        #expect(throws: KeyError.self) { _ = try KeyRing(master: wrong, dataKeys: forged) }
        #expect(throws: KeyError.noDataKey) { _ = try KeyRing(master: right, dataKeys: []) }
    }

    @Test func rotatingTheMasterKeyKeepsEveryValueAndTheSearchTokens() throws {
        let old = MasterKey.generate().key, new = MasterKey.generate().key
        let (ring, _) = try Self.ring(old)
        let sealed = ring.seal("Almaty", context: "c")
        let token = ring.blindIndex.token("almaty")
        let rotated = try KeyRing(master: new, dataKeys: ring.rewrapped(for: new))
        #expect(try rotated.openText(sealed, context: "c") == "Almaty")
        #expect(rotated.blindIndex.token("almaty") == token)
        #expect(throws: KeyError.self) { _ = try KeyRing(master: old, dataKeys: ring.rewrapped(for: new)) }
    }

    @Test func aNewDataKeySealsNewValuesAndOldOnesStillOpen() throws {
        let master = MasterKey.generate().key
        let (first, keys) = try Self.ring(master)
        let before = first.seal("before", context: "c")
        let second = try KeyRing(master: master, dataKeys: keys + [KeyRing.newDataKey(id: 2, master: master)])
        let after = second.seal("after", context: "c")
        #expect(KeyRing.keyID(of: before) == 1 && KeyRing.keyID(of: after) == 2)
        #expect(try second.openText(before, context: "c") == "before")
        #expect(second.blindIndex.token("word") == first.blindIndex.token("word"))
        #expect(throws: KeyError.unknownDataKey(2)) { _ = try first.open(after, context: "c") }
    }

    @Test func blindIndexFoldsCaseAndAccentsAndRevealsNoWord() throws {
        let (ring, _) = try Self.ring(MasterKey.generate().key)
        #expect(BlindIndex.words("Détention à ALMATY, 5 janv. — détention") == ["detention", "almaty", "janv"])
        #expect(ring.blindIndex.token("almaty") == ring.blindIndex.tokens("ALMATY")[0])
        #expect(ring.blindIndex.token("almaty").count == 32 && !ring.blindIndex.token("almaty").contains("almaty"))
        let (other, _) = try Self.ring(MasterKey.generate().key)
        #expect(other.blindIndex.token("almaty") != ring.blindIndex.token("almaty"), "tokens depend on the key")
    }

    /// ASCII text is read byte by byte; the words must be those of the general, folding path,
    /// or a search typed one way would miss what an import stored the other way.
    @Test func asciiWordsAreTheFoldedWords() {
        let samples = ["Askar Kassymov 0, SIZO No. 1, Almaty", "mass riots; art. 272(2) CC", "a b cd E-F gh.ij\r\nkl\tMN",
                       "", "   ", "x", "Held at the station -- 5.01.2022 (released 10/02/2022)", "UPPER lower MiXeD 123abc ABC123",
                       "repeat Repeat REPEAT", "!@#$%^&*()_+=[]{}|\\:;\"'<>,.?/~`"]
        for text in samples {
            #expect(BlindIndex.asciiWords(text) == BlindIndex.foldedWords(text), "\(text)")
            #expect(BlindIndex.words(text) == BlindIndex.foldedWords(text))
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let text = String((0..<Int.random(in: 0...40, using: &generator)).map { _ in Character(Unicode.Scalar(UInt8.random(in: 1...127, using: &generator))) })
            #expect(BlindIndex.asciiWords(text) == BlindIndex.foldedWords(text), "\(text.debugDescription)")
        }
    }

    @Test func pluralsFoldBeforeHashingAndNothingElseDoes() throws {
        #expect(BlindIndex.singular("passports") == "passport")
        #expect(BlindIndex.singular("authorities") == "authority")
        #expect(BlindIndex.singular("charges") == "charge")
        #expect(BlindIndex.singular("press") == "press")
        #expect(BlindIndex.singular("status") == "status")
        let (ring, _) = try Self.ring(MasterKey.generate().key)
        #expect(ring.blindIndex.token("passports") == ring.blindIndex.token("passport"))
        #expect(ring.blindIndex.token("detained") != ring.blindIndex.token("detain"))
        #expect(ring.blindIndex.rowKey("kz-massimov").count == 33 && ring.blindIndex.rowKey("kz-massimov") != ring.blindIndex.token("kz-massimov"))
    }

    @Test func keyFilesArePrivateAndNeverOverwritten() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("master-\(UUID().uuidString).key").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let created = try MasterKey.create(file: path)
        #expect(try MasterKey.load(file: path).fingerprint == created.fingerprint)
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
        #expect(throws: KeyError.self) { _ = try MasterKey.create(file: path) }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(throws: KeyError.self) { _ = try MasterKey.load(file: path) }
        #expect(throws: KeyError.self) { _ = try MasterKey(base64: "c2hvcnQ=") }
    }
}
