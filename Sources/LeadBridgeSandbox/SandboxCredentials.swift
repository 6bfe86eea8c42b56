/// The fixed, public credentials the sandbox accepts. They are demo values, deliberately unlike real tokens.
public enum SandboxCredentials {
    /// HubSpot private-app access token (`Authorization: Bearer …`).
    public static let hubSpotAccessToken = "sandbox-hubspot-private-app-token"
    /// Salesforce connected-app client id (`client_credentials` and `refresh_token` grants).
    public static let salesforceClientID = "sandbox-salesforce-client-id"
    /// Salesforce connected-app client secret.
    public static let salesforceClientSecret = "sandbox-salesforce-client-secret"
    /// Salesforce refresh token for the `refresh_token` grant.
    public static let salesforceRefreshToken = "sandbox-salesforce-refresh-token"
    /// Marketo LaunchPoint client id.
    public static let marketoClientID = "sandbox-marketo-client-id"
    /// Marketo LaunchPoint client secret.
    public static let marketoClientSecret = "sandbox-marketo-client-secret"
    /// Pardot business unit id (`Pardot-Business-Unit-Id` header). Pardot takes a Salesforce access token.
    public static let pardotBusinessUnitID = "0UvSANDBOX000000AA"
}
