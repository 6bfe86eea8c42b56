/// One export being written: walks the people (and their activities) and appends each record's text.
struct SampleExportFile {
    let output: ExportOutputFile
    let people: Range<Int>
    let generator: SampleDataGenerator
    let activitiesPerPerson: Int

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

    /// Writes `activitiesPerPerson` records per person; returns the number of records.
    func activities(
        prologue: String, epilogue: String = "",
        encode: (SampleActivity, SamplePerson) -> String
    ) throws(SampleExportError) -> Int {
        try output.append(prologue)
        var records = 0
        for index in people where activitiesPerPerson > 0 {
            let person = generator.person(at: index)
            for activity in generator.activities(forPerson: index, count: activitiesPerPerson) {
                try output.append(encode(activity, person))
                records += 1
            }
        }
        try output.append(epilogue)
        return records
    }
}
