import Crypto
import Foundation
import HabeasKeys
@testable import HabeasFiles
import Testing
import ZIPFoundation

@Suite struct ContentSnifferTests {
    @Test(arguments: [
        ("%PDF-1.7\n", DetectedType.pdf), ("\u{FF}", .unknown), ("GIF89a....", .gif), ("ID3\u{3}", .mp3), ("OggS", .ogg),
        ("fLaC", .flac), ("{\\rtf1", .rtf), ("Plain words, ünïcode", .text),
    ])
    func signatures(_ head: String, _ expected: DetectedType) {
        let bytes = head == "\u{FF}" ? Data([0xFF, 0x00, 0x01]) : Data(head.utf8)
        #expect(ContentSniffer.detect(head: bytes) == expected)
    }

    @Test func imagesAndContainersByTheirBytes() throws {
        #expect(ContentSniffer.detect(head: SyntheticImages.jpeg()) == .jpeg)
        #expect(ContentSniffer.detect(head: SyntheticImages.png()) == .png)
        #expect(ContentSniffer.detect(head: SyntheticImages.webp()) == .webp)
        #expect(ContentSniffer.detect(head: Data([0, 0, 0, 0x18]) + Data("ftypmp42".utf8)) == .mp4)
        #expect(ContentSniffer.detect(head: Data([0, 0, 0, 0x18]) + Data("ftypheic".utf8)) == .heic)
        #expect(ContentSniffer.detect(head: Data([0x1A, 0x45, 0xDF, 0xA3, 0x01])) == .webm)

        // A Word document named .jpg is a Word document.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-photo.jpg")
        defer { try? FileManager.default.removeItem(at: url) }
        let archive = try Archive(url: url, accessMode: .create)
        let body = Data("<w:document/>".utf8)
        try archive.addEntry(with: "word/document.xml", type: .file, uncompressedSize: Int64(body.count)) { position, size in
            body.subdata(in: Int(position)..<Int(position) + size)
        }
        #expect(try ContentSniffer.detect(fileAt: url) == .docx)
    }

    @Test func aCharacterCutAtTheEndOfTheHeadIsStillText() {
        let text = String(repeating: "ж", count: 40)   // 80 bytes: the head ends inside one
        #expect(ContentSniffer.detect(head: Data(text.utf8).prefix(ContentSniffer.headLength)) == .text)
    }
}

@Suite struct MetadataStrippingTests {
    static func roundTrip(_ data: Data, _ type: DetectedType) throws -> (MetadataStripping.Outcome, Data) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("in"), destination = directory.appendingPathComponent("out")
        try data.write(to: source)
        let outcome = try MetadataStripping.copy(from: source, to: destination, type: type)
        return (outcome, (try? Data(contentsOf: destination)) ?? Data())
    }

    static func contains(_ data: Data, _ text: String) -> Bool { data.range(of: Data(text.utf8)) != nil }

    @Test func jpegLosesGPSSerialXMPIPTCAndCommentsAndKeepsThePicture() throws {
        let original = SyntheticImages.jpeg()
        #expect(Self.contains(original, "Exif") && Self.contains(original, "SN-4471-KZ"))
        let (outcome, cleaned) = try Self.roundTrip(original, .jpeg)
        #expect(outcome == .cleaned(removed: ["EXIF", "XMP", "IPTC", "comment"]))
        for secret in ["Exif", "SN-4471-KZ", "Almaty", "IPTC", "detention centre"] {
            #expect(!Self.contains(cleaned, secret), "\(secret) is left")
        }
        #expect(cleaned.range(of: Data([0x88, 0x25])) == nil, "the GPS IFD tag is left")
        #expect(Self.contains(cleaned, "JFIF") && Self.contains(cleaned, "ICC_PROFILE"))
        // Everything from the scan on, byte for byte; the result is what a clean photo would be.
        #expect(cleaned.suffix(SyntheticImages.scanData.count + 2) == Data(SyntheticImages.scanData + [0xFF, 0xD9]))
        #expect(cleaned == SyntheticImages.jpeg(withGPS: false))
        // Cleaning twice changes nothing more.
        let (again, twice) = try Self.roundTrip(cleaned, .jpeg)
        #expect(again == .cleaned(removed: []) && twice == cleaned)
    }

    @Test func pngLosesTextExifAndTime() throws {
        let (outcome, cleaned) = try Self.roundTrip(SyntheticImages.png(), .png)
        #expect(outcome == .cleaned(removed: ["tEXt", "eXIf", "tIME"]))
        #expect(!Self.contains(cleaned, "Witness name") && !Self.contains(cleaned, "SN-4471-KZ"))
        #expect(Self.contains(cleaned, "IHDR") && Self.contains(cleaned, "IDAT") && Self.contains(cleaned, "IEND"))
    }

    @Test func webpLosesExifAndXMPAndItsHeaderStaysConsistent() throws {
        let (outcome, cleaned) = try Self.roundTrip(SyntheticImages.webp(), .webp)
        #expect(outcome == .cleaned(removed: ["EXIF", "XMP"]))
        #expect(!Self.contains(cleaned, "SN-4471-KZ") && !Self.contains(cleaned, "GPS"))
        let declared = cleaned[4..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(declared == cleaned.count - 8)
        #expect(cleaned[20] & 0b0000_1100 == 0, "the VP8X flags still announce metadata")
    }

    @Test func imagesItCannotCleanAreRefusedAndOtherFilesCopied() throws {
        let (tiff, nothing) = try Self.roundTrip(Data([0x49, 0x49, 0x2A, 0x00, 1, 2, 3]), .tiff)
        guard case .cannotClean = tiff else { Issue.record("TIFF was passed through"); return }
        #expect(nothing.isEmpty)
        let pdf = Data("%PDF-1.7\nbody".utf8)
        let (outcome, copied) = try Self.roundTrip(pdf, .pdf)
        #expect(outcome == .notAnImage && copied == pdf)
    }

    @Test(arguments: [Data([0xFF, 0xD8, 0xFF, 0xE1, 0x00]), Data([0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01]), Data([0xFF, 0xD8, 0x00]),
                      Data([0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 0x00])])
    func malformedJPEGsAreRefusedAndLeaveNothing(_ data: Data) throws {
        #expect(throws: MetadataStripping.StripError.self) { _ = try Self.roundTrip(data, .jpeg) }
    }
}

@Suite struct FileVaultTests {
    static func vault(maxBytes: Int64 = FileVault.defaultMaxBytes) throws -> FileVault {
        try FileVault(root: FileManager.default.temporaryDirectory.appendingPathComponent("vault-\(UUID().uuidString)"), key: .random(),
                      maxBytes: maxBytes)
    }

    @Test func storesByHashOnceAndPrivately() throws {
        let vault = try Self.vault()
        defer { try? FileManager.default.removeItem(at: vault.root) }
        let writer = try vault.writer()
        for piece in ["court ", "decision"] { try writer.append(Data(piece.utf8)) }
        let stored = try writer.finish()
        // SHA-256 of "court decision".
        #expect(stored.sha256 == "4a334a9c5b7ba59cd1d4cdf0d36fcb4033d0e8097969e225149d22407f2d86c3")
        #expect(stored.size == 14 && !stored.alreadyStored)
        let url = try vault.url(of: stored.sha256)
        #expect(try vault.data(of: stored.sha256) == Data("court decision".utf8))
        // Sealed on disk: the bytes say nothing of the content.
        #expect(try Data(contentsOf: url).range(of: Data("court".utf8)) == nil)
        let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let again = try vault.writer()
        try again.append(Data("court decision".utf8))
        #expect(try again.finish() == StoredFile(sha256: stored.sha256, size: 14, alreadyStored: true))
        #expect(try FileManager.default.contentsOfDirectory(atPath: vault.root.appendingPathComponent("incoming").path).isEmpty)
    }

    @Test func beyondTheLimitNothingIsKept() throws {
        let vault = try Self.vault(maxBytes: 10)
        defer { try? FileManager.default.removeItem(at: vault.root) }
        let writer = try vault.writer()
        try writer.append(Data(repeating: 1, count: 8))
        #expect(throws: FileVault.VaultError.tooLarge(limit: 10)) { try writer.append(Data(repeating: 1, count: 8)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: vault.root.appendingPathComponent("incoming").path).isEmpty)
        #expect(throws: FileVault.VaultError.empty) { _ = try vault.writer().finish() }
    }

    @Test func verifyNamesAChangedByteAndAMissingFile() throws {
        let vault = try Self.vault()
        defer { try? FileManager.default.removeItem(at: vault.root) }
        let source = vault.root.appendingPathComponent("letter.txt")
        try Data("the family's letter".utf8).write(to: source)
        let letter = try vault.store(contentsOf: source)
        try Data("medical report".utf8).write(to: source)
        let report = try vault.store(contentsOf: source)
        #expect(vault.verify([letter.sha256, report.sha256]).isEmpty)

        let url = try vault.url(of: letter.sha256)
        var bytes = try Data(contentsOf: url)
        bytes[0] ^= 0x01
        try bytes.write(to: url)
        try FileManager.default.removeItem(at: try vault.url(of: report.sha256))
        let problems = vault.verify([letter.sha256, report.sha256])
        #expect(problems.count == 2)
        #expect(problems.first { $0.sha256 == letter.sha256 }.map { if case .changed = $0.kind { true } else { false } } == true)
        #expect(problems.first { $0.sha256 == report.sha256 }?.kind == .missing)
    }

    /// Files of 1, exactly one chunk, one chunk and a byte, and three chunks and a half read back;
    /// a chunk dropped, swapped or altered, or another key, does not open.
    @Test func sealedFilesReadBackAndRefuseEveryChange() throws {
        let vault = try Self.vault()
        defer { try? FileManager.default.removeItem(at: vault.root) }
        let chunk = 1 << 20
        for size in [1, chunk, chunk + 1, 3 * chunk + chunk / 2] {
            let plain = Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            let writer = try vault.writer()
            // Fed in uneven pieces, as an upload arrives.
            var offset = 0
            while offset < plain.count {
                let end = min(offset + 300_001, plain.count)
                try writer.append(plain[offset..<end])
                offset = end
            }
            let stored = try writer.finish()
            #expect(try vault.data(of: stored.sha256) == plain, "size \(size)")
            let copy = vault.temporaryURL()
            try vault.copyPlain(stored.sha256, to: copy)
            #expect(try Data(contentsOf: copy) == plain)
            try FileManager.default.removeItem(at: copy)
        }
        let plain = Data(repeating: 7, count: 2 * chunk + 10)
        let writer = try vault.writer()
        try writer.append(plain)
        let stored = try writer.finish()
        let url = try vault.url(of: stored.sha256)
        let original = try Data(contentsOf: url)
        let header = 20, box = 4 + chunk + 28
        func expectAltered(_ bytes: Data, _ what: String) throws {
            try bytes.write(to: url)
            #expect(throws: FileVault.VaultError.altered(stored.sha256), "\(what)") { _ = try vault.data(of: stored.sha256) }
            #expect(vault.verify([stored.sha256]) == [FileVault.Problem(sha256: stored.sha256, kind: .changed(actual: nil))])
        }
        try expectAltered(original.prefix(header + box), "the last chunks dropped")
        try expectAltered(original.prefix(header) + original[(header + box)..<(header + 2 * box)] + original[header..<(header + box)]
                          + original[(header + 2 * box)...], "two chunks swapped")
        var flipped = original
        flipped[header + 100] ^= 0x40
        try expectAltered(flipped, "one byte changed")
        try expectAltered(original + Data([0]), "a byte added after the end")
        try original.write(to: url)
        let stranger = try FileVault(root: vault.root, key: .random())
        #expect(throws: FileVault.VaultError.altered(stored.sha256)) { _ = try stranger.data(of: stored.sha256) }
        #expect(try vault.data(of: stored.sha256) == plain)
    }

    /// A vault written before files were sealed is sealed in place the first time it is opened.
    @Test func filesStoredInClearAreSealedWhenTheVaultOpens() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vault-old-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let plain = Data("the family's letter about Karim".utf8)
        let sha256 = SHA256.hash(data: plain).map { String(format: "%02x", $0) }.joined()
        let old = root.appendingPathComponent("sha256").appendingPathComponent(String(sha256.prefix(2)))
        try FileManager.default.createDirectory(at: old, withIntermediateDirectories: true)
        try plain.write(to: old.appendingPathComponent(sha256))
        let key = FileKey.random()
        let vault = try FileVault(root: root, key: key)
        #expect(try Data(contentsOf: try vault.url(of: sha256)).range(of: Data("Karim".utf8)) == nil)
        #expect(try vault.data(of: sha256) == plain)
        #expect(vault.verify([sha256]).isEmpty)
        #expect(try FileVault(root: root, key: key).data(of: sha256) == plain)
    }

    @Test(arguments: ["../../etc/passwd", "ABCDEF", String(repeating: "g", count: 64), String(repeating: "a", count: 65)])
    func onlyHashesNameFiles(_ text: String) throws {
        let vault = try Self.vault()
        defer { try? FileManager.default.removeItem(at: vault.root) }
        #expect(throws: FileVault.VaultError.notAHash(text)) { _ = try vault.url(of: text) }
    }
}
