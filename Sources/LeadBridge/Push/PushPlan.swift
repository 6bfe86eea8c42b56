import Foundation

/// What a push will write, as a saved artifact: every per-field change with its base, ours and theirs, the
/// counts per target, the scoring model's hash and a hash of the plan's content.
///
/// `leadbridge plan --out plan.json` writes one, and `leadbridge push --plan plan.json` applies exactly it (after
/// reading each record again: a field changed remotely since becomes a conflict). A plan whose content does not
/// match its hash is refused.
public struct PushPlan: Sendable, Equatable, Codable {
    public static let currentFormat = "leadbridge-plan/1"

    /// Counts of one target.
    public struct TargetSummary: Sendable, Equatable, Codable {
        public var target: String
        /// Live records of the target in the store, and those of them with a score (the candidates).
        public var liveRecords: Int
        public var candidates: Int
        /// Records read from the remote for the plan (the others hold what LeadBridge last wrote or saw).
        public var read: Int
        /// Records with at least one write; of them, those that overwrite a non-empty remote value.
        public var recordsToWrite: Int
        public var recordsReplacingValues: Int
        /// Fields by action.
        public var writes: Int
        public var noChange: Int
        public var conflicts: Int
        public var skipped: Int
        /// Writes per remote field.
        public var writesByField: [String: Int]
        /// People linked to more than one record of the target (each record is written).
        public var peopleWithSeveralRecords: Int

        enum CodingKeys: String, CodingKey {
            case target, candidates, read, writes, skipped, conflicts
            case liveRecords = "live_records"
            case recordsToWrite = "records_to_write"
            case recordsReplacingValues = "records_replacing_values"
            case noChange = "no_change"
            case writesByField = "writes_by_field"
            case peopleWithSeveralRecords = "people_with_several_records"
        }

        public init(target: String, liveRecords: Int) {
            self.target = target
            self.liveRecords = liveRecords
            candidates = 0
            read = 0
            recordsToWrite = 0
            recordsReplacingValues = 0
            writes = 0
            noChange = 0
            conflicts = 0
            skipped = 0
            writesByField = [:]
            peopleWithSeveralRecords = 0
        }

        /// The share of the target's live records whose non-empty values the plan overwrites.
        public var changedShare: Double {
            liveRecords == 0 ? 0 : Double(recordsReplacingValues) / Double(liveRecords)
        }
    }

    public var format: String
    public var id: String
    /// FNV-1a 64 of the planned records, hex.
    public var hash: String
    /// ISO-8601, UTC.
    public var createdAt: String
    /// The scoring model the scores came from (the most common hash among the planned records).
    public var modelHash: String?
    public var backfill: Bool
    public var targets: [TargetSummary]
    /// Records with a write, a conflict or a moving base; records already in sync are only counted.
    public var records: [PlannedRecord]

    enum CodingKeys: String, CodingKey {
        case format, id, hash, backfill, targets, records
        case createdAt = "created_at"
        case modelHash = "model_hash"
    }

    public init(id: String, createdAt: String, modelHash: String?, backfill: Bool, targets: [TargetSummary],
                records: [PlannedRecord]) {
        self.format = Self.currentFormat
        self.id = id
        self.createdAt = createdAt
        self.modelHash = modelHash
        self.backfill = backfill
        self.targets = targets
        self.records = records
        self.hash = Self.contentHash(records)
    }

    /// The hash of the records' planned content.
    public static func contentHash(_ records: [PlannedRecord]) -> String {
        var hash = StableHash()
        for record in records {
            hash.combine(record.target)
            hash.combine(record.object)
            hash.combine(record.externalID)
            for field in record.fields {
                hash.combine(field.field)
                hash.combine(field.action.rawValue)
                hash.combine(field.base ?? "\u{0}")
                hash.combine(field.ours ?? "\u{0}")
                hash.combine(field.theirs ?? "\u{0}")
                hash.combine(field.conditional ? "c" : "u")
            }
        }
        return String(UInt64(bitPattern: hash.value), radix: 16)
    }

    /// The plan as JSON (sorted keys, snake_case).
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads a saved plan and checks its format and hash.
    ///
    /// - Throws: ``PushPlanError`` for a file that is not a plan, of another format, or edited since it was made.
    public static func load(_ data: Data, path: String) throws(PushPlanError) -> PushPlan {
        let decoder = JSONDecoder()
        let plan: PushPlan
        do {
            plan = try decoder.decode(PushPlan.self, from: data)
        } catch {
            throw PushPlanError("\(path) is not a LeadBridge plan (\(error)); make one with `leadbridge plan --out`")
        }
        guard plan.format == currentFormat else {
            throw PushPlanError("\(path) is a `\(plan.format)` plan; this LeadBridge reads `\(currentFormat)`: "
                + "make the plan again with `leadbridge plan --out`")
        }
        let actual = contentHash(plan.records)
        guard actual == plan.hash else {
            throw PushPlanError("\(path) was changed after it was made (its content hash is \(actual), the plan "
                + "says \(plan.hash)); a plan is applied only as reviewed: make it again with `leadbridge plan --out`")
        }
        return plan
    }
}

/// A plan file that cannot be applied.
public struct PushPlanError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
