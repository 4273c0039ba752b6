import HabeasLocalization
import Hummingbird

/// What every page shows around its content, with the links every page may need.
struct Layout {
    struct NavItem {
        var label: String
        var href: String
        var current: Bool
    }
    /// Links the templates print outside their page's own model (header, footer, breadcrumbs).
    struct Links {
        var dashboard = Route.dashboard.path
        var cases = Route.caseList.path
        var caseNew = Route.caseNew.path
        var deletedCases = Route.deletedCases.path
        var importCases = Route.importCases.path
        var importTable = Route.importTable.path
        var export = Route.export.path
        var aboutAssessment = Route.aboutAssessment.path
        var opinions = Route.opinions.path
        var openAPI = Route.openAPI.path
        var signOut = Route.signOut.path
        var users = Route.users.path
        var account = Route.account.path
        var groups = Route.groups.path
    }
    var title: String
    var csrf: String
    var nav: [NavItem]
    var links = Links()
    var stylesheet = Route.stylesheet.path
    var script = Route.script.path
    /// The signed-in user's name, for the header (with sign-out); nil on the sign-in pages.
    var user: String?
    var isAdmin = false
    /// The interface language (`Interface`): `<html lang dir>`, the catalogue the templates read
    /// (`{{layout.t.key}}`) and the switcher.
    var lang: String
    var dir: String
    var t: Messages
    var languages: [LanguageChoice]
    /// "Signed in as <strong>name</strong>", the name escaped.
    var signedInHTML: SafeHTML

    struct LanguageChoice {
        var code: String
        var name: String
        var selected: Bool
    }

    static let sections: [(key: String, route: Route, section: NavSection)] = [
        ("layout.nav.dashboard", .dashboard, .dashboard), ("layout.nav.cases", .caseList, .cases), ("layout.nav.groups", .groups, .groups),
        ("layout.nav.new", .caseNew, .new),
        ("layout.nav.importExport", .importCases, .importExport),
    ]

    init(title: String, csrf: String, section: NavSection) {
        let localizer = Interface.localizer
        self.title = title
        self.csrf = csrf
        nav = Self.sections.map { NavItem(label: localizer.text($0.key), href: $0.route.path, current: $0.section == section) }
        user = SignedIn.current?.account.name
        isAdmin = SignedIn.current?.account.role == .admin
        lang = localizer.language.rawValue
        dir = localizer.language.direction
        t = Messages(localizer: localizer, key: "")
        var offered = HabeasLocalization.Language.offered
        if localizer.language == .pseudo { offered.append(.pseudo) }
        languages = offered.map { LanguageChoice(code: $0.rawValue, name: $0.nativeName, selected: $0 == localizer.language) }
        signedInHTML = Interface.html("layout.signedInAs", ["user": "<a href=\"" + Route.account.path + "\"><strong>" + Escape.html(user ?? "") + "</strong></a>"])
    }
}

enum NavSection { case dashboard, cases, groups, new, importExport, none }

/// A template that rendered nothing: a defect, reported as a 500 rather than an empty page.
struct RenderError: Error, CustomStringConvertible {
    var template: Template
    var description: String { "the template \(template.rawValue) could not be rendered" }
}

/// Renders pages and builds HTML responses with the security headers.
struct PageRenderer: Sendable {
    let assets: WebAssets
    let csrf: CSRF

    init(assets: WebAssets, secret: ServerSecret) {
        self.assets = assets
        self.csrf = CSRF(secret: secret)
    }

    struct Context<Page: PageModel> {
        var layout: Layout
        var page: Page
    }

    /// The HTML of a page, without HTTP (tests render page models with it).
    func html<Page: PageModel>(_ page: Page, layout: Layout) throws -> String {
        guard let html = assets.library.render(Context(layout: layout, page: page), withTemplate: Page.template.rawValue), !html.isEmpty else {
            throw RenderError(template: Page.template)
        }
        return html
    }

    func render<Page: PageModel>(_ page: Page, title: String, request: Request, section: NavSection,
                                 status: HTTPResponse.Status = .ok) throws -> Response {
        let token = csrf.token(for: request)
        let html = try html(page, layout: Layout(title: title, csrf: token.value, section: section))
        var response = Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: html)))
        if token.isNew { response.setCookie(token.cookie) }
        return response
    }
}
