import Foundation

/// The server's bundled files (templates, static assets, demo cases), for `habeas doctor`: a
/// binary copied without the resource folders beside it must say so, not serve empty pages.
public enum ServerResources {
    /// Throws when the web templates, the static files or the demo cases cannot be read.
    public static func verify() throws -> (templates: Int, demoCases: Int) {
        let assets = try WebAssets.load()
        _ = assets.stylesheet
        let demo = try DemoCases.files()
        guard let web = WebAssets.directory() else { throw WebError.badRequest("the Web resources are missing") }
        let templates = try FileManager.default.contentsOfDirectory(atPath: web.appendingPathComponent("templates").path)
            .filter { $0.hasSuffix(".mustache") }.count
        return (templates, demo.count)
    }
}
