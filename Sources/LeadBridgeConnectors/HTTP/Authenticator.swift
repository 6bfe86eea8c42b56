/// Supplies the access token for requests and decides whether a rejected one can be replaced.
public protocol Authenticator: Sendable {
    /// The current token, acquiring one first if needed.
    func token() async throws(APIError) -> AccessToken
    /// The API rejected `token` (401, expired session). Returns true when a fresh token may be acquired (the next
    /// ``token()`` call gets it), false when retrying cannot help (a fixed private-app token).
    func invalidate(_ token: AccessToken) async -> Bool
}
