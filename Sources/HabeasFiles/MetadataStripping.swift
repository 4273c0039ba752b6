import Foundation

/// Copies an image without the metadata that can identify a person, a place or a device: EXIF
/// (GPS position, camera serial numbers, dates), XMP, IPTC and comments. Every file that leaves
/// the server goes through here. The picture itself is copied byte for byte, never re-encoded.
///
/// Streams: only the metadata segments before the image data are read whole (each is at most
/// 64 KB in JPEG; PNG and WebP chunks are skipped by their length).
public enum MetadataStripping {
    public enum Outcome: Sendable, Equatable {
        /// Copied; `removed` names what was taken out (empty when there was nothing to remove).
        case cleaned(removed: [String])
        /// Not an image: copied unchanged.
        case notAnImage
        /// An image whose metadata this version cannot remove (TIFF, HEIC, GIF): nothing was
        /// written. Callers leave such a file out of what they send, with this reason.
        case cannotClean(reason: String)
    }

    public enum StripError: Error, Sendable, Equatable, CustomStringConvertible {
        case malformed(String)
        public var description: String {
            switch self { case .malformed(let what): "the image is malformed: \(what)" }
        }
    }

    static let chunkSize = 1 << 20

    public static func copy(from source: URL, to destination: URL, type: DetectedType) throws -> Outcome {
        switch type {
        case .jpeg: return .cleaned(removed: try copyJPEG(from: source, to: destination))
        case .png: return .cleaned(removed: try copyPNG(from: source, to: destination))
        case .webp: return .cleaned(removed: try copyWebP(from: source, to: destination))
        case .tiff, .heic, .gif:
            return .cannotClean(reason: "\(type.rawValue.uppercased()) metadata cannot be removed by this version; convert the image to JPEG or PNG")
        default:
            try withStreams(source, destination) { input, output in try copyRest(input, output) }
            return .notAnImage
        }
    }

    // MARK: JPEG

    /// Keeps JFIF (APP0), ICC colour profiles (APP2 `ICC_PROFILE`) and Adobe colour information
    /// (APP14): without them colours change. Removes every other APPn segment and comments.
    static func copyJPEG(from source: URL, to destination: URL) throws -> [String] {
        var removed: [String] = []
        try withStreams(source, destination) { input, output in
            let soi = try input.read(upToCount: 2) ?? Data()
            guard soi == Data([0xFF, 0xD8]) else { throw StripError.malformed("no JPEG start marker") }
            output.write(soi)
            while true {
                guard let prefix = try input.read(upToCount: 2), prefix.count == 2, prefix[prefix.startIndex] == 0xFF else {
                    throw StripError.malformed("a segment does not start with a marker")
                }
                let marker = prefix[prefix.startIndex + 1]
                if marker == 0xD9 { output.write(prefix); return }                   // EOI
                if marker == 0x01 || (0xD0...0xD7).contains(marker) { output.write(prefix); continue }
                guard let lengthBytes = try input.read(upToCount: 2), lengthBytes.count == 2 else {
                    throw StripError.malformed("a segment has no length")
                }
                let length = Int(lengthBytes[lengthBytes.startIndex]) << 8 | Int(lengthBytes[lengthBytes.startIndex + 1])
                guard length >= 2 else { throw StripError.malformed("a segment length below 2") }
                let body = try input.read(upToCount: length - 2) ?? Data()
                guard body.count == length - 2 else { throw StripError.malformed("a segment is cut short") }
                if marker == 0xDA {
                    // Start of scan: the image data follows; copy everything that is left.
                    output.write(prefix + lengthBytes + body)
                    try copyRest(input, output)
                    return
                }
                if let name = removedJPEGSegment(marker: marker, body: body) {
                    removed.append(name)
                } else {
                    output.write(prefix + lengthBytes + body)
                }
            }
        }
        return removed
    }

    /// The name of a segment to drop, or nil to keep it.
    static func removedJPEGSegment(marker: UInt8, body: Data) -> String? {
        func begins(_ text: String) -> Bool { body.starts(with: Array(text.utf8)) }
        switch marker {
        case 0xE0, 0xEE: return nil                                         // JFIF, Adobe
        case 0xE2 where begins("ICC_PROFILE\0"): return nil                 // colour profile
        case 0xE1: return begins("Exif\0") ? "EXIF" : begins("http://ns.adobe.com/xap/1.0/") ? "XMP" : "APP1"
        case 0xED: return "IPTC"
        case 0xFE: return "comment"
        case 0xE2...0xEF: return String(format: "APP%d", Int(marker - 0xE0))
        default: return nil
        }
    }

    // MARK: PNG

    static let pngSignature = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    /// Text, EXIF and time chunks: everything in PNG that can carry who, where and when.
    static let pngMetadataChunks: Set<String> = ["tEXt", "zTXt", "iTXt", "eXIf", "tIME"]

    static func copyPNG(from source: URL, to destination: URL) throws -> [String] {
        var removed: [String] = []
        try withStreams(source, destination) { input, output in
            guard try input.read(upToCount: 8) == pngSignature else { throw StripError.malformed("no PNG signature") }
            output.write(pngSignature)
            while true {
                guard let header = try input.read(upToCount: 8), !header.isEmpty else { return }
                guard header.count == 8 else { throw StripError.malformed("a chunk header is cut short") }
                let length = header.prefix(4).reduce(0) { $0 << 8 | Int($1) }
                let type = String(decoding: header.suffix(4), as: UTF8.self)
                guard length <= Int(Int32.max) else { throw StripError.malformed("a chunk is too long") }
                if pngMetadataChunks.contains(type) {
                    removed.append(type)
                    try input.seek(toOffset: try input.offset() + UInt64(length) + 4)
                } else {
                    output.write(header)
                    try copy(input, output, count: length + 4)
                }
                if type == "IEND" { return }
            }
        }
        return removed
    }

    // MARK: WebP

    static func copyWebP(from source: URL, to destination: URL) throws -> [String] {
        // First pass: the chunks, so the RIFF size can be written before the data.
        let input = try FileHandle(forReadingFrom: source)
        defer { try? input.close() }
        guard let riff = try input.read(upToCount: 12), riff.count == 12,
              riff.prefix(4) == Data("RIFF".utf8), riff.suffix(4) == Data("WEBP".utf8) else {
            throw StripError.malformed("no RIFF WEBP header")
        }
        var chunks: [(type: String, offset: UInt64, size: Int)] = []
        while let header = try input.read(upToCount: 8), header.count == 8 {
            let type = String(decoding: header.prefix(4), as: UTF8.self)
            let size = header.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
            let offset = try input.offset()
            chunks.append((type, offset, size))
            try input.seek(toOffset: offset + UInt64(size + size % 2))
        }
        let dropped: Set<String> = ["EXIF", "XMP "]
        let kept = chunks.filter { !dropped.contains($0.type) }
        var riffSize = 4
        for chunk in kept {
            riffSize += 8 + chunk.size + chunk.size % 2
            // Sizes come from the file: stop before any sum could overflow.
            guard riffSize <= Int(UInt32.max) else { throw StripError.malformed("the chunk sizes exceed what RIFF can hold") }
        }

        FileManager.default.createFile(atPath: destination.path, contents: nil, attributes: [.posixPermissions: 0o600])
        let output = try FileHandle(forWritingTo: destination)
        defer { try? output.close() }
        output.write(Data("RIFF".utf8) + littleEndian32(riffSize) + Data("WEBP".utf8))
        for chunk in kept {
            try input.seek(toOffset: chunk.offset)
            var body = try input.read(upToCount: min(chunk.size, 64)) ?? Data()
            if chunk.type == "VP8X", !body.isEmpty {
                // The extended header's flags announce EXIF (bit 3) and XMP (bit 2): clear them.
                body[body.startIndex] &= ~UInt8(0b0000_1100)
            }
            output.write(Data(chunk.type.utf8) + littleEndian32(chunk.size) + body)
            try copy(input, output, count: chunk.size - body.count + chunk.size % 2)
        }
        return chunks.filter { dropped.contains($0.type) }.map { $0.type.trimmingCharacters(in: .whitespaces) }
    }

    static func littleEndian32(_ value: Int) -> Data {
        Data([UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24 & 0xFF)])
    }

    // MARK: Streams

    static func withStreams(_ source: URL, _ destination: URL, _ body: (FileHandle, FileHandle) throws -> Void) throws {
        let input = try FileHandle(forReadingFrom: source)
        defer { try? input.close() }
        FileManager.default.createFile(atPath: destination.path, contents: nil, attributes: [.posixPermissions: 0o600])
        let output = try FileHandle(forWritingTo: destination)
        defer { try? output.close() }
        do {
            try body(input, output)
        } catch {
            try? output.close()
            try? FileManager.default.removeItem(at: destination)
            throw error
        }
    }

    static func copyRest(_ input: FileHandle, _ output: FileHandle) throws {
        while let chunk = try input.read(upToCount: chunkSize), !chunk.isEmpty { output.write(chunk) }
    }

    static func copy(_ input: FileHandle, _ output: FileHandle, count: Int) throws {
        var left = count
        while left > 0 {
            guard let chunk = try input.read(upToCount: min(left, chunkSize)), !chunk.isEmpty else {
                throw StripError.malformed("a chunk is cut short")
            }
            output.write(chunk)
            left -= chunk.count
        }
    }
}
