import Foundation

extension SalesforceAPI {
    /// `POST /services/oauth2/token` (form-encoded): `grant_type=refresh_token` with `client_id`, optional
    /// `client_secret` and `refresh_token`, or `grant_type=client_credentials` with `client_id` and
    /// `client_secret`. `instance_url` is this sandbox's Salesforce base URL.
    func token(_ request: SandboxRequest) async -> SandboxResponse {
        let form = Dictionary(request.formItems().map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        func oauthError(_ error: String, _ description: String) -> SandboxResponse {
            .json(["error": .string(error), "error_description": .string(description)], status: 400)
        }
        guard let grant = form["grant_type"] else {
            return oauthError("unsupported_grant_type", "grant type not supported")
        }
        guard form["client_id"] == SandboxCredentials.salesforceClientID else {
            return oauthError("invalid_client_id", "client identifier invalid")
        }
        switch grant {
        case "refresh_token":
            if let secret = form["client_secret"], secret != SandboxCredentials.salesforceClientSecret {
                return oauthError("invalid_client", "invalid client credentials")
            }
            guard form["refresh_token"] == SandboxCredentials.salesforceRefreshToken else {
                return oauthError("invalid_grant", "expired access/refresh token")
            }
        case "client_credentials":
            guard form["client_secret"] == SandboxCredentials.salesforceClientSecret else {
                return oauthError("invalid_client", "invalid client credentials")
            }
        default:
            return oauthError("unsupported_grant_type", "grant type not supported")
        }
        let issued = await services.store.issueToken(for: .salesforce)
        let host = request.header("host") ?? "127.0.0.1"
        let issuedAt = Int64(services.store.clock.now().timeIntervalSince1970 * 1000)
        return .json([
            "access_token": .string(issued.token),
            "signature": "c2FuZGJveC1zaWduYXR1cmU=",
            "scope": "api refresh_token pardot_api",
            "instance_url": .string("http://\(host)/salesforce"),
            "id": "https://login.salesforce.com/id/00DSANDBOX000000AAA/005Sb0000000001AAA",
            "token_type": "Bearer",
            "issued_at": .string(String(issuedAt)),
        ])
    }
}
