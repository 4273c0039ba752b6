import Foundation
import HabeasCore
import HabeasImport
@testable import HabeasServer
import HabeasStore
import HabeasTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// `import-table`'s writing half: rows into cases, re-import, duplicates, dry run.
@Suite("Table import")
struct TableImportTests {
    static let today = CaseDate(year: 2024, month: 1, day: 1)
    static let importer = Change(author: "importer", note: "imported from sheet")

    /// Mixed date formats, a typo in a vocabulary, an impossible date and a missing name.
    static let sheet = """
        ФИО,Дата рождения,Профиль,Дата задержания,Место содержания,Статья
        Иванов Иван,05.03.1990,журналист,5 Jan 2022,СИЗО-1,ст. 272 УК
        Petrova Anna,1985-07-01,protestor,2022-01-06,ИВС Алматы,
        Sidorov Petr,12/11/1979,jurnalist,06.01.2022,,
        ,01.01.1990,lawyer,2022-01-06,,
        Ахметов Ерлан,31.02.1991,,07.01.2022,,
        Nurlanov Asan,,lawyer,January 7 2022,,ст. 274
        """

    static func run(_ store: any CaseStore, _ text: String, dryRun: Bool = false, group: String? = nil) async throws -> TableImport.Report {
        let url = try TestTables.file(text, extension: "csv")
        defer { try? FileManager.default.removeItem(at: url) }
        var options = TableImport.Options(change: importer)
        options.dryRun = dryRun
        options.group = group
        options.batchSize = 2
        return try await TableImport(store: store, options: options)
            .run(try TableReaders.open(url), mappingYAML: nil, state: "KZ", dateOrder: nil, today: today)
    }

    @Test(arguments: TestBackend.all)
    func badRowsAreReportedByNumberAndGoodRowsGoIn(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            let report = try await Self.run(store, Self.sheet, group: "almaty-2022-01")
            #expect(report.counts.created == 3)
            #expect(Set(report.rejected.map(\.row)) == [4, 5, 6])
            #expect(report.rejected.contains { $0.row == 4 && $0.column == "C \"Профиль\"" && $0.message.contains("did you mean `journalist`") })
            #expect(report.rejected.contains { $0.row == 5 && $0.message.contains("name") })
            #expect(report.rejected.contains { $0.row == 6 && $0.column == "B \"Дата рождения\"" && $0.message.contains("February") })
            #expect(report.lines.first?.contains("dmy") == true)

            let ivanov = try await store.get("kz-ivanov-ivan-1990-03-05")
            #expect(ivanov.file.person.profile == [.journalist])
            #expect(ivanov.file.charges.map(\.label) == ["ст. 272 УК"])
            #expect(ivanov.file.groups == ["almaty-2022-01"])
            #expect(try await store.group("almaty-2022-01") != nil)
            #expect(try await store.groupMemberCounts(includeDeleted: false, teams: nil)["almaty-2022-01"] == 3)
            #expect(try await store.get("kz-petrova-anna-1985-07-01").file.person.profile == [.protester])
            #expect(try await store.get("kz-nurlanov-asan").file.timeline.first?.date.description == "2022-01-07")
        }
    }

    @Test(arguments: TestBackend.all)
    func reimportMakesNoRevisionAndNoDuplicate(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            _ = try await Self.run(store, Self.sheet)
            let again = try await Self.run(store, Self.sheet)
            #expect(again.counts.created == 0 && again.counts.updated == 0 && again.counts.unchanged == 3)
            #expect(try await store.history("kz-ivanov-ivan-1990-03-05").count == 1)
            #expect(try await store.search(CaseQuery(today: Self.today)).total == 3)

            // One changed cell: one new revision, for that case only.
            let changed = Self.sheet.replacingOccurrences(of: "СИЗО-1", with: "СИЗО-2")
            let third = try await Self.run(store, changed)
            #expect(third.counts.updated == 1 && third.counts.unchanged == 2)
            #expect(try await store.history("kz-ivanov-ivan-1990-03-05").count == 2)
            #expect(try await store.get("kz-ivanov-ivan-1990-03-05").file.deprivation.places.first?.name == "СИЗО-2")
        }
    }

    @Test(arguments: TestBackend.all)
    func likelyDuplicatesAreReportedNotCreated(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            _ = try await Self.run(store, Self.sheet)
            // The same person without a birth date (and written in another order), and within one sheet.
            let report = try await Self.run(store, """
                Name,Date of birth
                Иван Иванов,
                Serikov Dias,1990-01-01
                Serikov Dias,1991-01-01
                """)
            #expect(report.duplicates.map(\.row) == [2, 4])
            #expect(report.duplicates.first?.of == "kz-ivanov-ivan-1990-03-05")
            #expect(report.duplicates.last?.of.contains("row 3") == true)
            #expect(report.counts.created == 1)
            #expect(try await store.search(CaseQuery(today: Self.today)).total == 4)
        }
    }

    @Test(arguments: TestBackend.all)
    func aDryRunWritesNothing(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            let report = try await Self.run(store, Self.sheet, dryRun: true, group: "dry")
            #expect(report.counts.created == 3 && report.counts.rejected == 3)
            #expect(report.lines.last?.hasPrefix("dry run") == true)
            #expect(try await store.search(CaseQuery(today: Self.today)).total == 0)
            #expect(try await store.group("dry") == nil)
        }
    }

    @Test(arguments: TestBackend.all)
    func anXLSXImports(_ backend: TestBackend) async throws {
        try await withStore(backend) { store in
            let url = try TestTables.xlsx([
                [.shared("Name"), .shared("Date of birth"), .shared("Arrest date"), .shared("Release date")],
                [.shared("Ivanov Ivan"), .date(32937), .date(44566), .inline("10.02.2022")],
            ])
            defer { try? FileManager.default.removeItem(at: url) }
            let report = try await TableImport(store: store, options: .init(change: Self.importer))
                .run(try TableReaders.open(url), mappingYAML: nil, state: "KZ", dateOrder: nil, today: Self.today)
            #expect(report.counts.created == 1)
            let file = try await store.get("kz-ivanov-ivan-1990-03-05").file
            #expect(file.timeline.map(\.type) == [.arrest, .release])
            #expect(file.deprivation.ongoing == false)
        }
    }
}

/// The same import over the API and the web pages.
@Suite("Table import over HTTP")
struct TableImportHTTPTests {
    static let csv = "Name,Date of birth,Profile\nIvanov Ivan,05.03.1990,journalist\nPetrov,01.01.1980,jurnalist\n"

    @Test func theAPIAnswersWithTheReport() async throws {
        try await withApp { client in
            let uri = Route.apiImportTable.with([("state", "KZ"), ("group", "almaty-2022-01")])
            let response = try await client.execute(uri: uri, method: .post, headers: [.contentType: "text/csv"], body: ByteBuffer(string: Self.csv))
            #expect(response.status == .ok)
            let report = try json(response)
            #expect(report["created"] == .int(1) && report["rejectedRows"] == .int(1))
            guard case .array(let rejected)? = report["rejected"] else { Issue.record("no rejected list"); return }
            #expect(rejected.first?["row"] == .int(3) && rejected.first?["column"] == .string("C \"Profile\""))
            let again = try json(try await client.execute(uri: uri, method: .post, headers: [.contentType: "text/csv"], body: ByteBuffer(string: Self.csv)))
            #expect(again["created"] == .int(0) && again["unchanged"] == .int(1))
            // A form's type is refused (cross-site), and a sheet without a known type is a 400.
            #expect(try await client.execute(uri: uri, method: .post, headers: [.contentType: "multipart/form-data; boundary=x"],
                                             body: ByteBuffer(string: Self.csv)).status == .unsupportedMediaType)
            #expect(try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/pdf"],
                                             body: ByteBuffer(string: Self.csv)).status == .badRequest)
        }
    }

    @Test func theWebUploadsMapsAndImports() async throws {
        try await withApp { client in
            let form = try await client.execute(uri: Route.importTable.path, method: .get)
            let cookie = try #require(form.headers[.setCookie])
            let token = String(try #require(cookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last))
            let boundary = "----habeasTableBoundary"
            var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n"
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"state\"\r\n\r\nKZ\r\n"
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.csv\"\r\nContent-Type: text/csv\r\n\r\n\(Self.csv)\r\n"
            body += "--\(boundary)--\r\n"
            let mapping = try await client.execute(uri: Route.importTable.path, method: .post, headers: [
                .contentType: "multipart/form-data; boundary=\(boundary)", .cookie: "\(CSRF.cookieName)=\(token)",
            ], body: ByteBuffer(string: body))
            let page = String(buffer: mapping.body)
            #expect(page.contains("row 3, column C &quot;Profile&quot;") || page.contains("row 3, column C &#34;Profile&#34;") || page.contains("row 3, column C"))
            #expect(page.contains("did you mean"))
            let action = try #require(page.range(of: "action=\"/import-table/").map { page[$0.upperBound...].prefix(36) })
            let run = "/import-table/\(action)"
            let fields = [(CSRF.fieldName, token), ("state", "KZ"), ("dateOrder", "dmy"), ("column-A", "name"), ("column-B", "birthDate"),
                          ("column-C", "ignore"), ("filename", "list.csv"), ("action", "import")]
            let done = try await client.execute(uri: run, method: .post, headers: [
                .contentType: "application/x-www-form-urlencoded", .cookie: "\(CSRF.cookieName)=\(token)",
            ], body: ByteBuffer(string: fields.map { "\(FormData.encode($0.0))=\(FormData.encode($0.1))" }.joined(separator: "&")))
            // The import runs in the background: a redirect to its progress page, which shows the
            // report once the job is done (and a bar, reloading itself, until then).
            #expect(done.status == .seeOther)
            let progress = try #require(done.headers[.location])
            #expect(progress.hasPrefix("/import-table/jobs/"))
            var report = ""
            for _ in 0..<600 {
                let page = try await client.execute(uri: progress, method: .get)
                #expect(page.status == .ok)
                report = String(buffer: page.body)
                if !report.contains("<progress") { break }
                #expect(page.headers[HTTPFields.Element.Name("Refresh")!] == "2")
                try await Task.sleep(for: .milliseconds(50))
            }
            // Profile ignored: both rows go in.
            #expect(report.contains("created 2"))
            #expect(try await client.execute(uri: Route.caseShow("kz-petrov-1980-01-01").path, method: .get).status == .ok)
            // The sheet is gone once imported.
            #expect(try await client.execute(uri: run, method: .post, headers: [
                .contentType: "application/x-www-form-urlencoded", .cookie: "\(CSRF.cookieName)=\(token)",
            ], body: ByteBuffer(string: fields.map { "\(FormData.encode($0.0))=\(FormData.encode($0.1))" }.joined(separator: "&"))).status == .notFound)
        }
    }
}

/// The web's background imports: each job its uploader's only, bounded in number, and a page
/// that shows a bar (with the rows done and the total) until the report is there.
@Suite("Table import progress")
struct TableImportProgressTests {
    @Test func aJobIsItsUploadersOnlyAndJobsAreBounded() throws {
        let jobs = TableImportJobs()
        let now = Date()
        let id = try #require(jobs.start(owner: "7", filename: "list.xlsx", now: now))
        #expect(jobs.job(id, owner: "7")?.filename == "list.xlsx")
        #expect(jobs.job(id, owner: "8") == nil)
        for _ in 1..<TableImportJobs.maxJobs { #expect(jobs.start(owner: "7", filename: "x.csv", now: now) != nil) }
        #expect(jobs.start(owner: "7", filename: "x.csv", now: now) == nil, "no more than maxJobs kept")
        // A finished job is forgotten an hour after it ended, which makes room.
        jobs.update(id) { $0.finished = now }
        #expect(jobs.start(owner: "7", filename: "x.csv", now: now.addingTimeInterval(60)) == nil)
        #expect(jobs.start(owner: "7", filename: "x.csv", now: now.addingTimeInterval(TableImportJobs.keptFor + 1)) != nil)
        #expect(jobs.job(id, owner: "7") == nil)
    }

    @Test func theProgressPageShowsABarThenTheReport() throws {
        let renderer = try #require(PageModelTests.renderer)
        var job = TableImportJobs.Job(owner: "7", filename: "list.xlsx")
        let id = "00000000-0000-0000-0000-000000000001"
        let (counting, _) = TableImportPages.progressModel(job, id: id)
        let first = try renderer.html(counting, layout: PageModelTests.layout)
        #expect(first.contains("<progress id=\"import-progress\" aria-labelledby") && first.contains("count its rows"))
        #expect(!first.contains("enctype=\"multipart/form-data\""), "no upload form while an import runs")

        job.total = 5_000
        job.progress.rows = 1_200
        job.progress.created = 1_150
        job.progress.rejected = 50
        let (running, title) = TableImportPages.progressModel(job, id: id)
        #expect(title == "Importing the spreadsheet")
        let html = try renderer.html(running, layout: PageModelTests.layout)
        #expect(html.contains("<progress id=\"import-progress\" value=\"1200\" max=\"5000\""))
        #expect(html.contains("1,200 of 5,000 rows imported"))
        #expect(html.contains("created 1,150") && html.contains("refused 50"))
        #expect(html.contains("href=\"\(Route.importTableJob(id).path)\""))

        job.finished = Date()
        job.summary = "created 4950, updated 0, unchanged 0, rejected 50 rows, likely duplicates 0, of 5000 rows"
        job.lines = ["rejected: row 7, column C \"Profile\": `jornalist` is not a profile"]
        let (done, _) = TableImportPages.progressModel(job, id: id)
        let report = try renderer.html(done, layout: PageModelTests.layout)
        #expect(!report.contains("<progress") && report.contains("created 4950") && report.contains("row 7, column C"))
    }
}
