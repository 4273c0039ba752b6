import Foundation
import ZIPFoundation

/// What a file is, decided from its bytes, never from its name or the type the uploader claimed
/// (both are kept beside it as claims).
public enum DetectedType: String, Sendable, CaseIterable, Codable {
    case pdf, jpeg, png, gif, webp, tiff, heic
    case mp4, quicktime, webm, avi
    case mp3, wav, ogg, flac, m4a
    case docx, xlsx, pptx, odt, ods, legacyOffice = "legacy-office", rtf, zip
    case text
    case unknown

    public enum Family: String, Sendable { case image, pdf, audio, video, document, text, other }

    public var family: Family {
        switch self {
        case .pdf: .pdf
        case .jpeg, .png, .gif, .webp, .tiff, .heic: .image
        case .mp4, .quicktime, .webm, .avi: .video
        case .mp3, .wav, .ogg, .flac, .m4a: .audio
        case .docx, .xlsx, .pptx, .odt, .ods, .legacyOffice, .rtf: .document
        case .text: .text
        case .zip, .unknown: .other
        }
    }

    /// The media type the server sends the file with.
    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .gif: "image/gif"
        case .webp: "image/webp"
        case .tiff: "image/tiff"
        case .heic: "image/heic"
        case .mp4: "video/mp4"
        case .quicktime: "video/quicktime"
        case .webm: "video/webm"
        case .avi: "video/x-msvideo"
        case .mp3: "audio/mpeg"
        case .wav: "audio/wav"
        case .ogg: "audio/ogg"
        case .flac: "audio/flac"
        case .m4a: "audio/mp4"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case .odt: "application/vnd.oasis.opendocument.text"
        case .ods: "application/vnd.oasis.opendocument.spreadsheet"
        case .legacyOffice: "application/x-ole-storage"
        case .rtf: "application/rtf"
        case .zip: "application/zip"
        case .text: "text/plain; charset=utf-8"
        case .unknown: "application/octet-stream"
        }
    }

    /// The extension a file of this type is given when it leaves the server (annexes).
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .legacyOffice: "bin"
        case .quicktime: "mov"
        case .text: "txt"
        case .unknown: "bin"
        default: rawValue
        }
    }
}

/// Reads the first bytes of a file (and, for ZIP containers, the names of its entries).
public enum ContentSniffer {
    /// How many leading bytes the signatures need.
    public static let headLength = 64

    public static func detect(fileAt url: URL) throws -> DetectedType {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let head = try handle.read(upToCount: headLength) ?? Data()
        let type = detect(head: head)
        guard type == .zip else { return type }
        return zipContainerType(url) ?? .zip
    }

    /// The type from the leading bytes alone (a ZIP container stays `.zip`).
    public static func detect(head: Data) -> DetectedType {
        let b = [UInt8](head.prefix(headLength))
        func starts(_ bytes: [UInt8], at offset: Int = 0) -> Bool {
            b.count >= offset + bytes.count && Array(b[offset..<offset + bytes.count]) == bytes
        }
        func ascii(_ text: String, at offset: Int = 0) -> Bool { starts(Array(text.utf8), at: offset) }

        if ascii("%PDF-") { return .pdf }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if ascii("GIF87a") || ascii("GIF89a") { return .gif }
        if ascii("RIFF") && ascii("WEBP", at: 8) { return .webp }
        if ascii("RIFF") && ascii("WAVE", at: 8) { return .wav }
        if ascii("RIFF") && ascii("AVI ", at: 8) { return .avi }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if ascii("ftyp", at: 4) {
            if ascii("heic", at: 8) || ascii("heix", at: 8) || ascii("mif1", at: 8) { return .heic }
            if ascii("qt  ", at: 8) { return .quicktime }
            if ascii("M4A ", at: 8) { return .m4a }
            return .mp4
        }
        if starts([0x1A, 0x45, 0xDF, 0xA3]) { return .webm }
        if ascii("ID3") || starts([0xFF, 0xFB]) || starts([0xFF, 0xF3]) || starts([0xFF, 0xF2]) { return .mp3 }
        if ascii("OggS") { return .ogg }
        if ascii("fLaC") { return .flac }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .legacyOffice }
        if ascii("{\\rtf") { return .rtf }
        if ascii("PK\u{03}\u{04}") { return .zip }
        // Text: no NUL and valid UTF-8, allowing a character cut off at the end of the head.
        if !b.isEmpty, !b.contains(0), (0...3).contains(where: { String(bytes: b.dropLast($0), encoding: .utf8) != nil }) { return .text }
        return .unknown
    }

    /// Office Open XML and OpenDocument files are ZIP containers told apart by their entries.
    private static func zipContainerType(_ url: URL) -> DetectedType? {
        guard let archive = try? Archive(url: url, accessMode: .read) else { return nil }
        if let mimetype = archive["mimetype"] {
            var bytes = Data()
            _ = try? archive.extract(mimetype, consumer: { bytes.append($0) })
            switch String(decoding: bytes.prefix(100), as: UTF8.self) {
            case "application/vnd.oasis.opendocument.text": return .odt
            case "application/vnd.oasis.opendocument.spreadsheet": return .ods
            default: break
            }
        }
        if archive["word/document.xml"] != nil { return .docx }
        if archive["xl/workbook.xml"] != nil { return .xlsx }
        if archive["ppt/presentation.xml"] != nil { return .pptx }
        return nil
    }
}
