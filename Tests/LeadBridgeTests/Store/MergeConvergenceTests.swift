import GRDB
import Testing
@testable import LeadBridge

/// The merge of one person from several systems depends only on what the systems sent, never on the order in
/// which their records arrived, and a record pulled again moves only the fields that changed in it.
@Suite struct MergeConvergenceTests {
    static let now: Int64 = 1_790_000_000
    static let email = "ada@example.com"
    static let fields: [CanonicalField] = [.firstName, .title, .industry, .employees, .leadSource, .city]

    /// One version of one source's record: the fields it sends (absent ones say nothing) at a modified time.
    struct Version: Sendable {
        var system: String
        var modifiedAt: Int64?
        var values: [CanonicalField: FieldValue]
        var extra: [String: FieldValue] = [:]
        var precedence = 10

        var patch: ContactPatch {
            var patch = ContactPatch(
                system: system, object: "Contact", externalID: "\(system)-1", modifiedAt: modifiedAt,
                location: RecordLocation(source: system, index: 1))
            patch[.email] = .text(MergeConvergenceTests.email)
            patch.precedence[CanonicalField.email.ordinal] = precedence
            for (field, value) in values {
                patch[field] = value
                patch.precedence[field.ordinal] = precedence
            }
            patch.extra = extra
            return patch
        }
    }

    static func apply(_ versions: [Version], to store: LeadStore) throws {
        for version in versions { _ = try store.apply(contacts: [version.patch], runID: nil, now: now) }
    }

    /// What the store says about the person: every canonical value, the custom fields and each field's rank.
    static func content(_ store: LeadStore) throws -> String {
        let contact = try #require(try store.contact(email: email))
        let values = contact.values.map { $0?.text ?? "-" }.joined(separator: "|")
        let extra = contact.extra.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.text)" }
        return values + " " + extra.joined(separator: ",") + " "
            + FieldRanksText.text(contact)
    }

    @Test func pullOrderDoesNotMatterAndAnEditMovesOnlyItsField() throws {
        // Given HubSpot and Salesforce disagree on industry, employees and lead source (equal precedence);
        // Salesforce's record changed last
        let hubSpot = Version(system: "hubspot", modifiedAt: Self.now - 200, values: [
            .firstName: .text("Ada"), .title: .text("CTO"), .industry: .text("other"), .employees: .int(15),
            .leadSource: .text("PAID_SEARCH"),
        ])
        let salesforce = Version(system: "salesforce", modifiedAt: Self.now - 100, values: [
            .firstName: .text("Ada"), .title: .text("CTO"), .industry: .text("software"), .employees: .int(24),
            .leadSource: .text("Partner Referral"),
        ])
        // When one store pulls HubSpot then Salesforce and another Salesforce then HubSpot
        let directory = TemporaryDirectory()
        let first = try LeadStore(path: directory.path("first.sqlite"))
        let second = try LeadStore(path: directory.path("second.sqlite"))
        try Self.apply([hubSpot, salesforce], to: first)
        try Self.apply([salesforce, hubSpot], to: second)
        // Then both hold the same content: the more recent change of each field
        #expect(try Self.content(first) == Self.content(second))
        let merged = try #require(try first.contact(email: Self.email))
        #expect(merged[.industry] == .text("software"))
        #expect(merged[.employees] == .int(24))
        #expect(merged[.leadSource] == .text("Partner Referral"))
        // When a rep edits only the job title in HubSpot and both stores pull HubSpot again
        var edited = hubSpot
        edited.modifiedAt = Self.now
        edited.values[.title] = .text("Chief Technology Officer")
        try Self.apply([edited], to: first)
        try Self.apply([edited], to: second)
        // Then only the title moved, in both stores alike
        let after = try #require(try first.contact(email: Self.email))
        #expect(after[.title] == .text("Chief Technology Officer"))
        for field in CanonicalField.allCases where field != .title { #expect(after[field] == merged[field]) }
        #expect(try Self.content(first) == Self.content(second))
    }

    @Test func theNewerDuplicateOfAnExportWinsWhateverItsPlaceInTheFile() throws {
        // Given one export holding two versions of the same record
        let older = Version(system: "csv", modifiedAt: Self.now - 500, values: [.title: .text("Engineer")])
        let newer = Version(system: "csv", modifiedAt: Self.now - 100, values: [.title: .text("VP Engineering")])
        let directory = TemporaryDirectory()
        for (name, order) in [("a", [older, newer]), ("b", [newer, older])] {
            let store = try LeadStore(path: directory.path("\(name).sqlite"))
            // When the file lists them in either order (one batch, or two)
            _ = try store.apply(contacts: order.map(\.patch), runID: nil, now: Self.now)
            let split = try LeadStore(path: directory.path("\(name)-split.sqlite"))
            try Self.apply(order, to: split)
            // Then the newer one's values are stored, and so is its modified time
            #expect(try store.contact(email: Self.email)?[.title] == .text("VP Engineering"))
            #expect(try split.contact(email: Self.email)?[.title] == .text("VP Engineering"))
            let modified = try split.read { db in
                try Int64.fetchOne(db, sql: "SELECT remote_modified_at FROM source_links")
            }
            #expect(modified == Self.now - 100)
        }
    }

    @Test func aDefaultFillsOnlyFieldsNoSourceHasAValueFor() throws {
        let directory = TemporaryDirectory()
        let store = try LeadStore(path: directory.path("store.sqlite"))
        // Given a contact whose industry a source set
        try Self.apply([Version(system: "crm", modifiedAt: Self.now - 300, values: [.industry: .text("software")])],
            to: store)
        // When another source's record has no industry and its mapping's default says `other`
        var fallback = Version(system: "csv", modifiedAt: Self.now, values: [:]).patch
        fallback[.industry] = .text("other")
        fallback.precedence[CanonicalField.industry.ordinal] = 0
        _ = try store.apply(contacts: [fallback], runID: nil, now: Self.now)
        // Then the source's value stays
        #expect(try store.contact(email: Self.email)?[.industry] == .text("software"))
        // And for a person no source gave an industry, the default fills it, until a source has a value
        var onlyDefault = fallback
        onlyDefault.externalID = "csv-2"
        onlyDefault[.email] = .text("grace@example.com")
        _ = try store.apply(contacts: [onlyDefault], runID: nil, now: Self.now)
        #expect(try store.contact(email: "grace@example.com")?[.industry] == .text("other"))
        var real = Version(system: "crm", modifiedAt: Self.now - 900, values: [.industry: .text("fintech")]).patch
        real.externalID = "crm-2"
        real[.email] = .text("grace@example.com")
        _ = try store.apply(contacts: [real], runID: nil, now: Self.now)
        #expect(try store.contact(email: "grace@example.com")?[.industry] == .text("fintech"))
    }

    @Test func aHigherPrecedenceKeepsItsFieldAgainstNewerChanges() throws {
        let directory = TemporaryDirectory()
        let store = try LeadStore(path: directory.path("store.sqlite"))
        // Given Salesforce owns the stage (precedence 20) and marketing automation changes it later (10)
        var crm = Version(system: "salesforce", modifiedAt: Self.now - 900, values: [.lifecycleStage: .text("sql")])
        crm.precedence = 20
        let marketing = Version(system: "marketo", modifiedAt: Self.now, values: [
            .lifecycleStage: .text("mql"), .title: .text("CTO"),
        ])
        try Self.apply([crm, marketing], to: store)
        // Then the stage stays Salesforce's while the title comes from Marketo
        let contact = try #require(try store.contact(email: Self.email))
        #expect(contact[.lifecycleStage] == .text("sql"))
        #expect(contact[.title] == .text("CTO"))
    }

    /// A small deterministic generator (SplitMix64), so that a failing case can be replayed from its seed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var bits = state
            bits = (bits ^ (bits >> 30)) &* 0xBF58_476D_1CE4_E5B9
            bits = (bits ^ (bits >> 27)) &* 0x94D0_49BB_1331_11EB
            return bits ^ (bits >> 31)
        }
    }

    /// Two sources edit random fields of one person over time; each source's versions are pulled in its own order
    /// (a source can only ever be read at its latest version), sometimes twice (an overlap window), and sometimes an
    /// older version comes again after a newer one (a duplicate in an export). Whatever the interleaving, the store
    /// ends with the same content.
    @Test(arguments: 0..<40)
    func randomEditsThroughTwoSourcesInRandomOrderEndTheSame(seed: Int) throws {
        var random = SplitMix(state: UInt64(seed) &* 0x2545_F491_4F6C_DD1D &+ 1)
        let words = ["alpha", "beta", "gamma", "", "delta"]
        // Given a history of edits: each source's versions at increasing times, the two sources' sometimes at the
        // same second
        var histories: [[Version]] = [[], []]
        var lastTime: [Int64] = [.min, .min]
        var current: [[CanonicalField: FieldValue]] = [[:], [:]]
        var currentExtra: [[String: FieldValue]] = [[:], [:]]
        var time = Self.now - 10_000
        for _ in 0..<12 {
            let source = Int.random(in: 0...1, using: &random)
            time += Int64.random(in: 0...3, using: &random)
            time = max(time, lastTime[source] + 1)
            lastTime[source] = time
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let field = Self.fields.randomElement(using: &random)!
                let word = words.randomElement(using: &random)!
                if word.isEmpty {
                    current[source][field] = nil
                } else if field == .employees {
                    current[source][field] = .int(Int64(word.count * 10))
                } else {
                    current[source][field] = .text(word)
                }
            }
            if Bool.random(using: &random) {
                currentExtra[source]["region"] = .text(words.randomElement(using: &random)! + "-r")
            }
            histories[source].append(Version(
                system: source == 0 ? "hubspot" : "salesforce", modifiedAt: time, values: current[source],
                extra: currentExtra[source]))
        }
        // When the versions are applied in several random interleavings
        var contents: Set<String> = []
        let directory = TemporaryDirectory()
        for round in 0..<4 {
            var next = [0, 0]
            var schedule: [Version] = []
            while next[0] < histories[0].count || next[1] < histories[1].count {
                let source = next[0] == histories[0].count ? 1
                    : next[1] == histories[1].count ? 0 : Int.random(in: 0...1, using: &random)
                let version = histories[source][next[source]]
                schedule.append(version)
                if Int.random(in: 0..<5, using: &random) == 0 { schedule.append(version) }
                if next[source] > 0, Int.random(in: 0..<6, using: &random) == 0 {
                    schedule.append(histories[source][Int.random(in: 0..<next[source], using: &random)])
                }
                next[source] += 1
            }
            let store = try LeadStore(path: directory.path("round-\(round).sqlite"))
            if round % 2 == 0 {
                try Self.apply(schedule, to: store)
            } else {
                _ = try store.apply(contacts: schedule.map(\.patch), runID: nil, now: Self.now)
            }
            contents.insert(try Self.content(store))
        }
        // Then every interleaving gives the same store
        #expect(contents.count == 1, "seed \(seed): \(contents.sorted())")
    }
}
