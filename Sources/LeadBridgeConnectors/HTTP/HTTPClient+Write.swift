import Foundation

extension HTTPClient {
    /// Sends a write (mark it `idempotent: false`, the default for POST and PATCH) and decodes its answer; a write
    /// that was sent without a complete answer is ``SentOutcome/outcomeUnknown(_:)``, a value rather than an
    /// error, so that the caller journals it and re-plans instead of resending.
    ///
    /// - Throws: ``APIError`` when the write certainly failed (refused connection, 4xx, spent quota).
    public func write<T: Sendable>(
        endpoint: String, build: @Sendable (AccessToken?) throws(APIError) -> HTTPRequest,
        decode: (HTTPResponse) throws -> T
    ) async throws(APIError) -> SentOutcome<T> {
        do {
            return .answered(try await send(endpoint: endpoint, build: build, decode: decode))
        } catch where error.code == .outcomeUnknown {
            return .outcomeUnknown(error)
        }
    }
}
