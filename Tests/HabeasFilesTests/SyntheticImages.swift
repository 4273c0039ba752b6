import Foundation

/// Small images built byte by byte, with the metadata a phone camera writes: enough structure for
/// the stripper (which never decodes pixels), and no binary fixtures in the repository.
enum SyntheticImages {
    static func be16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }

    static func segment(_ marker: UInt8, _ body: [UInt8]) -> [UInt8] { [0xFF, marker] + be16(body.count + 2) + body }

    /// An EXIF block (big-endian TIFF) whose IFD0 points to a GPS IFD with latitude 43° N, and a
    /// camera serial number in clear text.
    static let exif: [UInt8] = {
        var tiff: [UInt8] = Array("MM".utf8) + [0x00, 0x2A, 0x00, 0x00, 0x00, 0x08]
        // IFD0: one entry, GPSInfo (0x8825) → offset 26.
        tiff += be16(1) + [0x88, 0x25, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x1A] + [0, 0, 0, 0]
        // GPS IFD: GPSLatitudeRef = "N".
        tiff += be16(1) + [0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x4E, 0x00, 0x00, 0x00] + [0, 0, 0, 0]
        tiff += Array("BodySerialNumber SN-4471-KZ".utf8)
        return Array("Exif\0\0".utf8) + tiff
    }()

    static let scanData: [UInt8] = Array(repeating: 0x5A, count: 300) + [0xFF, 0x00] + Array(repeating: 0xA5, count: 200)

    static func jpeg(withGPS: Bool = true) -> Data {
        var bytes: [UInt8] = [0xFF, 0xD8]
        bytes += segment(0xE0, Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0])
        if withGPS {
            bytes += segment(0xE1, exif)
            bytes += segment(0xE1, Array("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>Almaty</x:xmpmeta>".utf8))
            bytes += segment(0xED, Array("Photoshop 3.0\0IPTC city".utf8))
            bytes += segment(0xFE, Array("taken at the detention centre".utf8))
        }
        bytes += segment(0xE2, Array("ICC_PROFILE\0".utf8) + [1, 1] + Array(repeating: 7, count: 20))
        bytes += segment(0xDB, [0] + Array(repeating: 1, count: 64))
        bytes += segment(0xC0, [8] + be16(1) + be16(1) + [1, 1, 0x11, 0])
        bytes += segment(0xDA, [1, 1, 0, 0, 0x3F, 0])
        bytes += scanData + [0xFF, 0xD9]
        return Data(bytes)
    }

    static func pngChunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        // The stripper copies CRCs as they are; a fixed value is enough here.
        [UInt8(body.count >> 24 & 0xFF), UInt8(body.count >> 16 & 0xFF), UInt8(body.count >> 8 & 0xFF), UInt8(body.count & 0xFF)]
            + Array(type.utf8) + body + [0xDE, 0xAD, 0xBE, 0xEF]
    }

    static func png() -> Data {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        bytes += pngChunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])
        bytes += pngChunk("tEXt", Array("Author\0Witness name".utf8))
        bytes += pngChunk("eXIf", Array(exif.dropFirst(6)))
        bytes += pngChunk("IDAT", Array(repeating: 0x11, count: 40))
        bytes += pngChunk("tIME", [0x07, 0xE6, 1, 5, 10, 0, 0])
        bytes += pngChunk("IEND", [])
        return Data(bytes)
    }

    static func le32(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24 & 0xFF)] }

    static func riffChunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        Array(type.utf8) + le32(body.count) + body + (body.count % 2 == 1 ? [0] : [])
    }

    static func webp() -> Data {
        var chunks: [UInt8] = []
        chunks += riffChunk("VP8X", [0b0000_1100, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        chunks += riffChunk("VP8 ", Array(repeating: 0x33, count: 31))
        chunks += riffChunk("EXIF", Array(exif.dropFirst(6)))
        chunks += riffChunk("XMP ", Array("<x:xmpmeta>GPS</x:xmpmeta>".utf8))
        return Data(Array("RIFF".utf8) + le32(4 + chunks.count) + Array("WEBP".utf8) + chunks)
    }
}
