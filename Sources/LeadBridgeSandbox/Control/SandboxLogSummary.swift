/// The write log folded per record, for `GET /__sandbox/log?summary=true`: how many writes changed each record,
/// the last of them, and per field how many times it was set and its last value. A push's "every change applied
/// once" check reads this instead of hundreds of thousands of bodies.
struct SandboxLogSummary {
    private struct Tally {
        var key: String
        var writes = 0
        var lastSequence = 0
        var fields: [(name: String, count: Int, value: String?)] = []
    }

    private var positions: [String: Int] = [:]
    private var tallies: [Tally] = []
    private(set) var entries = 0

    mutating func add<Entries: Sequence<SandboxWriteLogEntry>>(_ log: Entries) {
        for entry in log {
            entries += 1
            for change in entry.changes {
                let key = change.object + "/" + change.id
                let position = positions[key] ?? {
                    tallies.append(Tally(key: key))
                    positions[key] = tallies.count - 1
                    return tallies.count - 1
                }()
                tallies[position].writes += 1
                tallies[position].lastSequence = entry.sequence
                for (name, value) in change.fields {
                    if let field = tallies[position].fields.firstIndex(where: { $0.name == name }) {
                        tallies[position].fields[field].count += 1
                        tallies[position].fields[field].value = value
                    } else {
                        tallies[position].fields.append((name, 1, value))
                    }
                }
            }
        }
    }

    /// `{"entries", "lastSequence", "records": {"<object>/<id>": {"writes", "lastSequence", "fields": {name: n},
    /// "values": {name: last value}}}, "calls"}`, records in the order of their first change, fields by name.
    func json(lastSequence: Int, calls: [String: Int]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + tallies.count * 120)
        out.append(contentsOf: "{\"entries\":\(entries),\"lastSequence\":\(lastSequence),\"records\":{".utf8)
        for (position, tally) in tallies.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.writeString(tally.key, into: &out)
            out.append(contentsOf: ":{\"writes\":\(tally.writes),\"lastSequence\":\(tally.lastSequence),\"fields\":{"
                .utf8)
            let fields = tally.fields.sorted { $0.name < $1.name }
            for (index, field) in fields.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeString(field.name, into: &out)
                out.append(contentsOf: ":\(field.count)".utf8)
            }
            out.append(contentsOf: "},\"values\":{".utf8)
            for (index, field) in fields.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeString(field.name, into: &out)
                out.append(UInt8(ascii: ":"))
                if let value = field.value { JSONValue.writeString(value, into: &out) } else {
                    out.append(contentsOf: "null".utf8)
                }
            }
            out.append(contentsOf: "}}".utf8)
        }
        out.append(contentsOf: "},\"calls\":".utf8)
        JSONValue.object(calls.mapValues { .int($0) }).write(into: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
