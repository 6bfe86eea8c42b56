/// A loaded and checked mapping file (`Mappings/<connection>.yml`): how one source's records become canonical
/// contacts and activities, and which canonical values may be pushed back.
///
/// ```swift
/// let mapping = try FieldMapping.load(path: "Mappings/pardot-prospects.yml")
/// switch mapping.mapContact(record, system: "pardot") {
/// case .success(let patch): …
/// case .failure(let rejection): …
/// }
/// ```
public struct FieldMapping: Sendable, Equatable {
    /// The file it was loaded from, as shown in messages.
    public var path: String
    /// The remote object, e.g. `Lead`, `prospect`. For XML exports, also the record element unless `xml_record`.
    public var object: String
    public var key: ValueRule
    public var modified: ValueRule?
    public var fields: [ContactFieldRule]
    /// The `activities:` section, or its first block when it lists several.
    public var activities: ActivityMapping?
    /// The further blocks of an `activities:` list, one per remote activity object (HubSpot's engagements and its
    /// web analytics events): a source's activity streams read the block whose `object` they name.
    public var additionalActivities: [ActivityMapping] = []
    public var push: [PushFieldRule]
    /// Default precedence of this source's fields.
    public var precedence: Int
    /// Reading hints for export files.
    public var xmlRecordElement: String?
    public var csvDelimiter: UInt8?
    /// Where each value rule's `map:` key is written, by the rule's ``ValueRule/position``: `Mappings/x.yml:40:5`.
    public var valueMapPositions: [String: String] = [:]

    /// Every source field the contact part reads, with where the mapping names it.
    public var contactSourceFields: [(field: String, position: String)] {
        ([key] + [modified].compactMap { $0 } + fields.map(\.rule)).flatMap { rule in
            rule.sourceFields.map { ($0, rule.position) }
        }
    }

    /// Every source field the activity part reads (of its first block: ``activities(for:)`` and
    /// ``readingActivities(of:)`` pick another).
    public var activitySourceFields: [(field: String, position: String)] { activities?.sourceFields ?? [] }

    /// Every activity block, in file order.
    public var allActivities: [ActivityMapping] { (activities.map { [$0] } ?? []) + additionalActivities }

    /// The activity block for a remote activity object, if the mapping has one.
    public func activities(for object: String) -> ActivityMapping? {
        allActivities.first { $0.object == object }
    }

    /// The same mapping with the activity block for `object` as its `activities:` (and no other block): what a
    /// stream of that object's records is mapped with. Unchanged when no block names `object`.
    public func readingActivities(of object: String) -> FieldMapping {
        guard let block = activities(for: object) else { return self }
        var copy = self
        copy.activities = block
        copy.additionalActivities = []
        return copy
    }

    public static func == (lhs: FieldMapping, rhs: FieldMapping) -> Bool {
        lhs.path == rhs.path && lhs.object == rhs.object && lhs.key == rhs.key && lhs.modified == rhs.modified
            && lhs.fields == rhs.fields && lhs.activities == rhs.activities
            && lhs.additionalActivities == rhs.additionalActivities && lhs.push == rhs.push
            && lhs.precedence == rhs.precedence
    }
}
