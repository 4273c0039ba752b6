import Foundation
import HabeasCore
@testable import HabeasServer
import Testing

/// Page models and their templates without HTTP: the bundle holds exactly the templates of
/// `Template`, rendering fails loudly, and models carry the links the pages print.
@Suite("Page models")
struct PageModelTests {
    static let renderer: PageRenderer? = try? PageRenderer(assets: WebAssets.load(), secret: ServerSecret())
    static let layout = Layout(title: "Test", csrf: "token", section: .cases)

    @Test func theBundleHoldsExactlyTheTemplatesOfTheEnum() throws {
        let directory = try #require(WebAssets.directory()).appendingPathComponent("templates")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".mustache") }
        #expect(Set(files.map { String($0.dropLast(".mustache".count)) }) == Set(Template.allCases.map(\.rawValue)))
        #expect(Self.renderer != nil)
    }

    @Test func partialsAreReadFromTheirTags() {
        #expect(WebAssets.partials(in: "{{>header}} text {{> footer }} {{name}} {{#x}}{{>text-field}}{{/x}}") == ["header", "footer", "text-field"])
    }

    /// Links come from the route table: no template writes a path of its own.
    @Test func templatesWriteNoPathsOfTheirOwn() throws {
        let directory = try #require(WebAssets.directory()).appendingPathComponent("templates")
        for template in Template.allCases {
            let text = try String(contentsOf: directory.appendingPathComponent(template.rawValue + ".mustache"), encoding: .utf8)
            for attribute in ["href=\"/", "action=\"/", "src=\"/"] {
                #expect(!text.contains(attribute), "\(template.rawValue) has \(attribute)…")
            }
        }
    }

    @Test func aNewCaseFormRendersItsFieldsAndTheLayoutLinks() throws {
        let renderer = try #require(Self.renderer)
        let model = CaseForm.model(CaseForm.Input(), errors: ["state": ["Give the State."]], general: ["Something else."], isNew: true)
        #expect(model.action == Route.caseNew.path)
        #expect(model.isNew)
        let html = try renderer.html(model, layout: Self.layout)
        #expect(html.contains("action=\"\(Route.caseNew.path)\""))
        #expect(html.contains("Give the State."))
        #expect(html.contains("Something else."))
        #expect(html.contains("href=\"\(Route.openAPI.path)\""))
        #expect(html.contains("<title>Test · Habeas</title>"))
    }

    @Test func theYAMLEditorMarksTheLinesOfItsIssues() throws {
        let renderer = try #require(Self.renderer)
        let text = "format: habeas-case/1\nid: kz-x\nstate: KZ\n"
        let model = CaseYAML.model(id: "kz-x", text: text, baseRevision: "2", note: "",
                                   issues: [CaseIssue(line: 3, path: "state", message: "bad `state`")], conflictWith: nil)
        #expect(model.issueCount == 1)
        #expect(model.lines.map(\.marked) == [false, false, true, false])
        #expect(model.caseHref == Route.caseShow("kz-x").path)
        #expect(model.action == Route.caseYAML("kz-x").path)
        let html = try renderer.html(model, layout: Self.layout)
        #expect(html.contains("<code>state</code>"))
        #expect(html.contains("href=\"\(Route.caseList.path)\""))
    }

    @Test func importResultsAreCounted() throws {
        let renderer = try #require(Self.renderer)
        let model = ImportExport.importModel(pasted: "x", results: [
            .init(name: "a.yaml", ok: true, message: "Imported as a.", href: Route.caseShow("a").path, errors: []),
            .init(name: "b.yaml", ok: true, message: "Already present.", href: Route.caseShow("b").path, errors: [], skipped: true),
            .init(name: "c.yaml", ok: false, message: "Not valid.", errors: [Markup.Line("line 1")]),
        ])
        #expect(model.importedCount == 1)
        #expect(model.failedCount == 1)
        #expect(model.action == Route.importCases.path)
        let html = try renderer.html(model, layout: Self.layout)
        #expect(html.contains("href=\"\(Route.caseShow("a").path)\""))
        #expect(html.contains("href=\"\(Route.export.path)\""))
    }

    @Test func theErrorPageLinksToTheDashboard() throws {
        let renderer = try #require(Self.renderer)
        let html = try renderer.html(ErrorPage(status: 404, reason: "Not Found", message: "Gone.", requestID: "r1"), layout: Self.layout)
        #expect(html.contains("Error 404, request r1"))
        #expect(html.contains("href=\"\(Route.dashboard.path)\">Back to the dashboard"))
    }

    /// Links are built from the route table, each value escaped as a path segment.
    @Test func routesBuildTheirLinksFromOneTemplate() {
        #expect(Route.caseRestore("kz-a", revision: 3).path == "/cases/kz-a/history/3/restore")
        #expect(Route.caseRestore("kz-a", revision: 3).parameterNames == ["id", "revision"])
        #expect(Route.apiDraft("kz-a", file: "petition.docx").with([("asOf", "2022-03-18"), ("redact", "")]) == "/api/v1/cases/kz-a/drafts/petition.docx?asOf=2022-03-18")
        #expect(Route.opinion("a b/c").path == "/opinions/a%20b%2Fc")
        #expect(Route.pattern(Route.caseShow).description == "/cases/{id}")
        #expect(Route.pattern(Route.eventRemove).description == "/cases/{id}/events/{index}/remove")
    }
}
