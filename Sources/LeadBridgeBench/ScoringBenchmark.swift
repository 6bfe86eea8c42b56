import Foundation
import GRDB
import LeadBridge
import LeadBridgeSampleData

/// Seeds a temporary database with generated people and activities, then times full scoring passes.
///
/// About 10% of the activity rows are another system's records of the row before (system `bench-crm`, 20 s to 5 min
/// later, same details: ``SampleDataGenerator/syncedCopy(of:rate:kinds:)``), so that scoring's de-duplication works
/// at scale; a person still has `activitiesPerContact` rows.
///
/// Seeding (direct SQL, one transaction per ~50k rows, cached statements) is not measured. Measured: a first
/// `score` pass (every score and a history row per contact written), and a second one with no new data (nothing
/// written), with the store's growth (pages in use, and the score history's own pages where SQLite has `dbstat`).
/// Peak RSS is read from `/proc/self/status` (VmHWM), reset before scoring where the kernel allows it.
///
/// Seeding a million contacts takes minutes: with `LEADBRIDGE_BENCH_SEED_DIR` set to a folder, the seeded database
/// is kept there (one file per size) and copied into the work folder on later runs, so each run still scores a
/// fresh, real database file. The report ends with a digest of the stored scores and transitions, to check that
/// two builds compute identical results.
///
/// - Parameters:
///   - contacts: People to generate.
///   - activitiesPerContact: Activities per person.
///   - directory: Where to create the database (removed afterwards).
///   - audit: Also time `audit` over every scored contact (no window): alone (its rule table runs the engine over
///     them) and with a candidate model whose MQL total is 45 instead of 60, with the peak RSS of each.
/// - Returns: A report, one figure a line.
public func runScoringBenchmark(
    contacts: Int, activitiesPerContact: Int, directory: String, audit: Bool = false
) throws -> String {
    let folder = URL(fileURLWithPath: directory)
        .appendingPathComponent("leadbridge-scoring-bench-\(UUID().uuidString)", isDirectory: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("bench.sqlite").path
    let clock = ContinuousClock()

    let seedStart = clock.now
    let activities: Int
    var seedNote = ""
    if let seedDirectory = ProcessInfo.processInfo.environment["LEADBRIDGE_BENCH_SEED_DIR"], !seedDirectory.isEmpty {
        let seedPath = URL(fileURLWithPath: seedDirectory)
            .appendingPathComponent("scoring-seed-copies-\(contacts)x\(activitiesPerContact).sqlite").path
        if !FileManager.default.fileExists(atPath: seedPath) {
            let seedStore = try LeadStore(path: seedPath + ".partial")
            _ = try seedScoringBenchmark(
                store: seedStore, contacts: contacts, activitiesPerContact: activitiesPerContact)
            try seedStore.close()
            try FileManager.default.moveItem(atPath: seedPath + ".partial", toPath: seedPath)
            seedNote = " (kept in \(seedPath))"
        } else {
            seedNote = " (copied from \(seedPath))"
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: seedPath, toPath: path)
    }
    let store = try LeadStore(path: path)
    if seedNote.isEmpty {
        activities = try seedScoringBenchmark(
            store: store, contacts: contacts, activitiesPerContact: activitiesPerContact)
    } else {
        activities = try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM activities") ?? 0 }
    }
    let seedTime = clock.now - seedStart
    let rssAfterSeed = peakRSSKilobytes()
    let reset = (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil

    let model = ScoringModel.default
    let asOf = Int64(SampleDataGenerator.defaultNow.timeIntervalSince1970)
    let sizeBefore = try storeBytes(store)
    let start = clock.now
    let cpuStart = cpuSeconds()
    let summary = try store.score(model: model, asOf: asOf)
    let firstPass = clock.now - start
    let firstCPU = cpuSeconds() - cpuStart
    let rssAfterScore = peakRSSKilobytes()
    let sizeAfterFirst = try storeBytes(store)
    let againStart = clock.now
    let againCPU = cpuSeconds()
    let again = try store.score(model: model, asOf: asOf)
    let secondPass = clock.now - againStart
    let secondCPU = cpuSeconds() - againCPU
    let sizeAfterSecond = try storeBytes(store)
    let historyBytes = try historyTableBytes(store)
    let countStart = clock.now
    let held = try store.scoreHistoryRowCount()
    let countTime = clock.now - countStart
    let digest = try scoringDigest(store)
    // A nightly run: the same data a day later, where decay moves the engagement of recently active contacts.
    let nightStart = clock.now
    let nightCPU = cpuSeconds()
    let night = try store.score(model: model, asOf: asOf + 86_400)
    let nightPass = clock.now - nightStart
    let nightCPUUsed = cpuSeconds() - nightCPU
    let sizeAfterNight = try storeBytes(store)

    func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
    let wall = seconds(firstPass)
    var lines = [
        "scoring benchmark: \(contacts) contacts × \(activitiesPerContact) activities = \(activities) activities",
        String(format: "seeding (not measured): %.1f s", seconds(seedTime)) + seedNote,
        String(format: "score, first pass: %.2f s wall (%.2f s CPU), %.0f contacts/s, %.0f activities/s, %d scores written",
               wall, firstCPU, Double(summary.contacts) / wall, Double(activities) / wall, summary.changed),
        String(format: "score, no new data: %.2f s wall (%.2f s CPU), %d scores written", seconds(secondPass),
               secondCPU, again.changed),
        "score history: first pass \(summary.historyRows) rows written, no new data \(again.historyRows) rows written; "
            + "the store grew \(megabytes(sizeAfterFirst - sizeBefore)) in the first pass and "
            + "\(sizeAfterSecond - sizeAfterFirst) bytes in the second"
            + (historyBytes.map { bytes in
                "; score_history holds \(megabytes(bytes)) for \(summary.historyRows) rows ("
                    + String(format: "%.0f", Double(bytes) / Double(max(1, summary.historyRows))) + " bytes a row)"
            } ?? "")
            + String(format: "; counting its %d rows (`score`'s \"store now holds\"): %.0f ms", held,
                     seconds(countTime) * 1000),
        String(format: "score a day later (decay only): %.2f s wall (%.2f s CPU), %d scores written, ",
               seconds(nightPass), nightCPUUsed, night.changed)
            + "\(night.historyRows) history rows written, "
            + "the store grew \(megabytes(sizeAfterNight - sizeAfterSecond))",
        "activities read by scoring: \(summary.activities), of which copies from another system counted once: "
            + "\(summary.sameEventCopies); MQLs: \(summary.mqlCount); "
            + "grades: \(summary.byGrade.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))",
    ]
    if reset {
        lines.append("peak RSS during scoring: \(rssAfterScore / 1_024) MB (seeding peak \(rssAfterSeed / 1_024) MB)")
    } else {
        lines.append("peak RSS (whole process, seeding included): \(rssAfterScore / 1_024) MB")
    }
    lines.append("results digest (scores, transitions, before the pass a day later): \(digest)")
    if audit {
        var candidate = model
        candidate.mql.total = 45
        for (name, withCandidate) in [("audit", false), ("audit --model (MQL total 45)", true)] {
            ProcessMemory.resetPeak()
            let auditStart = clock.now
            let auditCPU = cpuSeconds()
            let result = try store.audit(
                model: model, asOf: asOf, candidate: withCandidate ? (candidate, "candidate.yml") : nil)
            let figures = result.whatIf.map {
                "; MQLs \($0.current.separation.mqlCount) → \($0.candidate.separation.mqlCount), "
                    + "\($0.stageChangeCount) stage changes"
            } ?? ""
            lines.append(name + String(
                format: ": %.2f s wall (%.2f s CPU), %d contacts, %d converted", seconds(clock.now - auditStart),
                cpuSeconds() - auditCPU, result.contacts, result.convertedCount)
                + figures + String(format: ", peak RSS %.0f MB", ProcessMemory.peakMiB()))
        }
    }
    return lines.joined(separator: "\n")
}

/// Inserts generated people and their activities with cached statements, ~50k rows per transaction: per person
/// `activitiesPerContact` rows, the generated activities in system `bench` and, after about one in ten of them,
/// its synced copy in system `bench-crm`. Returns the number of activity rows inserted.
func seedScoringBenchmark(store: LeadStore, contacts: Int, activitiesPerContact: Int) throws -> Int {
    let generator = SampleDataGenerator(seed: 42)
    let allKinds = Set(SampleActivity.Kind.allCases)
    let rowsPerTransaction = 50_000
    let peoplePerTransaction = max(1, rowsPerTransaction / max(1, activitiesPerContact + 1))
    var inserted = 0
    var next = 0
    while next < contacts {
        let end = min(contacts, next + peoplePerTransaction)
        try store.writeForTesting { db in
            let contact = try db.cachedStatement(sql: """
                INSERT INTO contacts (id, email, first_name, last_name, title, company, domain, industry, employees,
                    country, city, phone, lead_source, lifecycle_stage, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let activity = try db.cachedStatement(sql: """
                INSERT INTO activities (contact_id, system, external_id, type, occurred_at, url, campaign, asset,
                    content_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)
                """)
            for index in next..<end {
                let person = generator.person(at: index)
                let id = Int64(index + 1)
                try contact.execute(arguments: [
                    id, person.email, person.firstName, person.lastName, person.title, person.company, person.domain,
                    person.industry.lowercased(), person.employees, person.country, person.city, person.phone,
                    person.leadSource, person.inCRM ? person.crmStage.rawValue : nil,
                    Int64(person.createdAt.timeIntervalSince1970), Int64(person.updatedAt.timeIntervalSince1970),
                ])
                var rows = 0
                for item in generator.activities(forPerson: index, count: activitiesPerContact) {
                    let copy = generator.syncedCopy(of: item, rate: 0.11, kinds: allKinds)
                    for (system, record) in [("bench", item), ("bench-crm", copy)] {
                        guard let record, rows < activitiesPerContact else { continue }
                        try activity.execute(arguments: [
                            id, system, String(record.id), record.kind.rawValue,
                            Int64(record.occurredAt.timeIntervalSince1970), record.url, record.campaign, record.asset,
                        ])
                        rows += 1
                    }
                }
                inserted += rows
            }
        }
        next = end
    }
    return inserted
}

/// The bytes of the store's pages in use (page count × page size, the write-ahead log's pages included).
func storeBytes(_ store: LeadStore) throws -> Int {
    try store.read { db in
        let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
        let free = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
        return (pages - free) * (try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
    }
}

/// The bytes of the `score_history` table's pages, from SQLite's `dbstat` table; nil where SQLite lacks it.
func historyTableBytes(_ store: LeadStore) throws -> Int? {
    try? store.read { db in
        try Int.fetchOne(db, sql: "SELECT SUM(pgsize) FROM dbstat WHERE name = 'score_history'")
    }
}

func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }

/// A digest of every stored score and stage transition (their ids excluded), to compare two builds' results.
func scoringDigest(_ store: LeadStore) throws -> String {
    try store.read { db in
        var digest = FNVDigest()
        // The columns the scoring pass writes, by name: the digest stays comparable across schema versions.
        let scores = try Row.fetchCursor(db, sql: """
            SELECT contact_id, fit, engagement, total, grade, stage, model_hash, computed_at, explanation
            FROM scores ORDER BY contact_id
            """)
        while let row = try scores.next() { digest.add(row) }
        let transitions = try Row.fetchCursor(db, sql: """
            SELECT contact_id, from_stage, to_stage, at, reason, fit, engagement, total, model_hash
            FROM stage_transitions ORDER BY contact_id, id
            """)
        while let row = try transitions.next() { digest.add(row) }
        return String(digest.value, radix: 16) + " (\(digest.rows) rows)"
    }
}

/// FNV-1a over rows' values in their textual form.
private struct FNVDigest {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    private(set) var rows = 0

    mutating func add(_ row: Row) {
        rows += 1
        for (_, dbValue) in row {
            for byte in dbValue.description.utf8 {
                value = (value ^ UInt64(byte)) &* 0x100_0000_01b3
            }
            value = (value ^ 0x1f) &* 0x100_0000_01b3
        }
    }
}

/// User + system CPU seconds of the process so far.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// The process's peak resident set size in kB (VmHWM), 0 if unknown.
func peakRSSKilobytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
    return 0
}
