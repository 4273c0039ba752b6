import HabeasCore
import HabeasLocalization
import HabeasStore
import Hummingbird
import Mustache

/// The interface language of the request being served. `LanguageMiddleware` sets it from, in
/// order: `?lang=` (the switcher in the header, then remembered in a cookie), the cookie, the
/// browser's `Accept-Language`, English. Page models read it while they are built; a model built
/// outside a request (tests) is in English.
enum Interface {
    @TaskLocal static var localizer = Localizer(.en)
    static var language: HabeasLocalization.Language { localizer.language }

    static let cookieName = "habeas_lang"
    /// A year: the choice outlives sessions.
    static let cookieMaxAge = 365 * 24 * 3600

    static func cookie(_ language: HabeasLocalization.Language) -> Cookie {
        Cookie(name: cookieName, value: language.rawValue, maxAge: cookieMaxAge, path: "/", httpOnly: true, sameSite: .lax)
    }

    /// The language a request asks for, and whether it asked with `?lang=` (to be remembered).
    static func language(of request: Request) -> (language: HabeasLocalization.Language, chosen: Bool) {
        if let asked = request.uri.queryParameters.get("lang").flatMap(HabeasLocalization.Language.init(tag:)) {
            return (asked, true)
        }
        if let stored = request.cookies[cookieName]?.value, let language = HabeasLocalization.Language(tag: stored) {
            return (language, false)
        }
        return (AcceptLanguage.preferred(request.headers[.acceptLanguage]) ?? .en, false)
    }

    /// A whole message as HTML: the catalogue's text escaped, then the arguments, already HTML,
    /// put in (so a name can be wrapped in `<strong>` without concatenating sentences).
    static func html(_ key: String, _ arguments: [String: String]) -> SafeHTML {
        SafeHTML(html: Localizer.fill(Escape.html(localizer.text(key)), arguments))
    }

    /// Labels with a help line, for a word of a closed vocabulary.
    static func word<V: Vocabulary>(_ word: V) -> Word {
        // English pages keep the word itself, as before; other languages show the label and the key.
        let english = localizer.language == .en
        return Word(key: word.rawValue, label: english ? word.rawValue : localizer.label(word), help: localizer.help(word), showKey: !english)
    }

    /// The labels of a list of words, joined as the language joins a list of two or more.
    static func list(_ items: [String]) -> String {
        guard var result = items.first else { return "" }
        for item in items.dropFirst() { result = localizer.text("list.pair", ["first": result, "second": item]) }
        return result
    }

    /// Between the items of a list of names ("KZ, RU"; Arabic uses its own comma).
    static var comma: String { language == .ar ? "، " : ", " }

    /// A date as pages show it: English keeps ISO 8601 (as the case files write it); the other
    /// languages write the month in words, in their order ("5 января 2022 г."), and keep the time.
    static func date(_ date: CaseDate) -> String {
        guard language != .en else { return date.description }
        let day = localizer.date(date)
        guard date.time != nil, let time = date.description.split(separator: "T").last, date.description.contains("T") else { return day }
        return day + " " + time
    }

    /// A sentence the core wrote in English, in the interface language when `phrases` holds its
    /// structured form and the catalogue its messages; otherwise as written. English pages keep
    /// the core's sentence exactly.
    static func say(_ english: String, _ phrases: Phrasebook) -> String {
        guard language != .en, let phrase = phrases[english] else { return english }
        return localizer.render(phrase) ?? english
    }

    /// A number of days, as the timeline shows it ("72 days", "72 дня").
    static func days(_ days: Double) -> String {
        if days == days.rounded(), let whole = Int(exactly: days) { return localizer.plural("days", count: whole) }
        return localizer.plural("days", decimal: Span.format(days))
    }
}

/// A word of a closed vocabulary as pages show it: the label, its help (a tooltip and a line in
/// forms) and the English key that case files keep.
struct Word: Sendable {
    var key: String
    var label: String
    var help: String
    var showKey: Bool
}

/// The catalogue as templates see it: `{{layout.t.case.timeline}}` prints the message
/// `case.timeline` of the request's language, escaped like every other variable.
struct Messages: MustacheParent, MustacheCustomRenderable, Sendable {
    let localizer: Localizer
    let key: String
    func child(named name: String) -> Any? { Messages(localizer: localizer, key: key.isEmpty ? name : key + "." + name) }
    var renderText: String { localizer.text(key) }
    var isNull: Bool { false }
}

extension Interface {
    /// The language of a signed-in user's request, where it differs from what
    /// `LanguageMiddleware` resolved: a choice made with `?lang=` is saved on the account (`save`),
    /// and without a choice or a cookie the account's language wins over `Accept-Language`
    /// (`use`, then remembered in the cookie).
    static func forUser(_ request: Request, account: Account) -> (use: HabeasLanguage?, save: HabeasLanguage?) {
        if let asked = request.uri.queryParameters.get("lang").flatMap(HabeasLanguage.init(tag:)) {
            // The pseudo-locale is for tests: used, never saved.
            return (nil, account.language == asked.rawValue || !HabeasLanguage.offered.contains(asked) ? nil : asked)
        }
        if let stored = request.cookies[cookieName]?.value, HabeasLanguage(tag: stored) != nil { return (nil, nil) }
        guard let tag = account.language, let language = HabeasLanguage(tag: tag) else { return (nil, nil) }
        return (language, nil)
    }
}

typealias HabeasLanguage = HabeasLocalization.Language

/// Resolves the interface language of every request and remembers a choice made with `?lang=`.
struct LanguageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let (language, chosen) = Interface.language(of: request)
        var response = try await Interface.$localizer.withValue(Localizer(language)) { try await next(request, context) }
        if chosen { response.setCookie(Interface.cookie(language)) }
        return response
    }
}
