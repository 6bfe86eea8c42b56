import Foundation
import LeadBridgeSampleData

/// The seed web events of each type, built once on first use (most sandbox runs never ask for them): the
/// generated page views as `e_visited_page` and form fills as `e_submitted_form`, in ascending (occurredAt, index)
/// order, where the index is the generated activity's id.
actor HubSpotWebEventIndex {
    /// One event: `occurredAt` in epoch milliseconds and its index (the activity id; past the seed for created
    /// events).
    struct Entry: Sendable, Equatable, Comparable {
        var occurred: Int64
        var index: Int64

        static func < (lhs: Entry, rhs: Entry) -> Bool { (lhs.occurred, lhs.index) < (rhs.occurred, rhs.index) }
    }

    let dataSet: SandboxDataSet
    private var built: [String: [Entry]]?

    init(dataSet: SandboxDataSet) {
        self.dataSet = dataSet
    }

    /// The seed events of one type, or of every type (`nil`), oldest first.
    func seed(_ eventType: String?) -> [Entry] {
        let seeds = built ?? build()
        guard let eventType else { return seeds[Self.allTypes] ?? [] }
        return seeds[eventType] ?? []
    }

    private static let allTypes = "*"

    private func build() -> [String: [Entry]] {
        var seeds: [String: [Entry]] = [:]
        for person in 0..<dataSet.contactCount {
            for activity in dataSet.activities(person) {
                guard let type = HubSpotWebEventView.eventType(of: activity.kind) else { continue }
                seeds[type, default: []].append(Entry(
                    occurred: HubSpotSearchFilter.millis(activity.occurredAt.timeIntervalSince1970),
                    index: Int64(activity.id)))
            }
        }
        for type in seeds.keys { seeds[type]?.sort() }
        seeds[Self.allTypes] = seeds.values.flatMap { $0 }.sorted()
        built = seeds
        return seeds
    }
}
