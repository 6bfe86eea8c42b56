import Foundation
import GRDB
import Testing

@testable import LeadBridge

/// A real SQLite file in a unique temporary directory, with helpers to put contacts and activities in it.
struct ScoringTestStore {
    static let asOf: Int64 = 1_793_491_200  // 2026-11-01T00:00:00Z
    static let day: Int64 = 86_400

    let directory: URL
    let store: LeadStore

    /// Runs `body` with a fresh store and removes its directory afterwards, whatever happens.
    static func with<T>(_ body: (ScoringTestStore) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("leadbridge-scoring-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try LeadStore(path: directory.appendingPathComponent("leadbridge.sqlite").path)
        return try body(ScoringTestStore(directory: directory, store: store))
    }

    /// Inserts a contact; values are by canonical column name (text or Int).
    @discardableResult
    func addContact(_ values: [String: (any DatabaseValueConvertible)?], updatedAt: Int64 = asOf - day) throws
        -> Int64
    {
        try store.writeForTesting { db in
            let columns = values.keys.sorted()
            let sql = "INSERT INTO contacts (\(columns.joined(separator: ", ")), updated_at) VALUES ("
                + columns.map { _ in "?, " }.joined() + "?)"
            try db.execute(
                sql: sql, arguments: StatementArguments(columns.map { values[$0]! } + [updatedAt]))
            return db.lastInsertedRowID
        }
    }

    func addActivity(
        contact: Int64, type: String, daysAgo: Double, url: String? = nil, campaign: String? = nil,
        asset: String? = nil
    ) throws {
        try store.writeForTesting { db in
            let external = UUID().uuidString
            try db.execute(
                sql: """
                    INSERT INTO activities (contact_id, system, external_id, type, occurred_at, url, campaign, asset,
                        content_hash)
                    VALUES (?, 'test', ?, ?, ?, ?, ?, ?, 0)
                    """,
                arguments: [contact, external, type, Self.asOf - Int64(daysAgo * Double(Self.day)), url, campaign, asset])
        }
    }

    /// Inserts one system's record of an activity at `at` (seconds since 1970); its external id is unique.
    func addRecord(
        contact: Int64, system: String, type: String, at: Int64, url: String? = nil, campaign: String? = nil,
        asset: String? = nil
    ) throws {
        try store.writeForTesting { db in
            try db.execute(
                sql: """
                    INSERT INTO activities (contact_id, system, external_id, type, occurred_at, url, campaign, asset,
                        content_hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)
                    """,
                arguments: [contact, system, UUID().uuidString, type, at, url, campaign, asset])
        }
    }

    func setCRMStage(_ contact: Int64, _ stage: String?, updatedAt: Int64) throws {
        try store.writeForTesting { db in
            try db.execute(
                sql: "UPDATE contacts SET lifecycle_stage = ?, updated_at = ? WHERE id = ?",
                arguments: [stage, updatedAt, contact])
        }
    }

    /// The stored score row: fit, engagement, total, grade, stage.
    func stored(_ contact: Int64) throws -> StoredRow? {
        try store.read { db in
            try Row.fetchOne(
                db, sql: "SELECT fit, engagement, total, grade, stage, model_hash FROM scores WHERE contact_id = ?",
                arguments: [contact]
            ).map { StoredRow(fit: $0[0], engagement: $0[1], total: $0[2], grade: $0[3], stage: $0[4], hash: $0[5]) }
        }
    }

    /// Every row of `scores`, `stage_transitions` and `score_history` as text, to compare whole tables.
    func dump() throws -> [String] {
        try store.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM scores ORDER BY contact_id").map(\.description)
                + Row.fetchAll(db, sql: "SELECT * FROM stage_transitions ORDER BY id").map(\.description)
                + Row.fetchAll(db, sql: "SELECT * FROM score_history ORDER BY contact_id, as_of, model_hash")
                    .map(\.description)
        }
    }

    struct StoredRow: Equatable {
        var fit: Double
        var engagement: Double
        var total: Double
        var grade: String
        var stage: String
        var hash: String
    }

    /// A model from fit and engagement YAML fragments with the usual MQL rule and grades.
    static func model(
        fit: String = "[]", engagement: String = "rules: []", mql: String = "{ total: 60, min_fit: 20, min_engagement: 10 }",
        lists: String = ""
    ) throws -> ScoringModel {
        try ScoringModel(yaml: """
            \(lists)
            fit: \(fit)
            engagement:
              \(engagement.replacingOccurrences(of: "\n", with: "\n  "))
            mql: \(mql)
            grades: { A: 40, B: 25, C: 10 }
            """)
    }
}
