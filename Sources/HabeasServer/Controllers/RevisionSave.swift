import HabeasCore
import HabeasStore
import Hummingbird

/// The one way a form saves a case: read the form, check its CSRF token, load the case, apply
/// the form to it (which validates), write it based on the revision the form was built from,
/// and on anything refused (invalid input, no base revision, someone else's newer revision)
/// render the form again with what was typed. Every form that writes a case goes through here.
struct RevisionSave: Sendable {
    let store: any CaseStore & AccountStore
    let csrf: CSRF

    /// Why a save was refused; each form turns it into its own page.
    enum Refusal: Error {
        /// Messages by field, and for the whole form.
        case invalid(CaseForm.FormErrors)
        /// The validator's issues (with lines, for the YAML editor).
        case issues([CaseIssue])
        case noBaseRevision
        case stale(current: Int)
        case alreadyExists

        /// The refusal as field messages and general messages, for the forms with fields.
        var messages: (fields: CaseForm.Errors, general: [String]) {
            switch self {
            case .invalid(let errors): (errors.fields, errors.general)
            case .issues(let issues): ([:], issues.map { ($0.path.isEmpty ? "" : $0.path + ": ") + $0.message })
            case .noBaseRevision: ([:], ["The form did not say which revision it started from. Reload the page."])
            case .stale(let current): ([:], [CaseForm.staleMessage(current)])
            case .alreadyExists: (["id": ["A case with this id already exists: choose another."]], [])
            }
        }
    }

    /// One form: how to read it, apply it and show it again.
    struct Form<Input: Sendable>: Sendable {
        var read: @Sendable (FormData) -> Input
        /// The posted base revision (ignored for a new case).
        var baseRevision: @Sendable (Input) -> String
        /// The file to save, or why not; may throw (e.g. `WebError.notFound` for a missing item).
        var apply: @Sendable (Input, StoredCase?) throws -> Result<CaseFile, Refusal>
        var note: @Sendable (Input) -> String
        /// The form again, with the refusal explained, and the status to send it with.
        var again: @Sendable (Input, StoredCase?, Refusal) throws -> Response
        /// Where to go after the save.
        var done: @Sendable (CaseFile) -> String
    }

    /// Saves a new revision of case `id`, or creates the case when `id` is nil.
    func save<Input>(_ request: Request, context: AppRequestContext, id: String?, form: Form<Input>) async throws -> Response {
        let data = try await FormData.read(request, context: context)
        try csrf.check(data, request)
        let input = form.read(data)
        var stored: StoredCase?
        if let id { stored = try await store.get(id) }
        var base = 0
        if stored != nil {
            guard let posted = Int(form.baseRevision(input)) else { return try form.again(input, stored, .noBaseRevision) }
            base = posted
        }
        let file: CaseFile
        switch try form.apply(input, stored) {
        case .success(let applied): file = applied
        case .failure(let refusal): return try form.again(input, stored, refusal)
        }
        let change = Change(author: WebAuthor.name, note: form.note(input))
        do {
            if stored == nil {
                try CaseOwnership.checkCanCreate()
                _ = try await store.create(file, change: change)
                try await CaseOwnership.giveCreatorsTeams(file.id, accounts: store)
            } else {
                _ = try await store.update(file, basedOn: base, change: change)
            }
        } catch CaseStoreError.staleWrite(_, let current) {
            return try form.again(input, try await store.get(file.id), .stale(current: current))
        } catch CaseStoreError.alreadyExists {
            return try form.again(input, stored, .alreadyExists)
        }
        return Response.redirect(to: form.done(file), type: .normal)
    }
}

/// A controller of pages: the application's dependencies and the renderer, and from them the
/// store and the save flow.
protocol PageController: Sendable {
    var deps: AppDependencies { get }
    var renderer: PageRenderer { get }
}

extension PageController {
    var store: any CaseStore & AccountStore { deps.store }
    var saving: RevisionSave { RevisionSave(store: deps.store, csrf: renderer.csrf) }
}

/// Recorded as the author of changes made in the browser (there are no accounts yet).
enum WebAuthor {
    /// The signed-in user: every revision names who made it.
    static var name: String { SignedIn.current?.account.name ?? "web" }
}
