import Foundation
import Yams

extension ConnectionSettings {
    /// One plain setting as written: its key, its value (after `${VAR}` expansion) and where it is.
    struct Entry {
        var key: String
        var value: String
        var node: Node
    }

    /// The plain settings a kind accepts (besides `kind`, `mapping` and `base_url`).
    static func settingKeys(_ kind: ConnectionConfig.Kind) -> [String] {
        switch kind {
        case .file: []
        case .hubspot: APISettings.keys + ["engagements", "web_events"]
        case .salesforce: APISettings.keys + ["bulk_threshold"]
        case .marketo:
            APISettings.keys + ["first_load", "first_load_since", "bulk_poll_seconds", "calls_per_20_seconds"]
        case .pardot: APISettings.keys + ["business_unit_id", "login_url"]
        }
    }

    /// The credentials a kind accepts (written as `${ENV_VAR}`).
    static func secretKeys(_ kind: ConnectionConfig.Kind) -> [String] {
        switch kind {
        case .file: []
        case .hubspot: ["token"]
        case .salesforce, .pardot: ["client_id", "client_secret", "refresh_token", "password"]
        case .marketo: ["client_id", "client_secret"]
        }
    }

    /// Reads and checks a kind's settings; each wrong value is one problem of `file`, at its line and column, and
    /// leaves the default in place.
    static func parse(_ kind: ConnectionConfig.Kind, _ entries: [Entry], _ what: String, file: inout YAMLFile)
        -> ConnectionSettings
    {
        var api = APISettings()
        var engagements = HubSpotSettings.defaultEngagements
        var webEvents = HubSpotSettings.defaultWebEvents
        var businessUnitID: String?
        var loginURL: String?
        var bulkThreshold = SalesforceSettings.defaultBulkThreshold
        var marketo = MarketoSettings()
        var firstLoadEntry: Entry?
        let pageSizes: ClosedRange<Int> = switch kind {
        case .hubspot: HubSpotSettings.pageSizes
        case .salesforce: SalesforceSettings.pageSizes
        case .marketo: MarketoSettings.pageSizes
        case .pardot: PardotSettings.pageSizes
        case .file: 1...1
        }
        func number(_ entry: Entry, in range: ClosedRange<Int>, _ unit: String) -> Int? {
            guard let value = Int(entry.value.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                let bound = range.upperBound == Int.max ? "\(range.lowerBound) or more" : "\(range.lowerBound) to "
                    + "\(range.upperBound)"
                file.problem("\(what).\(entry.key): `\(entry.value)` must be a whole number of \(unit), \(bound)",
                             at: entry.node)
                return nil
            }
            return value
        }
        for entry in entries {
            switch entry.key {
            case "api_budget_per_run":
                api.budgetPerRun = number(entry, in: 1...Int.max, "calls")
            case "api_budget_per_day":
                api.budgetPerDay = number(entry, in: 1...Int.max, "calls")
            case "lookback_minutes":
                api.lookbackMinutes = number(entry, in: 0...APISettings.maxLookbackMinutes, "minutes") ?? 5
            case "page_size":
                api.pageSize = number(entry, in: pageSizes, "records")
            case "push_max_change_percent":
                api.pushMaxChangePercent = number(entry, in: 0...100, "percent") ?? 20
            case "bulk_threshold":
                bulkThreshold = number(entry, in: SalesforceSettings.bulkThresholds, "records")
                    ?? SalesforceSettings.defaultBulkThreshold
            case "first_load":
                if let mode = MarketoSettings.FirstLoad(rawValue: entry.value.trimmingCharacters(in: .whitespaces)) {
                    marketo.firstLoad = mode
                    firstLoadEntry = entry
                } else {
                    file.problem("\(what).first_load: `\(entry.value)` must be `paged` (REST paging, the default) or "
                        + "`bulk` (the Bulk Extract API, with first_load_since)", at: entry.node)
                }
            case "first_load_since":
                if entry.value.contains("-"), let seconds = UTCTime.parse(entry.value) {
                    marketo.firstLoadSince = seconds
                } else {
                    file.problem("\(what).first_load_since: `\(entry.value)` is not a date; write it as 2024-01-01 "
                        + "(UTC) or 2024-01-01T00:00:00Z", at: entry.node)
                }
            case "bulk_poll_seconds":
                marketo.bulkPollSeconds = number(entry, in: MarketoSettings.bulkPollRange, "seconds")
                    ?? MarketoSettings.defaultBulkPollSeconds
            case "calls_per_20_seconds":
                marketo.callsPer20Seconds = number(entry, in: MarketoSettings.callsPer20SecondsRange, "calls") ?? 100
            case "engagements":
                let names = entry.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }
                if let unknown = names.first(where: { !HubSpotSettings.knownEngagements.contains($0) }) {
                    file.problem("\(what).engagements: names `\(unknown)`"
                        + "\(Suggestion.didYouMean(unknown, in: HubSpotSettings.knownEngagements)); list some of "
                        + HubSpotSettings.knownEngagements.joined(separator: ", ") + ", separated by commas",
                        at: entry.node)
                } else if names.isEmpty {
                    file.problem("\(what).engagements: list some of "
                        + HubSpotSettings.knownEngagements.joined(separator: ", ") + ", separated by commas",
                        at: entry.node)
                } else {
                    engagements = names
                }
            case "web_events":
                let names = entry.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }
                if names == ["none"] {
                    webEvents = []
                } else if let bad = names.first(where: { !HubSpotSettings.isEventTypeName($0) }) {
                    file.problem("\(what).web_events: `\(bad)` is not an event type name (e_visited_page, "
                        + "e_submitted_form, or a custom event's pe<portal id>_<name>); list them separated by "
                        + "commas, or write `none`", at: entry.node)
                } else if names.isEmpty {
                    file.problem("\(what).web_events: list event types separated by commas (default: "
                        + HubSpotSettings.defaultWebEvents.joined(separator: ", ") + "), or write `none`",
                        at: entry.node)
                } else {
                    webEvents = names
                }
            case "business_unit_id":
                if entry.value.hasPrefix("0Uv"), entry.value.count == 18,
                    entry.value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
                {
                    businessUnitID = entry.value
                } else {
                    file.problem("\(what).business_unit_id: `\(entry.value)` is not a Pardot business unit id (18 "
                        + "characters starting with 0Uv; Salesforce Setup → Pardot Account Setup shows it)",
                        at: entry.node)
                }
            case "login_url":
                if let url = URL(string: entry.value), url.scheme?.hasPrefix("http") == true, url.host != nil {
                    loginURL = entry.value
                } else {
                    file.problem("\(what).login_url: `\(entry.value)` is not an http(s) URL (the Salesforce login or "
                        + "My Domain URL that issues the access token, e.g. https://login.salesforce.com)",
                        at: entry.node)
                }
            default:
                break
            }
        }
        switch kind {
        case .file: return .file
        case .hubspot: return .hubspot(HubSpotSettings(api: api, engagements: engagements, webEvents: webEvents))
        case .salesforce: return .salesforce(SalesforceSettings(api: api, bulkThreshold: bulkThreshold))
        case .marketo:
            if marketo.firstLoad == .bulk, marketo.firstLoadSince == nil, let entry = firstLoadEntry {
                file.problem("\(what).first_load: `bulk` needs `first_load_since:` (e.g. 2024-01-01): the extract "
                    + "makes one export job per 31 days from that date", at: entry.node)
            }
            marketo.api = api
            return .marketo(marketo)
        case .pardot: return .pardot(PardotSettings(api: api, businessUnitID: businessUnitID, loginURL: loginURL))
        }
    }
}
