import LeadBridge

/// A fixed bearer token (HubSpot private apps): nothing to refresh.
public struct StaticToken: Authenticator {
    let accessToken: AccessToken

    public init(_ secret: Secret) {
        accessToken = AccessToken(value: secret)
    }

    public func token() async throws(APIError) -> AccessToken { accessToken }
    public func invalidate(_ token: AccessToken) async -> Bool { false }
}
