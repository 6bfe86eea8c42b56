import Foundation
import LeadBridgeSampleData

/// Every generated activity and every seed lead's New Lead activity in date order, built on first use and kept:
/// Marketo serves activities by date from a paging token, which needs the global order.
///
/// Entries are ordered by (time in ms, sequence number); a sandbox paging token names the last entry served (see
/// ``MarketoPosition``), so that tokens stay valid while edits add entries.
actor MarketoActivityTimeline {
    struct Entry: Sendable {
        var time: Int64
        var seq: Int
    }

    private let dataSet: SandboxDataSet
    private var entries: [Entry]?
    private var newLeads: [Entry]?

    init(dataSet: SandboxDataSet) {
        self.dataSet = dataSet
    }

    /// The seed activities; `seq` is the activity id.
    func timeline() -> [Entry] {
        if let entries { return entries }
        var built: [Entry] = []
        built.reserveCapacity(dataSet.contactCount * dataSet.activitiesPerContact)
        for person in 0..<dataSet.contactCount {
            for activity in dataSet.activities(person) {
                built.append(Entry(time: Self.millis(activity.occurredAt), seq: activity.id))
            }
        }
        built.sort { ($0.time, $0.seq) < ($1.time, $1.seq) }
        entries = built
        return built
    }

    /// The seed leads' New Lead activities (type 12) at their creation; `seq` is ``newLeadBase`` + the lead index.
    func newLeadTimeline() -> [Entry] {
        if let newLeads { return newLeads }
        let base = Self.newLeadBase(dataSet)
        let built = (0..<dataSet.contactCount).map { index in
            Entry(time: Int64((dataSet.baseCreated[index] * 1000).rounded()), seq: base + index)
        }.sorted { ($0.time, $0.seq) < ($1.time, $1.seq) }
        newLeads = built
        return built
    }

    static func newLeadBase(_ dataSet: SandboxDataSet) -> Int { dataSet.contactCount * 1_000 }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// The index of the first entry after `position` in a sorted list.
    static func index(after position: MarketoPosition, in list: [Entry]) -> Int {
        var low = 0
        var high = list.count
        while low < high {
            let mid = (low + high) / 2
            if (list[mid].time, list[mid].seq) <= (position.time, position.seq) { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// Where a sandbox paging token stands: after the entry (time in ms, seq); a token from `pagingtoken.json` stands
/// just before its `sinceDatetime` (seq −1).
struct MarketoPosition: Sendable, Equatable {
    var time: Int64
    var seq: Int

    var token: String { Data("sandbox:\(time):\(seq)".utf8).base64EncodedString() }

    init(time: Int64, seq: Int) {
        self.time = time
        self.seq = seq
    }

    init?(token: String) {
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ":")
        guard parts.count == 3, parts[0] == "sandbox", let time = Int64(parts[1]), let seq = Int(parts[2]) else {
            return nil
        }
        self.time = time
        self.seq = seq
    }
}
