import Foundation
import LeadBridgeSampleData

/// Salesforce records as the API shows them. People in the CRM are Leads, or Contacts once sales took them to
/// opportunity or customer; their activities that sales sees (email clicks, form fills, webinars, demo requests)
/// are Tasks; each person's latest campaign is a CampaignMember. Records are addressed by a number: the person
/// index for Lead, Contact and CampaignMember, the activity id for Task.
struct SalesforceRecordView: Sendable {
    let dataSet: SandboxDataSet
    let leadOverlays: [Int: RecordOverlay]
    let contactOverlays: [Int: RecordOverlay]

    static func stage(_ stage: SampleStage) -> String {
        switch stage {
        case .lead: "Open"
        case .mql: "MQL"
        case .sal: "Sales Accepted"
        case .sql: "Qualified"
        case .opportunity: "Opportunity"
        case .customer: "Customer"
        case .disqualified: "Disqualified"
        case .recycled: "Recycled"
        }
    }

    static func sandboxObject(_ object: String) -> SandboxObject? {
        switch object {
        case "Lead": .salesforceLead
        case "Contact": .salesforceContact
        default: nil
        }
    }

    func overlay(_ object: String, _ number: Int) -> RecordOverlay? {
        switch object {
        case "Lead": leadOverlays[number]
        case "Contact": contactOverlays[number]
        default: nil
        }
    }

    static func id(_ object: String, _ number: Int) -> String {
        SalesforceID.make(prefix: SalesforceSchema.keyPrefixes[object] ?? "000", number: number)
    }

    /// The record number of an id of this object, if the record exists.
    func number(ofID id: String, object: String) -> Int? {
        guard let parsed = SalesforceID.parse(id), parsed.prefix == SalesforceSchema.keyPrefixes[object] else {
            return nil
        }
        let number = parsed.number
        switch object {
        case "Lead", "Contact":
            guard number < dataSet.contactCount else { return nil }
            return Int(dataSet.crmKind[number]) == (object == "Lead" ? 1 : 2) ? number : nil
        case "CampaignMember":
            return number < dataSet.contactCount && dataSet.crmKind[number] != 0 && dataSet.activitiesPerContact > 0
                ? number : nil
        case "Task":
            let person = number / 1_000
            guard person < dataSet.contactCount, dataSet.crmKind[person] != 0,
                  number % 1_000 < dataSet.activitiesPerContact,
                  Self.isTask(dataSet.activities(person)[number % 1_000].kind) else { return nil }
            return number
        default:
            return nil
        }
    }

    /// The numbers of the records of this object whose ids match these on the 15-character form (as SOQL compares
    /// ids), in id order, each once.
    func numbers(ofIDs ids: [String], object: String) -> [Int] {
        var numbers = Set<Int>()
        for id in ids {
            let base = id.prefix(15)
            guard base.count == 15, let number = number(ofID: String(base), object: object),
                  Self.id(object, number).prefix(15) == base else { continue }
            numbers.insert(number)
        }
        return numbers.sorted()
    }

    static func isTask(_ kind: SampleActivity.Kind) -> Bool {
        [.emailClick, .formFill, .webinarAttended, .demoRequest].contains(kind)
    }

    /// Every record number of an object, in id order.
    func allNumbers(_ object: String) -> [Int] {
        switch object {
        case "Lead": return dataSet.leadIndices.map(Int.init)
        case "Contact": return dataSet.contactIndices.map(Int.init)
        case "CampaignMember":
            return dataSet.activitiesPerContact > 0 ? (0..<dataSet.contactCount).filter { dataSet.crmKind[$0] != 0 }
                : []
        case "Task":
            var numbers: [Int] = []
            for person in 0..<dataSet.contactCount where dataSet.crmKind[person] != 0 {
                for activity in dataSet.activities(person) where Self.isTask(activity.kind) {
                    numbers.append(activity.id)
                }
            }
            return numbers
        default: return []
        }
    }

    func modified(_ object: String, _ number: Int) -> Double? {
        switch object {
        case "Lead", "Contact":
            return overlay(object, number)?.modifiedAt.timeIntervalSince1970 ?? dataSet.baseModified[number]
        default: return nil
        }
    }

    /// A Lead's or Contact's `Id` field as `record(_:_:)` shows it, without generating the rest of the record.
    func idField(_ object: String, _ number: Int) -> JSONValue {
        overlay(object, number)?.fields["Id"] ?? .string(Self.id(object, number))
    }

    /// All fields of a record, with vendor value types.
    func record(_ object: String, _ number: Int) -> [String: JSONValue] {
        switch object {
        case "Lead", "Contact": return person(object, number)
        case "Task": return task(number)
        case "CampaignMember": return campaignMember(number)
        default: return [:]
        }
    }

    private func stamp(_ date: Date) -> JSONValue { .string(SandboxTimestamp.salesforce(date)) }

    private func person(_ object: String, _ index: Int) -> [String: JSONValue] {
        let person = dataSet.person(index)
        let modified = Date(timeIntervalSince1970: modified(object, index) ?? dataSet.baseModified[index])
        var record: [String: JSONValue] = [
            "Id": .string(Self.id(object, index)),
            "IsDeleted": false,
            "OwnerId": .string(SalesforceID.make(prefix: "005", number: index % 7 + 1)),
            "CreatedDate": stamp(person.createdAt),
            "LastModifiedDate": stamp(modified),
            "SystemModstamp": stamp(modified),
            "FirstName": .string(person.firstName),
            "LastName": .string(person.lastName),
            "Email": .string(person.emailAsTyped),
            "Title": .string(person.title),
            "Phone": .string(person.phone),
            "LeadSource": .string(person.leadSource),
            "Lifecycle_Stage__c": .string(Self.stage(person.crmStage)),
            "Lead_Score__c": .null,
        ]
        if object == "Lead" {
            record["Company"] = .string(person.company)
            record["Industry"] = .string(person.industry)
            record["NumberOfEmployees"] = .int(person.employees)
            record["Country"] = .string(person.country)
            record["City"] = .string(person.city)
            record["IsConverted"] = false
            let status: String = switch person.crmStage {
            case .lead, .mql: SalesforceSchema.leadStatuses[0]
            case .disqualified, .recycled: SalesforceSchema.leadStatuses[3]
            default: SalesforceSchema.leadStatuses[1]
            }
            record["Status"] = .string(status)
        } else {
            record["AccountId"] = .string(SalesforceID.make(prefix: "001", number: Self.accountNumber(person.company)))
            record["Department"] = .null
            record["MailingCountry"] = .string(person.country)
            record["MailingCity"] = .string(person.city)
        }
        if let overlay = overlay(object, index) {
            record.merge(overlay.fields) { _, new in new }
        }
        record["Name"] = .string([record["FirstName"]?.stringValue, record["LastName"]?.stringValue]
            .compactMap { $0 }.joined(separator: " "))
        return record
    }

    /// A stable account number per company name (FNV-1a), so colleagues share an account.
    static func accountNumber(_ company: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in company.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int(hash % 900_000_000) + 1
    }

    private func whoID(_ person: Int) -> String {
        Self.id(dataSet.crmKind[person] == 2 ? "Contact" : "Lead", person)
    }

    private func task(_ number: Int) -> [String: JSONValue] {
        let person = number / 1_000
        let activity = dataSet.activities(person)[number % 1_000]
        let (subject, type, subtype): (String, String, String) = switch activity.kind {
        case .emailClick: ("Clicked: \(activity.asset ?? "email")", "Email", "Email")
        case .formFill: ("Form: \(activity.asset ?? "form")", "Other", "Task")
        case .webinarAttended: ("Attended webinar: \(activity.asset ?? "")", "Meeting", "Task")
        default: ("Demo request", "Call", "Call")
        }
        return [
            "Id": .string(Self.id("Task", number)),
            "IsDeleted": false,
            "OwnerId": .string(SalesforceID.make(prefix: "005", number: person % 7 + 1)),
            "CreatedDate": stamp(activity.occurredAt),
            "LastModifiedDate": stamp(activity.occurredAt),
            "SystemModstamp": stamp(activity.occurredAt),
            "WhoId": .string(whoID(person)),
            "Subject": .string(subject),
            "Type": .string(type),
            "TaskSubtype": .string(subtype),
            "Status": "Completed",
            "Priority": .string(activity.kind == .demoRequest ? "High" : "Normal"),
            "ActivityDate": .string(SandboxTimestamp.day(activity.occurredAt)),
            "Description": activity.url.map { .string($0) } ?? .null,
        ]
    }

    private func campaignMember(_ person: Int) -> [String: JSONValue] {
        let activities = dataSet.activities(person)
        let latest = activities.last
        let campaigns = ["Q3 Nurture", "Product Launch", "Webinar Series", "Re-engagement", "Customer Newsletter",
                         "Paid Social Retargeting"]
        let campaignNumber = (latest?.campaign).flatMap { campaigns.firstIndex(of: $0) } ?? 0
        let responded = latest.map { [.formFill, .demoRequest, .webinarAttended, .emailClick].contains($0.kind) }
            ?? false
        let when = latest?.occurredAt ?? dataSet.generator.now
        let isContact = dataSet.crmKind[person] == 2
        return [
            "Id": .string(Self.id("CampaignMember", person)),
            "IsDeleted": false,
            "CreatedDate": stamp(when),
            "LastModifiedDate": stamp(when),
            "SystemModstamp": stamp(when),
            "CampaignId": .string(SalesforceID.make(prefix: SalesforceID.campaign, number: campaignNumber + 1)),
            "LeadId": isContact ? .null : .string(Self.id("Lead", person)),
            "ContactId": isContact ? .string(Self.id("Contact", person)) : .null,
            "Status": .string(responded ? "Responded" : "Sent"),
            "HasResponded": .bool(responded),
            "FirstRespondedDate": responded ? .string(SandboxTimestamp.day(when)) : .null,
        ]
    }
}
