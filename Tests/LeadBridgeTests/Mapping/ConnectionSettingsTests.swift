import Foundation
import Testing
@testable import LeadBridge

/// Each kind's settings are typed when the config loads; a wrong value or a key the kind lacks is a problem at its
/// line, never a silent default.
@Suite struct ConnectionSettingsTests {
    static func load(_ lines: String, kind: String = "hubspot") throws -> LeadBridgeConfig {
        let directory = TemporaryDirectory()
        let path = directory.path("leadbridge.yml")
        try """
            connections:
              crm:
                kind: \(kind)
                base_url: https://api.example.com
                mapping: crm.yml
            \(lines.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return try LeadBridgeConfig.load(path: path, environment: [:])
    }

    @Test func valuesAreTypedAndDefaultsFillTheRest() throws {
        let hubspot = try Self.load("lookback_minutes: 30\npage_size: 100\napi_budget_per_day: 900\nengagements: notes")
        #expect(try hubspot.connection(named: "crm").settings == .hubspot(HubSpotSettings(
            api: APISettings(budgetPerDay: 900, lookbackMinutes: 30, pageSize: 100), engagements: ["notes"])))
        let web = try Self.load("web_events: e_visited_page, pe1234_demo_booked")
        #expect(try web.connection(named: "crm").settings == .hubspot(HubSpotSettings(
            webEvents: ["e_visited_page", "pe1234_demo_booked"])))
        let noWeb = try Self.load("web_events: none")
        #expect(try noWeb.connection(named: "crm").settings == .hubspot(HubSpotSettings(webEvents: [])))
        #expect(try Self.load("").connection(named: "crm").settings
            == .hubspot(HubSpotSettings(webEvents: ["e_visited_page", "e_submitted_form"])))
        let salesforce = try Self.load("", kind: "salesforce")
        #expect(try salesforce.connection(named: "crm").settings.api == APISettings())
        #expect(try salesforce.connection(named: "crm").settings == .salesforce(SalesforceSettings(bulkThreshold: 10_000)))
        let bulk = try Self.load("bulk_threshold: 50000\npage_size: 500", kind: "salesforce")
        #expect(try bulk.connection(named: "crm").settings == .salesforce(SalesforceSettings(
            api: APISettings(pageSize: 500), bulkThreshold: 50_000)))
        #expect(APISettings(budgetPerRun: 50, budgetPerDay: 100).budget(callsUsedToday: 80) == 20)
        let pardot = try Self.load("business_unit_id: 0Uv000000000001AAA\nlogin_url: https://acme.my.salesforce.com",
                                   kind: "pardot")
        #expect(try pardot.connection(named: "crm").settings == .pardot(PardotSettings(
            businessUnitID: "0Uv000000000001AAA", loginURL: "https://acme.my.salesforce.com")))
        #expect(try Self.load("", kind: "marketo").connection(named: "crm").settings == .marketo(MarketoSettings()))
        let marketo = try Self.load("first_load: bulk\nfirst_load_since: 2024-01-01\nbulk_poll_seconds: 120\n"
            + "calls_per_20_seconds: 50", kind: "marketo")
        #expect(try marketo.connection(named: "crm").settings == .marketo(MarketoSettings(
            firstLoad: .bulk, firstLoadSince: 1_704_067_200, bulkPollSeconds: 120, callsPer20Seconds: 50)))
    }

    @Test("a wrong value is a problem at its line", arguments: [
        ("lookback_minutes: soon", "hubspot", "`soon` must be a whole number of minutes, 0 to 10080"),
        ("lookback_minutes: -5", "salesforce", "whole number of minutes"),
        ("page_size: 500", "hubspot", "`500` must be a whole number of records, 1 to 200"),
        ("page_size: 100", "salesforce", "200 to 2000"),
        ("api_budget_per_run: 0", "hubspot", "whole number of calls, 1 or more"),
        ("engagements: emails, letters", "hubspot", "`letters`"),
        ("web_events: e_visited_page, page views", "hubspot", "`page views` is not an event type name"),
        ("web_events: e_visited_page", "salesforce", "unknown key `web_events`"),
        ("business_unit_id: 12", "pardot", "not a Pardot business unit id"),
        ("login_url: acme", "pardot", "`acme` is not an http(s) URL"),
        ("login_url: https://login.salesforce.com", "salesforce", "unknown key `login_url`"),
        ("bulk_threshold: lots", "salesforce", "`lots` must be a whole number of records, 1 to 150000000"),
        ("bulk_threshold: 0", "salesforce", "`0` must be a whole number of records, 1 to 150000000"),
        ("bulk_threshold: 5000", "hubspot", "unknown key `bulk_threshold`"),
        ("engagements: emails", "salesforce", "unknown key `engagements`"),
        ("token: ${X}", "salesforce", "unknown key `token`"),
        ("lookback_minute: 5", "hubspot", "did you mean `lookback_minutes`"),
        ("first_load: fast", "marketo", "`fast` must be `paged` (REST paging, the default) or `bulk`"),
        ("first_load: bulk", "marketo", "`bulk` needs `first_load_since:`"),
        ("first_load_since: soon", "marketo", "`soon` is not a date; write it as 2024-01-01"),
        ("bulk_poll_seconds: 0", "marketo", "`0` must be a whole number of seconds, 1 to 3600"),
        ("calls_per_20_seconds: 150", "marketo", "`150` must be a whole number of calls, 1 to 100"),
        ("first_load: bulk", "hubspot", "unknown key `first_load`"),
    ])
    func wrongValue(line: String, kind: String, message: String) throws {
        let error = #expect(throws: ConfigurationError.self) { try Self.load(line, kind: kind) }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.message.contains(message), "\(diagnostic)")
        #expect(diagnostic.line == 6)
    }
}
