import Testing
@testable import LeadBridge

@Suite struct MappingLanguageTests {
    static let mappingText = """
        object: Lead
        key: Id
        modified: { from: SystemModstamp, transform: [date] }
        precedence: 20
        fields:
          email: { from: Email, transform: [trim, lowercase, email], required: true }
          first_name: FirstName
          last_name: { from: LastName, transform: [trim] }
          company: { template: "{Company} ({Country})" }
          employees: { from: NumberOfEmployees, type: int }
          industry: { from: Industry, map: { "Information Technology": software, Banking: fintech }, default: other }
          lifecycle_stage: { from: Status, map: { Open: lead, MQL: mql, "Sales Accepted": sal }, precedence: 30 }
          created_at: { from: CreatedDate, transform: ["date(MM/dd/yyyy)"] }
          extra.score_source: { default: leadbridge }
          extra.revenue: { from: AnnualRevenue, type: int }
        push:
          lead_score: Lead_Score__c
          lifecycle_stage: { to: Lifecycle_Stage__c, map: { mql: MQL }, when_remote_changed: keep }
        """

    static func record(_ fields: [String: String]) -> RawRecord {
        RawRecord(fields: fields, location: RecordLocation(source: "leads.csv", line: 2, index: 1))
    }

    static let complete: [String: String] = [
        "Id": "00Q1", "SystemModstamp": "2026-05-01T10:00:00Z", "Email": " Ada@Example.COM ", "FirstName": "Ada",
        "LastName": " Lovelace ", "Company": "Acme", "Country": "UK", "NumberOfEmployees": "1,200",
        "Industry": "information technology", "Status": "Sales Accepted", "CreatedDate": "04/30/2026",
        "AnnualRevenue": "5000000",
    ]

    @Test func mapsEveryKindOfFieldRule() throws {
        // Given the mapping and a complete record
        let mapping = try FieldMapping.parse(Self.mappingText, path: "Mappings/sf.yml")
        // When it is mapped
        let patch = try mapping.mapContact(Self.record(Self.complete), system: "salesforce").get()
        // Then every rule applied: normalization, template, type, case-insensitive map, stage, date format, extras
        #expect(patch.externalID == "00Q1")
        #expect(patch.modifiedAt == UTCTime.parse("2026-05-01T10:00:00Z"))
        #expect(patch[.email] == .text("ada@example.com"))
        #expect(patch[.firstName] == .text("Ada"))
        #expect(patch[.lastName] == .text("Lovelace"))
        #expect(patch[.company] == .text("Acme (UK)"))
        #expect(patch[.employees] == .int(1_200))
        #expect(patch[.industry] == .text("software"))
        #expect(patch[.lifecycleStage] == .text("sal"))
        #expect(patch[.createdAt] == .date(UTCTime.seconds(year: 2026, month: 4, day: 30)))
        #expect(patch.extra == ["score_source": .text("leadbridge"), "revenue": .int(5_000_000)])
        #expect(patch.precedence[CanonicalField.email.ordinal] == 20)
        #expect(patch.precedence[CanonicalField.lifecycleStage.ordinal] == 30)
        #expect(mapping.push.map(\.remoteField) == ["Lead_Score__c", "Lifecycle_Stage__c"])
        #expect(mapping.push[1].stageOrder == .neverDemote)
    }

    @Test(arguments: [
        (["Email": ""], "mapping.required", "field email"),
        (["Email": "nobody"], "mapping.invalid_value", "is not an email address"),
        (["NumberOfEmployees": "lots"], "mapping.invalid_value", "is not a whole number"),
        (["Status": "Working"], "mapping.invalid_value", "is not in the value map"),
        (["CreatedDate": "2026-04-30"], "mapping.invalid_value", "in the form MM/dd/yyyy"),
        (["Id": ""], "mapping.missing_key", "has no key"),
    ] as [([String: String], String, String)])
    func rejectsBadRecordsWithTheirReason(change: [String: String], code: String, message: String) throws {
        // Given a record with one bad value
        let mapping = try FieldMapping.parse(Self.mappingText, path: "Mappings/sf.yml")
        var fields = Self.complete
        for (key, value) in change {
            if value.isEmpty { fields.removeValue(forKey: key) } else { fields[key] = value }
        }
        // When it is mapped, Then it is rejected with a code and a message naming the problem and the place
        let result = mapping.mapContact(Self.record(fields), system: "salesforce")
        guard case .failure(let rejection) = result else {
            Issue.record("expected a rejection, got \(result)")
            return
        }
        #expect(rejection.code == code)
        #expect(rejection.message.contains(message), "\(rejection.message)")
        #expect(rejection.location.description == "leads.csv:2")
    }

    @Test func anAbsentValueWithoutDefaultStaysAbsent() throws {
        let mapping = try FieldMapping.parse(Self.mappingText, path: "m.yml")
        var fields = Self.complete
        fields["Industry"] = nil
        fields["FirstName"] = nil
        let patch = try mapping.mapContact(Self.record(fields), system: "sf").get()
        #expect(patch[.firstName] == nil)
        #expect(patch[.industry] == .text("other"))
    }

    @Test func activityTypesMapToSkipOrActivity() throws {
        // Given a mapping with an activities section
        let mapping = try FieldMapping.parse("""
            object: prospect
            key: id
            fields: { email: email }
            activities:
              object: visitor_activity
              key: id
              contact: { from: prospect_id, object: prospect }
              type: { from: type, map: { "2": page_view, "6": skip } }
              occurred_at: { from: created_at, transform: [date] }
              url: details
              detail: { campaign_id: campaign.id }
            """, path: "p.yml")
        let view = Self.record([
            "id": "9", "prospect_id": "5001", "type": "2", "created_at": "2026-05-01 10:00:00",
            "details": "https://x.io/pricing", "campaign.id": "77",
        ])
        // When activities are mapped, Then a view becomes a page_view linked by prospect id and a send is skipped
        guard case .activity(let activity) = mapping.mapActivity(view, system: "pardot") else {
            Issue.record("expected an activity")
            return
        }
        #expect(activity.type == "page_view")
        #expect(activity.contact == .externalID(object: "prospect", id: "5001"))
        #expect(activity.occurredAt == UTCTime.seconds(year: 2026, month: 5, day: 1, hour: 10))
        #expect(activity.url == "https://x.io/pricing")
        #expect(activity.detail == ["campaign_id": "77"])
        var sent = view
        sent.fields["type"] = "6"
        #expect(mapping.mapActivity(sent, system: "pardot") == .skipped)
        var unknown = view
        unknown.fields["type"] = "99"
        guard case .rejected(let rejection) = mapping.mapActivity(unknown, system: "pardot") else {
            Issue.record("expected a rejection for an unmapped type")
            return
        }
        #expect(rejection.message.contains("`99` is not in the value map"))
    }
}

@Suite struct CanonicalFieldTests {
    @Test(arguments: Array(CanonicalField.allCases.enumerated()))
    func ordinalIsThePositionInAllCases(position: Int, field: CanonicalField) {
        #expect(field.ordinal == position)
    }
}
