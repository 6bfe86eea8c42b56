import Foundation
import LeadBridgeSampleData

/// Every generated activity in date order, built on first use and kept: Marketo serves activities by date from a
/// paging token, which needs the global order.
actor MarketoActivityTimeline {
    private let dataSet: SandboxDataSet
    private var entries: [(time: Double, id: Int)]?

    init(dataSet: SandboxDataSet) {
        self.dataSet = dataSet
    }

    func timeline() -> [(time: Double, id: Int)] {
        if let entries { return entries }
        var built: [(time: Double, id: Int)] = []
        built.reserveCapacity(dataSet.contactCount * dataSet.activitiesPerContact)
        for person in 0..<dataSet.contactCount {
            for activity in dataSet.activities(person) {
                built.append((activity.occurredAt.timeIntervalSince1970, activity.id))
            }
        }
        built.sort { $0.time != $1.time ? $0.time < $1.time : $0.id < $1.id }
        entries = built
        return built
    }

    /// The position of the first activity at or after `since`.
    func position(since: Date) -> Int {
        let all = timeline()
        var low = 0
        var high = all.count
        let target = since.timeIntervalSince1970
        while low < high {
            let mid = (low + high) / 2
            if all[mid].time < target { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
