import Foundation
import LeadBridgeSampleData

/// The seed data, held compactly: people and activities are regenerated on demand from `(seed, index)`; only what
/// ordering and filtering need for every record at once (modification time, CRM membership) is precomputed.
struct SandboxDataSet: Sendable {
    let generator: SampleDataGenerator
    let contactCount: Int
    let activitiesPerContact: Int
    /// `person.updatedAt` per person, seconds since 1970.
    let baseModified: [Double]
    /// `person.createdAt` per person, seconds since 1970.
    let baseCreated: [Double]
    /// Salesforce Leads: indices of people in the CRM that sales has not converted.
    let leadIndices: [Int32]
    /// Salesforce Contacts: indices of people in the CRM at opportunity or customer stage.
    let contactIndices: [Int32]
    /// Per person: 0 not in the CRM, 1 Lead, 2 Contact.
    let crmKind: [UInt8]

    init(seed: UInt64, contacts: Int, activitiesPerContact: Int, now: Date) async {
        let generator = SampleDataGenerator(seed: seed, now: now)
        self.generator = generator
        self.contactCount = contacts
        self.activitiesPerContact = min(activitiesPerContact, 999)
        struct Slice: Sendable {
            var start: Int
            var modified: [Double] = []
            var created: [Double] = []
            var kinds: [UInt8] = []
        }
        let sliceCount = max(1, min(8, contacts / 5_000))
        let sliceSize = (contacts + sliceCount - 1) / max(sliceCount, 1)
        let slices = await withTaskGroup(of: Slice.self) { group in
            for slice in 0..<sliceCount {
                let start = slice * sliceSize
                let end = min(contacts, start + sliceSize)
                group.addTask {
                    var result = Slice(start: start)
                    result.modified.reserveCapacity(end - start)
                    for index in start..<max(start, end) {
                        let person = generator.person(at: index)
                        result.modified.append(person.updatedAt.timeIntervalSince1970)
                        result.created.append(person.createdAt.timeIntervalSince1970)
                        result.kinds.append(Self.crmKind(of: person))
                    }
                    return result
                }
            }
            var all: [Slice] = []
            for await slice in group { all.append(slice) }
            return all.sorted { $0.start < $1.start }
        }
        baseModified = slices.flatMap(\.modified)
        baseCreated = slices.flatMap(\.created)
        crmKind = slices.flatMap(\.kinds)
        var leads: [Int32] = []
        var contactsInCRM: [Int32] = []
        for (index, kind) in crmKind.enumerated() {
            if kind == 1 { leads.append(Int32(index)) } else if kind == 2 { contactsInCRM.append(Int32(index)) }
        }
        leadIndices = leads
        contactIndices = contactsInCRM
    }

    static func crmKind(of person: SamplePerson) -> UInt8 {
        guard person.inCRM else { return 0 }
        switch person.crmStage {
        case .opportunity, .customer: return 2
        default: return 1
        }
    }

    func person(_ index: Int) -> SamplePerson { generator.person(at: index) }

    func activities(_ index: Int) -> [SampleActivity] {
        generator.activities(forPerson: index, count: activitiesPerContact)
    }

    /// A lead score derived from the person, stable per seed: what marketing automation computed.
    func leadScore(_ person: SamplePerson) -> Int {
        let seniority = person.title.contains("Chief") || person.title.contains("VP") || person.title.contains("Vice")
            || person.title.contains("Director") || person.title.contains("Head") ? 30 : 5
        return seniority + (person.employees >= 200 ? 20 : 0) + person.index % 37
    }
}
