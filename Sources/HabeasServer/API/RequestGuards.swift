import Crypto
import Foundation
import HabeasCore
import HabeasDocuments
import HabeasKeys
import Hummingbird

/// The host names this server answers to. A page on another site can make the browser send
/// requests to 127.0.0.1 under its own name (DNS rebinding); the browser then treats the answers
/// as that site's and lets its scripts read them. Refusing every `Host` not listed here, before
/// any route runs, closes that door.
public struct HostAllowlist: Sendable {
    /// Lowercased names without port: loopback names plus the configured public names.
    private let names: Set<String>

    public init(publicHosts: [String] = []) {
        var names: Set<String> = ["localhost", "127.0.0.1", "::1"]
        for host in publicHosts { names.insert(Self.hostName(host).lowercased()) }
        self.names = names
    }

    /// `example.org:8080` → `example.org`; `[::1]:8080` → `::1`.
    static func hostName(_ authority: String) -> String {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return authority }
            return String(authority[authority.index(after: authority.startIndex)..<close])
        }
        if let colon = authority.lastIndex(of: ":"), authority.firstIndex(of: ":") == colon {
            return String(authority[..<colon])
        }
        return authority
    }

    func allows(_ authority: String) -> Bool {
        guard authority.utf8.count <= 255, !authority.isEmpty else { return false }
        let name = Self.hostName(authority).lowercased()
        return names.contains(name) || ServerConfig.isLoopbackIPv4(name)
    }
}

/// First of all middleware: a request for a host name this server does not serve gets 421; a
/// state-changing request that a browser says came from another origin gets 403, whatever the
/// route (forms, the API, bodiless POSTs such as `…/restore`).
struct RequestOriginMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let hosts: HostAllowlist

    static let stateChanging: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // HTTP/1.1 carries the name in `Host`, which the server turns into the authority; any
        // `Host` field left among the headers must be allowed too.
        let named = [request.head.authority].compactMap { $0 } + request.headers[values: .init("Host")!]
        guard let authority = named.first, named.allSatisfy(hosts.allows) else {
            throw APIError(.misdirectedRequest, "this server does not answer to that host name (start it with --public-host NAME to add one)")
        }
        if Self.stateChanging.contains(request.method) {
            try Self.checkSameOrigin(request, authority: authority)
        }
        return try await next(request, context)
    }

    /// Browsers say where a request comes from: `Sec-Fetch-Site` (current ones) and `Origin`
    /// (every POST, PUT and DELETE). Clients that are not browsers send neither and are let
    /// through; the CSRF token of forms and the content types of the API stay as second locks.
    /// `Origin: null` says nothing: our pages' `Referrer-Policy: no-referrer` makes browsers send
    /// it for their own same-origin forms, so it is judged by `Sec-Fetch-Site` and the token.
    static func checkSameOrigin(_ request: Request, authority: String) throws {
        let site = request.headers[.init("Sec-Fetch-Site")!]
        if let site, site != "same-origin", site != "none" {
            throw APIError(.forbidden, "requests from other sites are refused")
        }
        if let origin = request.headers[.origin], origin != "null" {
            let expected = authority.lowercased()
            let lower = origin.lowercased()
            guard lower == "http://" + expected || lower == "https://" + expected else {
                throw APIError(.forbidden, "requests from other origins are refused")
            }
        }
    }
}

/// Every API answer is private data: never cached, never sniffed. (Errors carry the same
/// headers: see `APIError.headers`.)
struct APIResponseHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    static let headers: HTTPFields = [.cacheControl: "no-store", .xContentTypeOptions: "nosniff"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        for field in Self.headers where response.headers[field.name] == nil { response.headers.append(field) }
        return response
    }
}

/// A per-process secret: it keys the CSRF tokens (a token another program on this machine plants
/// in the browser's cookies is worthless here) and the opaque case references in the logs.
public struct ServerSecret: Sendable {
    let key: SymmetricKey

    public init() { key = SymmetricKey(size: .bits256) }

    /// A short keyed hash: the same case id gives the same tag while the server runs, so log
    /// lines can be correlated, but the tag does not reveal the id (ids often carry names).
    func logTag(_ text: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(("log:" + text).utf8), using: key)
        return Hex.lowercase(Data(mac).prefix(6))
    }

    func csrfSignature(_ nonce: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(("csrf:" + nonce).utf8), using: key)
        return Hex.lowercase(Data(mac).prefix(16))
    }
}

/// Numbers and dates from the query string, bounded. A number too large for the store's
/// arithmetic is a 400 here, before any arithmetic.
enum Params {
    /// Page numbers, revision numbers and the like never come near this.
    static let maxNumber = 1_000_000_000
    /// More pages than any list has, small enough that page × perPage stays far from overflow.
    static let maxPage = 1_000_000

    /// A query value of the request, where the API route being served declares `key` (see
    /// `APIEndpoint.current`): a handler cannot read a parameter the OpenAPI document leaves out.
    static func text(_ request: Request, _ key: String) throws -> String? {
        if let endpoint = APIEndpoint.current, !endpoint.query.contains(where: { $0.name == key }) {
            throw UndeclaredQueryParameter(endpoint: endpoint, name: key)
        }
        return request.uri.queryParameters.get(key).map { String($0) }
    }

    static func flag(_ request: Request, _ key: String) throws -> Bool? {
        guard let text = try text(request, key), !text.isEmpty else { return nil }
        guard let flag = Bool(String(text)) else { throw APIError(.badRequest, "\(key) is true or false") }
        return flag
    }

    /// `?lang=`: the language of a draft, en when absent.
    static func language(_ request: Request) throws -> DraftLanguage {
        guard let text = try text(request, "lang"), !text.isEmpty else { return .en }
        guard let language = DraftLanguage(rawValue: text) else {
            throw APIError(.badRequest, "lang must be \(DraftLanguage.validValues) (the Working Group's working languages)")
        }
        return language
    }

    static func int(_ request: Request, _ key: String, in range: ClosedRange<Int> = 1...maxNumber) throws -> Int? {
        guard let text = try text(request, key), !text.isEmpty else { return nil }
        return try int(String(text), key, in: range)
    }

    static func int(_ text: String, _ key: String, in range: ClosedRange<Int> = 1...maxNumber) throws -> Int {
        guard text.utf8.count <= 12, let n = Int(text), range.contains(n) else {
            throw APIError(.badRequest, "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    static func date(_ request: Request, _ key: String) throws -> CaseDate? {
        guard let text = try text(request, key), !text.isEmpty else { return nil }
        guard text.utf8.count <= 10, let date = try? CaseDate(parsing: String(text)), !date.hasTime else {
            throw APIError(.badRequest, "\(key) must be a date, YYYY-MM-DD, in the years \(CaseLimits.years.lowerBound)–\(CaseLimits.years.upperBound)")
        }
        return date
    }

    /// `If-Match: "3"` (an ETag from GET) or `?baseRevision=3`.
    static func baseRevision(_ request: Request) throws -> Int? {
        if let header = request.headers[.ifMatch] {
            let trimmed = header.replacingOccurrences(of: "W/", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            guard let n = Int(trimmed), (1...maxNumber).contains(n) else {
                throw APIError(.badRequest, "If-Match must be a revision number, e.g. \"3\"")
            }
            return n
        }
        return try int(request, "baseRevision")
    }

    /// Writes that replace what someone may have changed meanwhile must say what they saw.
    static func requiredBaseRevision(_ request: Request, current: Int) throws -> Int {
        guard let base = try baseRevision(request) else {
            throw APIError(.init(code: 428), "name the revision this write is based on: If-Match: \"N\" or ?baseRevision=N",
                           extra: [.init("currentRevision", .int(current))])
        }
        return base
    }
}
