import Foundation

/// A contact's score trajectory: each change of its score, oldest as-of time first, with what changed.
///
/// Read from the `score_history` table by ``LeadStore/scoreHistory(contact:)``; `explain --history` renders it.
public struct ScoreHistory: Sendable, Equatable, Codable {
    public var contactID: Int64
    public var email: String?
    public var name: String?
    /// Oldest as-of time first; empty when the contact was never scored since the store has a history.
    public var steps: [Step]

    /// A history row and what changed from the row before it.
    public struct Step: Sendable, Equatable, Codable {
        public var entry: ScoreHistoryEntry
        /// Empty for the first row.
        public var changes: [Change]

        public init(entry: ScoreHistoryEntry, changes: [Change]) {
            self.entry = entry
            self.changes = changes
        }

        // In JSON the row's fields and `changes` sit side by side.
        private enum CodingKeys: String, CodingKey { case changes }

        public init(from decoder: any Decoder) throws {
            entry = try ScoreHistoryEntry(from: decoder)
            changes = try decoder.container(keyedBy: CodingKeys.self).decode([Change].self, forKey: .changes)
        }

        public func encode(to encoder: any Encoder) throws {
            try entry.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(changes, forKey: .changes)
        }
    }

    /// One value that differs from the previous row: `stage` lead → mql, `total` 42.5 → 70, `model` …
    public struct Change: Sendable, Equatable, Codable {
        /// `stage`, `grade`, `total`, `fit`, `engagement` or `model`.
        public var field: String
        public var from: String
        public var to: String

        public init(field: String, from: String, to: String) {
            self.field = field
            self.from = from
            self.to = to
        }
    }

    /// The trajectory of `entries` (oldest first), each compared with the one before it.
    public init(contactID: Int64, email: String?, name: String?, entries: [ScoreHistoryEntry]) {
        self.contactID = contactID
        self.email = email
        self.name = name
        steps = entries.indices.map { index in
            Step(entry: entries[index], changes: index == 0 ? [] : Self.changes(entries[index - 1], entries[index]))
        }
    }

    /// What differs between two rows, most telling first: stage, grade, total, fit, engagement, model.
    static func changes(_ old: ScoreHistoryEntry, _ new: ScoreHistoryEntry) -> [Change] {
        var changes: [Change] = []
        func text(_ field: String, _ from: String, _ to: String) {
            if from != to { changes.append(Change(field: field, from: from, to: to)) }
        }
        func number(_ field: String, _ from: Double, _ to: Double) {
            if from != to { changes.append(Change(field: field, from: Self.number(from), to: Self.number(to))) }
        }
        text("stage", old.stage, new.stage)
        text("grade", old.grade, new.grade)
        number("total", old.total, new.total)
        number("fit", old.fit, new.fit)
        number("engagement", old.engagement, new.engagement)
        text("model", old.modelHash, new.modelHash)
        return changes
    }

    /// A score as `explain` prints it: whole numbers without decimals, others with two.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.2f", value)
    }
}
