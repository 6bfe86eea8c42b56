import LeadBridge

/// How LeadBridge obtains Salesforce access tokens from the connected app.
public enum SalesforceGrant: Sendable {
    /// OAuth 2.0 refresh-token flow (a user authorized the app once).
    case refreshToken(clientID: Secret, clientSecret: Secret?, refreshToken: Secret)
    /// OAuth 2.0 client-credentials flow (the app runs as its integration user).
    case clientCredentials(clientID: Secret, clientSecret: Secret)

    /// The form of the token request; secrets revealed only here.
    var form: [(String, String)] {
        switch self {
        case .refreshToken(let clientID, let clientSecret, let refreshToken):
            var form = [("grant_type", "refresh_token"), ("client_id", clientID.reveal()),
                        ("refresh_token", refreshToken.reveal())]
            if let clientSecret { form.append(("client_secret", clientSecret.reveal())) }
            return form
        case .clientCredentials(let clientID, let clientSecret):
            return [("grant_type", "client_credentials"), ("client_id", clientID.reveal()),
                    ("client_secret", clientSecret.reveal())]
        }
    }
}
