import Foundation
import Synchronization
import HabeasCore
import HabeasDocuments
import HabeasJurisprudence
import HabeasFiles
import HabeasStore
import Hummingbird

/// Files on a case over the API: upload (streamed into the vault, never held in memory), the
/// list with the chain of custody, download (images without their metadata) and removal.
struct FilesAPIController: Sendable {
    let deps: AppDependencies
    var store: any CaseStore { deps.store }

    func register(on api: RouterGroup<AppRequestContext>) {
        api.on(.listFiles, use: list)
        api.on(.uploadFile, use: upload)
        api.on(.downloadFile, use: download)
        api.on(.removeFile, use: remove)
        api.on(.package, use: package)
    }

    func vault() throws -> FileVault {
        guard let files = deps.files else { throw APIError(.serviceUnavailable, "this server keeps no files: start it with a file store (--files DIR)") }
        return files
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        _ = try vault()
        _ = try await store.get(id)
        let files = try await store.attachments(of: id, includeRemoved: try Params.flag(request, "removed") ?? false)
        return JSON.response(.object([.init("id", .string(id)), .init("files", .array(files.map(Self.json)))]))
    }

    /// The body streams into the vault chunk by chunk: memory does not grow with the file, and a
    /// file over the vault's limit is refused (413) with nothing kept.
    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let vault = try vault()
        guard let title = try Params.text(request, "title"), !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw APIError(.badRequest, "title is required: what the file is (\"Detention decision of 8 January 2022\")")
        }
        let evidence = try Params.text(request, "evidence").flatMap { $0.isEmpty ? nil : $0 }
        let date = try Params.date(request, "date")
        let identifying = try Params.flag(request, "identifying") ?? false
        let name = try Params.text(request, "name").flatMap { $0.isEmpty ? nil : $0 } ?? "upload"
        // Fail before reading a large body when the case or its evidence item does not exist.
        let current = try await store.get(id)
        if let evidence, !current.file.evidence.contains(where: { $0.id == evidence }) {
            throw APIError(.badRequest, "evidence `\(evidence)` is not an evidence item of \(id)")
        }

        let writer = try vault.writer()
        var head = Data()
        let stored: StoredFile
        do {
            for try await chunk in request.body {
                let bytes = Data(buffer: chunk)
                if head.count < ContentSniffer.headLength { head.append(bytes.prefix(ContentSniffer.headLength - head.count)) }
                try writer.append(bytes)
            }
            stored = try writer.finish()
        } catch let error as FileVault.VaultError {
            writer.abandon()
            switch error {
            case .tooLarge: throw APIError(.contentTooLarge, error.description)
            default: throw APIError(.badRequest, error.description)
            }
        } catch {
            writer.abandon()
            throw error
        }
        var detected = ContentSniffer.detect(head: head)
        if detected == .zip { detected = (try? vault.withPlainFile(stored.sha256) { try ContentSniffer.detect(fileAt: $0) }) ?? .zip }
        // Attached first; then its text joins the case's search (without the tools it simply does not).
        let (attachment, _) = try await FileIntake(store: store, vault: vault).attach(
            NewAttachment(sha256: stored.sha256, size: stored.size, originalName: name, declaredType: request.headers[.contentType],
                          detectedType: detected.rawValue, title: title, date: date, evidenceID: evidence, identifying: identifying),
            to: id, change: try Author.change(request, default: "attached a file"))
        return JSON.response(Self.json(attachment), status: .created, headers: [.location: Route.apiFile(id, file: attachment.id).path])
    }

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let vault = try vault()
        let fileID = Int64(try Params.int(try context.parameters.require("file"), "file"))
        guard let attachment = try await store.attachments(of: id).first(where: { $0.id == fileID }) else {
            throw APIError(.notFound, "\(id) has no file \(fileID)")
        }
        do {
            return try Self.send(attachment, from: vault)
        } catch let error as FileNotSendable {
            throw APIError(.conflict, error.description)
        }
    }

    struct FileNotSendable: Error, CustomStringConvertible {
        var description: String
    }

    /// Streams a stored file (the API's download and the web's view): re-hashed first, so an
    /// altered file is never sent; an image goes through the metadata stripper; the answer is a
    /// download under a sandbox CSP, never a page of this site. `inline` (for the viewer) applies
    /// to a file detected as PDF only; anything else is still sent as a download.
    static func send(_ attachment: Attachment, from vault: FileVault, inline: Bool = false) throws -> Response {
        // The plain bytes go to a private file in the vault, checked against their hash on the way.
        let plain = vault.temporaryURL()
        defer { try? FileManager.default.removeItem(at: plain) }
        do {
            try vault.copyPlain(attachment.sha256, to: plain)
        } catch let error as FileVault.VaultError {
            throw FileNotSendable(description: "the stored bytes of file \(attachment.id) are missing or changed (\(error)): run habeas verify-files")
        }
        let type = DetectedType(rawValue: attachment.detectedType) ?? .unknown
        var source = plain
        if type.family == .image {
            let cleaned = vault.temporaryURL()
            if case .cannotClean(let reason) = try MetadataStripping.copy(from: plain, to: cleaned, type: type) {
                try? FileManager.default.removeItem(at: cleaned)
                throw FileNotSendable(description: "this image cannot be sent: \(reason)")
            }
            source = cleaned
        }
        let size = (try FileManager.default.attributesOfItem(atPath: source.path)[.size] as? Int) ?? 0
        let handle = try FileHandle(forReadingFrom: source)
        // The file is open: the name can go now; the bytes stay readable until the handle closes.
        if source != plain { try? FileManager.default.removeItem(at: source) }
        let body = ResponseBody(contentLength: size) { writer in
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        }
        var disposition = attachmentDisposition(attachment.title, type: type)
        if inline, type == .pdf { disposition = "inline" + disposition.dropFirst("attachment".count) }
        return Response(status: .ok, headers: [
            .contentType: type.mediaType,
            .contentDisposition: disposition,
            // Never rendered as a page of this site: no script runs, whatever the bytes are. A
            // sandboxed document has an opaque origin; Chromium still shows a PDF in its viewer.
            .contentSecurityPolicy: "sandbox; default-src 'none'",
            // The type is the one detected, and no browser may guess another.
            .xContentTypeOptions: "nosniff",
        ], body: body)
    }

    @Sendable func package(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let vault = try vault()
        let name = try Params.text(request, "kind") ?? DocumentKind.petition.rawValue
        guard let kind = DocumentKind(rawValue: name), SubmissionPackage.sentKinds.contains(kind) else {
            throw APIError(.badRequest, "kind `\(name.prefix(40))`: use \(SubmissionPackage.sentKinds.map(\.rawValue).joined(separator: ", "))")
        }
        let asOf = try Params.date(request, "asOf") ?? deps.today()
        do {
            return try await Self.package(id, kind: kind, asOf: asOf, deps: deps, vault: vault)
        } catch let error as SubmissionPackage.PackageError {
            throw APIError(.conflict, error.description)
        }
    }

    /// The package ZIP of a stored case (the API and the web's button): built on a thread of its
    /// own (LibreOffice may run for a minute), streamed, and removed from disk once opened.
    static func package(_ id: String, kind: DocumentKind, asOf: CaseDate, deps: AppDependencies, vault: FileVault) async throws -> Response {
        let stored = try await deps.store.get(id)
        let attachments = try await deps.store.attachments(of: id)
        let drafter = try deps.drafter()
        let precedents = kind == .petition ? PetitionPrecedents.citations(for: stored.file, asOf: asOf) : []
        // Each build may run LibreOffice for up to two minutes: a few at once, the rest told to retry.
        guard PackageBuilds.start() else {
            throw APIError(.serviceUnavailable, "\(PackageBuilds.limit) packages are being built already: try again in a minute")
        }
        defer { PackageBuilds.finish() }
        let built: TemporaryZIPOutcome = await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                do {
                    continuation.resume(returning: .built(try SubmissionPackage.temporaryZIP(
                        stored.file, kind: kind, asOf: asOf, attachments: attachments, vault: vault, drafter: drafter, precedents: precedents)))
                } catch {
                    continuation.resume(returning: .failed(error))
                }
            }
        }
        let package: SubmissionPackage.TemporaryZIP
        switch built {
        case .built(let zip): package = zip
        case .failed(let error): throw error
        }
        let size: Int
        let handle: FileHandle
        do {
            size = (try FileManager.default.attributesOfItem(atPath: package.zip.path)[.size] as? Int) ?? 0
            handle = try FileHandle(forReadingFrom: package.zip)
        } catch {
            package.cleanUp()
            throw error
        }
        // Open: the directory can go now; the bytes stay readable until the handle closes.
        package.cleanUp()
        try await deps.store.audit(.submissionPackage, case: id, kind.rawValue)
        let body = ResponseBody(contentLength: size) { writer in
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        }
        let name = SubmissionPackage.zipName(caseID: id, kind: kind)
        return Response(status: .ok, headers: [
            .contentType: "application/zip",
            .contentDisposition: "attachment; filename=\"\(name)\"",
            .contentSecurityPolicy: "sandbox; default-src 'none'",
            .xContentTypeOptions: "nosniff",
        ], body: body)
    }

    private enum TemporaryZIPOutcome: @unchecked Sendable {
        case built(SubmissionPackage.TemporaryZIP)
        case failed(any Error)
    }

    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        _ = try vault()
        let fileID = Int64(try Params.int(try context.parameters.require("file"), "file"))
        guard let reason = try Params.text(request, "reason"), !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw APIError(.badRequest, "reason is required: why the file is removed")
        }
        _ = try await store.get(id)
        guard try await store.attachments(of: id, includeRemoved: true).contains(where: { $0.id == fileID }) else {
            throw APIError(.notFound, "\(id) has no file \(fileID)")
        }
        try await store.removeAttachment(fileID, of: id, reason: reason, change: try Author.change(request, default: "removed a file"))
        return Response(status: .noContent)
    }

    /// `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback and the title in full.
    static func attachmentDisposition(_ title: String, type: DetectedType) -> String {
        let name = String(title.prefix(80)) + "." + type.fileExtension
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ascii
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }

    static func json(_ file: Attachment) -> Value {
        .object([
            .init("id", .int(Int(file.id))), .init("sha256", .string(file.sha256)), .init("size", .int(Int(file.size))),
            .init("title", .string(file.title)), .init("date", file.date.map { .string($0.description) } ?? .null),
            .init("evidence", file.evidenceID.map(Value.string) ?? .null), .init("identifying", .bool(file.identifying)),
            .init("type", .string(file.detectedType)), .init("declaredType", file.declaredType.map(Value.string) ?? .null),
            .init("originalName", .string(file.originalName)), .init("addedBy", .string(file.addedBy)), .init("addedAt", JSON.time(file.addedAt)),
            .init("removedAt", file.removedAt.map(JSON.time) ?? .null), .init("removedBy", file.removedBy.map(Value.string) ?? .null),
            .init("removalReason", file.removalReason.map(Value.string) ?? .null),
        ])
    }
}

/// The files API reads bytes of any type, but never those a cross-site form can send
/// (urlencoded, multipart, plain text): the same guard against forged requests as the rest of
/// the API, without restricting what a file is.
struct FileUploadContentTypeMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let formTypes = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if RequestOriginMiddleware.stateChanging.contains(request.method) {
            let mediaType = request.headers[.contentType]?.split(separator: ";", maxSplits: 1).first
                .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            if let mediaType, Self.formTypes.contains(mediaType) {
                throw APIError(.unsupportedMediaType, "send the file's bytes with their own type (e.g. application/pdf), not as a form")
            }
        }
        return try await next(request, context)
    }
}

/// Submission packages being built in this process, bounded.
enum PackageBuilds {
    static let limit = 2
    private static let running = Mutex(0)

    static func start() -> Bool {
        running.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    static func finish() { running.withLock { $0 -= 1 } }
}
