import Foundation
import HabeasFiles
import Hummingbird
import MultipartKit

/// Reads a `multipart/form-data` upload as it arrives: the text fields (each at most 16 KB) into a
/// `FormData`, the one file part straight into the file vault. Memory does not grow with the
/// file; headers, which the parser must hold, are bounded too.
enum StreamedUpload {
    struct File {
        var writer: VaultWriter
        var filename: String
        var declaredType: String?
        /// The first bytes, for detecting the type by content.
        var head: Data
    }

    static let maxFieldBytes = 16_384
    /// The most bytes the parser may hold outside a part's body (headers, preamble).
    static let maxHeaderBytes = 65_536

    /// The fields and, if one was sent with a name, the file (its writer not yet finished: the
    /// caller checks the form first, then finishes or abandons it).
    /// `beforeFile` sees the fields sent before the file (the form puts its CSRF token first) and
    /// may refuse: then not one byte of the file is written.
    static func read(_ request: Request, vault: FileVault, fileField: String = "file",
                     beforeFile: @escaping (FormData) throws -> Void) async throws -> (FormData, File?) {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundary = FormData.parameter("boundary", in: contentType), (1...70).contains(boundary.utf8.count) else {
            throw WebError.badRequest(Interface.localizer.text("import.notMultipart"))
        }
        final class State {
            var headers: [String: String] = [:]
            var name: String?
            var filename: String?
            var started = false
            var text: [UInt8] = []
            var form = FormData()
            var file: File?
            var failure: (any Error)?
            var bytesOutsideBodies = 0
        }
        let state = State()
        func begin() {
            guard !state.started else { return }
            state.started = true
            let disposition = state.headers["content-disposition"] ?? ""
            state.name = FormData.parameter("name", in: disposition)
            state.filename = FormData.parameter("filename", in: disposition)
            if state.name == fileField, let filename = state.filename, !filename.isEmpty, state.file == nil {
                do {
                    try beforeFile(state.form)
                    state.file = File(writer: try vault.writer(), filename: filename, declaredType: state.headers["content-type"], head: Data())
                } catch {
                    state.failure = error
                }
            }
        }
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in
            state.headers[name.lowercased()] = value
        }
        parser.onBody = { buffer in
            begin()
            state.bytesOutsideBodies = 0
            guard state.failure == nil else { return }
            if state.name == fileField, state.filename?.isEmpty == false, var file = state.file {
                let bytes = Data(buffer.readableBytesView)
                if file.head.count < ContentSniffer.headLength { file.head.append(bytes.prefix(ContentSniffer.headLength - file.head.count)) }
                do { try file.writer.append(bytes) } catch { state.failure = error }
                state.file = file
            } else if state.text.count + buffer.readableBytes > maxFieldBytes {
                state.failure = WebError.badRequest("A field of the form is longer than \(maxFieldBytes / 1024) KB.")
            } else {
                state.text += buffer.readableBytesView
            }
        }
        parser.onPartComplete = {
            begin()
            if let name = state.name, state.filename == nil { state.form.fields.append((name, String(decoding: state.text, as: UTF8.self))) }
            state.headers = [:]
            state.name = nil
            state.filename = nil
            state.started = false
            state.text = []
            state.bytesOutsideBodies = 0
        }
        do {
            for try await chunk in request.body {
                state.bytesOutsideBodies += chunk.readableBytes
                try parser.execute(chunk)
                if let failure = state.failure { throw failure }
                // A part body resets the count; only headers and preamble accumulate.
                if state.bytesOutsideBodies > maxHeaderBytes, !state.started {
                    throw WebError.badRequest(Interface.localizer.text("import.headersTooLong"))
                }
            }
        } catch {
            state.file?.writer.abandon()
            if let vaultError = error as? FileVault.VaultError, case .tooLarge = vaultError { throw HTTPError(.contentTooLarge) }
            if error is WebError { throw error }
            throw WebError.badRequest(Interface.localizer.text("import.unreadable"))
        }
        return (state.form, state.file)
    }
}
