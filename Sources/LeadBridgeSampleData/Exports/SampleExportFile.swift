/// One export being written: walks the people (and their activities) and appends each record's text.
struct SampleExportFile {
    let output: ExportOutputFile
    let people: Range<Int>
    let generator: SampleDataGenerator
    let activitiesPerPerson: Int
    /// When set, activity layouts hold only the synced copies of the activities, at this rate.
    var syncedCopies: Double? = nil

    /// Writes one record per person; returns the number of records.
    func contacts(
        prologue: String = "", epilogue: String = "", separator: String = "",
        encode: (SamplePerson) -> String
    ) throws(SampleExportError) -> Int {
        try output.append(prologue)
        for index in people {
            if index != people.lowerBound, !separator.isEmpty { try output.append(separator) }
            try output.append(encode(generator.person(at: index)))
        }
        try output.append(epilogue)
        return people.count
    }

    /// Writes `activitiesPerPerson` records per person (or their synced copies); returns the number of records.
    func activities(
        prologue: String, epilogue: String = "",
        encode: (SampleActivity, SamplePerson) -> String
    ) throws(SampleExportError) -> Int {
        try output.append(prologue)
        var records = 0
        for index in people where activitiesPerPerson > 0 {
            let person = generator.person(at: index)
            for generated in generator.activities(forPerson: index, count: activitiesPerPerson) {
                let activity: SampleActivity
                if let rate = syncedCopies {
                    guard let copy = generator.syncedCopy(of: generated, rate: rate) else { continue }
                    activity = copy
                } else {
                    activity = generated
                }
                try output.append(encode(activity, person))
                records += 1
            }
        }
        try output.append(epilogue)
        return records
    }
}
