/// One record of one collection, by the index of the seed person it stands for (or a new index past the seed data
/// for records created through the API).
struct RecordKey: Hashable, Sendable {
    var object: SandboxObject
    var index: Int
}
