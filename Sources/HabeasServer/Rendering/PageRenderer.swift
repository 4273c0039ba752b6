import Hummingbird

/// What every page shows around its content.
struct Layout {
    struct NavItem {
        var label: String
        var href: String
        var current: Bool
    }
    var title: String
    var csrf: String
    var nav: [NavItem]
    var stylesheet = WebRoute.stylesheet.path
    var script = WebRoute.script.path
}

enum NavSection { case dashboard, cases, new, importExport, none }

/// Renders pages and builds HTML responses with the security headers.
struct PageRenderer: Sendable {
    let assets: WebAssets
    let csrf: CSRF

    init(assets: WebAssets, secret: ServerSecret) {
        self.assets = assets
        self.csrf = CSRF(secret: secret)
    }

    struct Context {
        var layout: Layout
        var page: Any
    }

    func render(_ template: String, title: String, page: Any, csrf: CSRF.Token, section: NavSection,
                status: HTTPResponse.Status = .ok) -> Response {
        let nav: [(String, WebRoute, NavSection)] = [
            ("Dashboard", .dashboard, .dashboard), ("Cases", .caseList, .cases), ("New case", .caseNew, .new),
            ("Import and export", .importCases, .importExport),
        ]
        let layout = Layout(title: title, csrf: csrf.value,
                            nav: nav.map { Layout.NavItem(label: $0.0, href: $0.1.path, current: $0.2 == section) })
        let html = assets.library.render(Context(layout: layout, page: page), withTemplate: template) ?? ""
        var response = Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: html)))
        if csrf.isNew { response.setCookie(csrf.cookie) }
        return response
    }
}
