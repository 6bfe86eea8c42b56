import Foundation
import LeadBridgeSampleData

/// HubSpot contacts as the API shows them: the generated marketing copy of every person, with the overlay of
/// writes on top. Property values are strings, as in the CRM v3 API.
struct HubSpotContactView: Sendable {
    let dataSet: SandboxDataSet
    let overlays: [Int: RecordOverlay]

    /// Contact ids are the person index + 1, as strings.
    static func id(of index: Int) -> String { String(index + 1) }

    static func index(of id: String) -> Int? { Int(id).map { $0 - 1 } }

    /// A live contact: in the data set and not archived.
    func exists(_ index: Int) -> Bool { index >= 0 && index < dataSet.contactCount && !isArchived(index) }

    /// In the recycle bin: reads, searches and lists leave it out; `archived=true` lists only these.
    func isArchived(_ index: Int) -> Bool { overlays[index]?.archivedAt != nil }

    /// The archived contacts, by index.
    var archivedIndices: [Int] { overlays.filter { $0.value.archivedAt != nil }.keys.sorted() }

    var count: Int { dataSet.contactCount }

    func modified(_ index: Int) -> Double {
        overlays[index]?.modifiedAt.timeIntervalSince1970 ?? dataSet.baseModified[index]
    }

    func created(_ index: Int) -> Double { dataSet.baseCreated[index] }

    /// The stage order HubSpot enforces: a contact only moves forward unless the stage is cleared first.
    static let stageOrder = ["subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity",
                             "customer", "evangelist", "other"]

    static func stage(_ stage: SampleStage) -> String {
        switch stage {
        case .lead, .recycled: "lead"
        case .mql: "marketingqualifiedlead"
        case .sal, .sql: "salesqualifiedlead"
        case .opportunity: "opportunity"
        case .customer: "customer"
        case .disqualified: "other"
        }
    }

    static func employeesBucket(_ employees: Int) -> String {
        switch employees {
        case ..<5: "1-5"
        case ..<25: "5-25"
        case ..<50: "25-50"
        case ..<100: "50-100"
        case ..<500: "100-500"
        case ..<1000: "500-1000"
        default: "1000+"
        }
    }

    static func analyticsSource(_ leadSource: String) -> String {
        switch leadSource {
        case "Paid Search": "PAID_SEARCH"
        case "Referral": "REFERRALS"
        case "Website": "ORGANIC_SEARCH"
        case "Webinar", "Content Syndication": "OTHER_CAMPAIGNS"
        default: "OFFLINE"
        }
    }

    /// Every property of the contact, as strings (nil for an empty value).
    func properties(_ index: Int) -> [String: String?] { properties(index, seed: seedProperties(index)) }

    /// Every property of the contact over its `seedProperties(_:)`, when the caller has them already (a batch
    /// update reads each contact before and after writing).
    func properties(_ index: Int, seed: [String: String?]) -> [String: String?] {
        var properties = seed
        properties["lastmodifieddate"] = SandboxTimestamp.hubSpot(Date(timeIntervalSince1970: modified(index)))
        if let overlay = overlays[index] {
            for (name, value) in overlay.fields { properties[name] = value.stringValue }
        }
        return properties
    }

    /// The properties generated for the contact, before any write and without `lastmodifieddate`.
    func seedProperties(_ index: Int) -> [String: String?] {
        let person = dataSet.person(index)
        let stage = person.inCRM ? Self.stage(person.crmStage) : (index % 5 == 0 ? "subscriber" : "lead")
        let stageDates = HubSpotStageDates.seed(
            stage: stage, created: person.createdAt,
            modified: Date(timeIntervalSince1970: dataSet.baseModified[index]))
        return stageDates.merging([
            "hs_object_id": Self.id(of: index),
            "email": person.email,
            "firstname": person.firstName,
            "lastname": person.lastName,
            "jobtitle": person.title,
            "company": person.company,
            "website": person.domain,
            "industry": person.industry,
            "numemployees": Self.employeesBucket(person.employees),
            "country": person.country,
            "city": person.city,
            "phone": person.phone,
            "hs_analytics_source": Self.analyticsSource(person.leadSource),
            "lifecyclestage": stage,
            "hs_lead_status": person.inCRM ? "OPEN" : nil,
            "hubspotscore": String(dataSet.leadScore(person)),
            "createdate": SandboxTimestamp.hubSpot(person.createdAt),
        ]) { _, own in own }
    }

    /// The contact object: `{id, properties, createdAt, updatedAt, archived}` with the requested properties.
    func object(_ index: Int, requested: [String]?, seed: [String: String?]? = nil) -> JSONValue {
        let all = seed.map { properties(index, seed: $0) } ?? properties(index)
        let names = requested ?? HubSpotAPI.defaultProperties
        var selected: [String: JSONValue] = [:]
        for name in names where HubSpotAPI.propertyDefinitions[name] != nil || all[name] != nil {
            if let value = all[name] ?? nil { selected[name] = .string(value) } else { selected[name] = .null }
        }
        var object: [String: JSONValue] = [
            "id": .string(Self.id(of: index)),
            "properties": .object(selected),
            "createdAt": .string(SandboxTimestamp.hubSpot(Date(timeIntervalSince1970: created(index)))),
            "updatedAt": .string(SandboxTimestamp.hubSpot(Date(timeIntervalSince1970: modified(index)))),
            "archived": .bool(isArchived(index)),
        ]
        if let archivedAt = overlays[index]?.archivedAt {
            object["archivedAt"] = .string(SandboxTimestamp.hubSpot(archivedAt))
        }
        return .object(object)
    }
}

extension HubSpotContactView: HubSpotSearchable {
    func isSearchable(_ position: Int) -> Bool { !isArchived(position) }

    func objectID(_ position: Int) -> Int64 { Int64(position + 1) }

    func dateMillis(_ position: Int, property: String) -> Int64? {
        switch property {
        case "lastmodifieddate", "hs_lastmodifieddate": HubSpotSearchFilter.millis(modified(position))
        case "createdate": HubSpotSearchFilter.millis(created(position))
        default: nil
        }
    }
}
