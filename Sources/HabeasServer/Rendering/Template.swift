/// Every template in Web/templates, by name: a page names its template through its model's type
/// (`PageModel.template`), so a misspelt name does not compile. `WebAssets.load` refuses a bundle
/// that lacks one of these or whose templates include a partial not listed here.
enum Template: String, CaseIterable, Sendable {
    // Pages
    case aboutAssessment = "about-assessment"
    case account
    case allegationForm = "allegation-form"
    case audit
    case caseDelete = "case-delete"
    case caseFiles = "case-files"
    case caseForm = "case-form"
    case caseYAML = "case-yaml"
    case caseShow = "case"
    case caseList = "cases"
    case dashboard
    case deleted
    case error
    case eventForm = "event-form"
    case export
    case group
    case groups
    case history
    case importCases = "import"
    case importTable = "import-table"
    case opinion
    case opinions
    case signIn = "sign-in"
    case users
    // Partials
    case errorSummary = "error-summary"
    case footer
    case header
    case textArea = "text-area"
    case textField = "text-field"
}

/// The model of one page: its template is part of its type.
protocol PageModel {
    static var template: Template { get }
}

extension JurisprudencePages.AboutModel: PageModel { static var template: Template { .aboutAssessment } }
extension JurisprudencePages.ListModel: PageModel { static var template: Template { .opinions } }
extension JurisprudencePages.OpinionModel: PageModel { static var template: Template { .opinion } }
extension CaseItems.AllegationModel: PageModel { static var template: Template { .allegationForm } }
extension CaseItems.EventModel: PageModel { static var template: Template { .eventForm } }
extension CaseFiles.Model: PageModel { static var template: Template { .caseFiles } }
extension CaseDelete.ConfirmModel: PageModel { static var template: Template { .caseDelete } }
extension CaseDelete.ListModel: PageModel { static var template: Template { .deleted } }
extension CaseForm.Model: PageModel { static var template: Template { .caseForm } }
extension CaseYAML.Model: PageModel { static var template: Template { .caseYAML } }
extension CaseShow.Model: PageModel { static var template: Template { .caseShow } }
extension CaseList.Model: PageModel { static var template: Template { .caseList } }
extension GroupPages.ListModel: PageModel { static var template: Template { .groups } }
extension GroupPages.Model: PageModel { static var template: Template { .group } }
extension Dashboard.Model: PageModel { static var template: Template { .dashboard } }
extension CaseHistory.Model: PageModel { static var template: Template { .history } }
extension ImportExport.ImportModel: PageModel { static var template: Template { .importCases } }
extension ImportExport.ExportModel: PageModel { static var template: Template { .export } }
extension AuditTrail.Model: PageModel { static var template: Template { .audit } }
extension SignInPages.Model: PageModel { static var template: Template { .signIn } }
extension UsersPage.Model: PageModel { static var template: Template { .users } }
extension AccountPage.Model: PageModel { static var template: Template { .account } }
extension ErrorPage: PageModel { static var template: Template { .error } }

/// The error page (`WebErrorMiddleware`).
struct ErrorPage {
    var status: Int
    var reason: String
    var message: String
    var requestID: String
    /// "Error 404, request …", in the interface language.
    var detail: String

    init(status: Int, reason: String, message: String, requestID: String) {
        (self.status, self.reason, self.message, self.requestID) = (status, reason, message, requestID)
        detail = Interface.localizer.text("error.detail", ["status": String(status), "request": requestID])
    }
}
