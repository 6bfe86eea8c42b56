import Foundation
import Testing

@testable import LeadBridge

/// A CRM stage's transition is timed by the CRM: its own stage date where the mapping reads one, else the remote
/// modified time of the first record version that carried the stage; never by when the store last wrote the contact.
@Suite struct ScoringStageTimeTests {
    static let mapping = """
        object: contacts
        key: id
        modified: { from: lastmodifieddate, transform: [date] }
        fields:
          email: { from: email, transform: [trim, lowercase, email], required: true }
          title: jobtitle
          company: company
          phone: phone
          lifecycle_stage:
            from: lifecyclestage
            map: { lead: lead, marketingqualifiedlead: mql, salesacceptedlead: sal, salesqualifiedlead: sql }
          extra.stage_date.sql: hs_lifecyclestage_salesqualifiedlead_date
        """

    static let hour: Int64 = 3_600

    /// Applies one version of the CRM record, as a pull does, at local time `now`.
    static func pull(_ store: LeadStore, _ fields: [String: String], modified: Int64, now: Int64) throws {
        let mapping = try FieldMapping.parse(mapping, path: "Mappings/crm.yml")
        var record = [
            "id": "101", "email": "vp@acme.com", "jobtitle": "VP Sales", "company": "Acme",
            "lastmodifieddate": UTCTime.iso8601(modified),
        ]
        record.merge(fields) { _, new in new }
        let patch = try mapping.mapContact(
            RawRecord(fields: record, location: RecordLocation(source: "crm", index: 1)), system: "crm").get()
        _ = try store.apply(contacts: [patch], runID: nil, now: now)
    }

    static func model() throws -> ScoringModel {
        try ScoringTestStore.model(
            fit: #"[ { field: title, matches: "(?i)vp", points: 30 } ]"#,
            engagement: "rules: [ { activity: demo_request, points: 40 } ]")
    }

    @Test("a phone edit after a 12 h acceptance still measures 12 h")
    func phoneEditAfterAcceptance() throws {
        try ScoringTestStore.with { fixture in
            let m = ScoringTestStore.asOf
            let store = fixture.store
            // Given a lead pulled two days before, with a demo request (fit 30 + engagement 40): an MQL at m
            try Self.pull(store, ["lifecyclestage": "lead"], modified: m - 48 * Self.hour, now: m - 47 * Self.hour)
            let id = try #require(try store.contact(email: "vp@acme.com")).id
            try fixture.addActivity(contact: id, type: "demo_request", daysAgo: 1)
            _ = try store.score(model: try Self.model(), asOf: m)
            // When sales accepts it 12 h later, and a rep edits the phone three days later (both pulled soon after)
            try Self.pull(store, ["lifecyclestage": "salesacceptedlead"], modified: m + 12 * Self.hour,
                          now: m + 12 * Self.hour + 300)
            try Self.pull(store, ["lifecyclestage": "salesacceptedlead", "phone": "+1 555 0100"],
                          modified: m + 72 * Self.hour, now: m + 72 * Self.hour + 300)
            _ = try store.score(model: try Self.model(), asOf: m + 96 * Self.hour)

            // Then the handoff took 12 h (within a 24 h SLA), timed by the record version that carried sal
            let audit = try store.audit(model: try Self.model(), asOf: m + 96 * Self.hour, slaHours: 24)
            #expect(audit.handoff.count == 1 && audit.handoff.withinSLA == 1, "\(audit.handoff)")
            #expect(audit.handoff.medianHours == 12)
            #expect(audit.handoff.acceptedAtSources == ["record_modified": 1])
            let transitions = try store.stageTransitions(contactID: id)
            #expect(transitions.map(\.to) == [.mql, .sal])
            #expect(transitions.map(\.at) == [m, m + 12 * Self.hour])
            #expect(transitions.map(\.atSource) == [.scoring, .recordModified])
        }
    }

    @Test("a backfilled history uses the CRM's stage dates")
    func backfillUsesStageDates() throws {
        try ScoringTestStore.with { fixture in
            let m = ScoringTestStore.asOf
            let store = fixture.store
            // Given a contact pulled today (m + 10 days) already at sql, which the CRM dates m + 30 h, with a demo
            // request the day before m
            try Self.pull(store, [
                "lifecyclestage": "salesqualifiedlead",
                "hs_lifecyclestage_salesqualifiedlead_date": "2026-11-02T06:00:00Z",
            ], modified: m + 120 * Self.hour, now: m + 240 * Self.hour)
            let id = try #require(try store.contact(email: "vp@acme.com")).id
            try fixture.addActivity(contact: id, type: "demo_request", daysAgo: 1)

            // When the scoring history is backfilled day by day from m
            for day in 0..<4 {
                _ = try store.score(model: try Self.model(), asOf: m + Int64(day) * ScoringTestStore.day)
            }

            // Then it was an MQL at m (not yet sql), and sql at the CRM's date: a 30 h handoff, a breach of 24 h
            let transitions = try store.stageTransitions(contactID: id)
            #expect(transitions.map(\.to) == [.mql, .sql])
            #expect(transitions.map(\.at) == [m, m + 30 * Self.hour])
            #expect(transitions.map(\.atSource) == [.scoring, .crmStageDate])
            let audit = try store.audit(model: try Self.model(), asOf: m + 3 * ScoringTestStore.day, slaHours: 24)
            #expect(audit.handoff.count == 1 && audit.handoff.breachCount == 1)
            #expect(audit.handoff.breaches.first?.hours == 30)
            #expect(audit.handoff.breaches.first?.acceptedAtSource == "crm_stage_date")
            #expect(audit.handoff.acceptedAtSources == ["crm_stage_date": 1])
            #expect(ScoringAuditHTML.render(audit).contains("CRM stage date"))
        }
    }

    @Test("a stage date for an unknown stage is refused at its line")
    func unknownStageDate() throws {
        #expect {
            _ = try FieldMapping.parse("""
                object: contacts
                key: id
                fields:
                  email: email
                  extra.stage_date.sqll: hs_lifecyclestage_salesqualifiedlead_date
                """, path: "Mappings/crm.yml")
        } throws: { error in
            "\(error)".contains("Mappings/crm.yml:5:3: fields.extra.stage_date.sqll: `sqll` is not a stage")
        }
    }
}
