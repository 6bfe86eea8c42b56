import Foundation
import Testing

@testable import LeadBridge

/// The shipped Salesforce mapping and the shipped scoring model together: what a rep logs is not buyer engagement.
@Suite struct ShippedSalesforceTaskTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Tasks as reps log them in Salesforce: `Type` and `TaskSubtype` (a logged call, an email sent from Salesforce,
    /// a to-do about a call or an email).
    static let repTasks: [(type: String, subtype: String)] = [
        ("Call", "Call"), ("Call", "Task"), ("Email", "Email"), ("Email", "Task"), ("Email", "ListEmail"),
    ]

    @Test("a rep's logged call or email scores no engagement with the shipped mapping and model",
        arguments: repTasks.map { "\($0.type)/\($0.subtype)" })
    func repActivityScoresNothing(_ kind: String) throws {
        // Given the shipped Salesforce mapping and scoring model, and a fit contact (senior title)
        let mapping = try FieldMapping.load(path: Self.root.appendingPathComponent("Mappings/salesforce.yml").path)
        let model = try ScoringModel.load(path: Self.root.appendingPathComponent("config/scoring.yml").path)
        let parts = kind.split(separator: "/").map(String.init)
        let record = RawRecord(
            fields: [
                "Id": "00T000000000001AAA", "WhoId": "00Q000000000001AAA", "Type": parts[0], "TaskSubtype": parts[1],
                "Subject": "Call: follow-up", "CreatedDate": "2026-10-30T10:00:00.000+0000", "Status": "Completed",
            ],
            location: RecordLocation(source: "Task", index: 1))

        // When the Task is mapped and, if it becomes an activity, stored and scored
        let engagement: Double = try ScoringTestStore.with { fixture in
            let id = try fixture.addContact(["email": "vp@acme.com", "title": "VP Marketing", "company": "Acme"])
            switch mapping.mapActivity(record, system: "salesforce") {
            case .activity(let patch):
                try fixture.addActivity(contact: id, type: patch.type, daysAgo: 2, campaign: patch.campaign)
            case .skipped:
                break
            case .rejected(let rejection):
                Issue.record("the Task was rejected: \(rejection.message)")
            }
            _ = try fixture.store.score(model: model, asOf: ScoringTestStore.asOf)
            return try #require(try fixture.stored(id)).engagement
        }

        // Then it adds no engagement points
        #expect(engagement == 0, "a rep's \(kind) Task scored \(engagement) engagement points")
    }

    @Test("a scoring model may still give points to sales activity: the sales_* types are known types")
    func salesTypesAreKnownToTheScoringModel() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sales-types-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let shipped = try String(contentsOf: Self.root.appendingPathComponent("config/scoring.yml"), encoding: .utf8)
        let path = folder.appendingPathComponent("scoring.yml").path
        try shipped.replacingOccurrences(
            of: "  rules:\n", with: "  rules:\n    - { activity: sales_meeting, points: 5 }\n", options: [], range: nil
        ).write(toFile: path, atomically: true, encoding: .utf8)
        let model = try ScoringModel.load(path: path)
        #expect(model.engagement.rules.contains { $0.activity == "sales_meeting" })
    }
}
