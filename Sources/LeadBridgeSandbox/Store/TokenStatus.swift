/// What the sandbox knows about a presented access token.
enum TokenStatus: Sendable, Equatable {
    case valid
    /// Issued by the sandbox, but past its lifetime or revoked by a token-expiry fault.
    case expired
    /// Never issued (or issued for another vendor).
    case unknown
    /// No token presented.
    case missing
}
