import Foundation

/// The seed engagements of each kind, built once on first use (a large data set has millions of activities, and
/// most sandbox runs never ask for engagements): in id order for the list endpoints and in (last modified, id)
/// order for searches.
actor HubSpotEngagementIndex {
    /// One engagement: its id and `hs_lastmodifieddate` in epoch milliseconds.
    struct Entry: Sendable, Equatable {
        var id: Int64
        var modified: Int64
    }

    struct Seed: Sendable {
        var byID: [Entry] = []
        var byModified: [Entry] = []
    }

    let dataSet: SandboxDataSet
    private var built: [HubSpotEngagementView.Kind: Seed]?

    init(dataSet: SandboxDataSet) {
        self.dataSet = dataSet
    }

    func seed(_ kind: HubSpotEngagementView.Kind) -> Seed {
        if let built { return built[kind] ?? Seed() }
        var seeds: [HubSpotEngagementView.Kind: Seed] = [:]
        for person in 0..<dataSet.contactCount {
            for activity in dataSet.activities(person) {
                let entry = Entry(id: Int64(activity.id + 1),
                                  modified: HubSpotSearchFilter.millis(activity.occurredAt.timeIntervalSince1970))
                seeds[HubSpotEngagementView.Kind(activity.kind), default: Seed()].byID.append(entry)
            }
        }
        for (kind, seed) in seeds {
            seeds[kind]?.byModified = seed.byID.sorted { ($0.modified, $0.id) < ($1.modified, $1.id) }
        }
        built = seeds
        return seeds[kind] ?? Seed()
    }
}
