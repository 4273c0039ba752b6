/// Errors of the HTML pages, with text safe to show. Mapped to a status and an error page in
/// `WebErrorMiddleware`, the one place where errors become pages.
enum WebError: Error {
    case notFound
    case badRequest(String)
    /// The CSRF token was missing or did not match the cookie.
    case forbidden
}
