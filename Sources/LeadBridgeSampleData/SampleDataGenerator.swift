import Foundation

/// Deterministic, realistic B2B people and activities.
///
/// Every person and every activity is a pure function of `(seed, index)`: the same seed gives the same data on
/// every machine, and any slice can be produced without producing what comes before it.
///
/// ```swift
/// let generator = SampleDataGenerator(seed: 42, now: Date(timeIntervalSince1970: 1_790_000_000))
/// let person = generator.person(at: 7)
/// let activities = generator.activities(forPerson: 7, count: 20)
/// ```
public struct SampleDataGenerator: Sendable {
    public var seed: UInt64
    /// The "now" the data is generated against: creation dates and activities fall in the 180 days before it.
    public var now: Date

    public init(seed: UInt64 = 42, now: Date = SampleDataGenerator.defaultNow) {
        self.seed = seed
        self.now = now
    }

    /// 2026-11-01T00:00:00Z: a fixed default so that generated files are identical across runs.
    public static let defaultNow = Date(timeIntervalSince1970: 1_793_491_200)

    private static let day: TimeInterval = 86_400

    public func person(at index: Int) -> SamplePerson {
        var random = SampleRandom(seed: seed, stream: 1, index: UInt64(index))
        let first = random.pick(Vocabulary.firstNames)
        let last = random.pick(Vocabulary.lastNames)
        let company = random.pick(Vocabulary.companyStems) + " " + random.pick(Vocabulary.companySuffixes)
        let companyDomain = company.lowercased()
            .replacingOccurrences(of: " ", with: "")
            .filter { $0.isLetter || $0.isNumber } + random.pick([".com", ".io", ".co", ".net"])
        let freeMail = random.chance(0.15)
        let domain = freeMail ? random.pick(Vocabulary.freeMailDomains) : companyDomain
        let local = "\(first).\(last)".lowercased().filter { $0.isLetter || $0 == "." } + "\(index)"
        let email = "\(local)@\(domain)"
        let typed: String
        switch random.int(in: 0...9) {
        case 0: typed = email.uppercased()
        case 1: typed = "  \(email) "
        // Capitalized as the name is, but of the same letters: a typed address differs only in case and spaces
        // (an apostrophe kept from "O'Brien" made it another address, and the person two contacts).
        case 2: typed = first.filter(\.isLetter) + "." + last.filter(\.isLetter) + "\(index)@" + domain
        default: typed = email
        }
        let (title, seniority) = random.pick(Vocabulary.titles)
        let employees = Self.employees(&random)
        let (country, cities) = random.pick(Vocabulary.countries)
        let created = now.addingTimeInterval(-Double(random.int(in: 1...720)) * Self.day
            - Double(random.int(in: 0...86_399)))
        // Last modified somewhere between creation and now (not clamped to now, which would pile many people onto one
        // instant and make every incremental pull's lookback window re-read them).
        let age = max(1, Int(now.timeIntervalSince(created)))
        let updated = created.addingTimeInterval(Double(random.int(in: 0...min(age - 1, 180 * 86_400))))
        let inCRM = random.chance(0.6)
        let stage = Self.stage(&random, seniority: seniority, inCRM: inCRM)
        return SamplePerson(
            index: index,
            firstName: first,
            lastName: last,
            email: email,
            emailAsTyped: typed,
            title: title,
            company: company,
            domain: companyDomain,
            industry: random.pick(Vocabulary.industries),
            employees: employees,
            country: country,
            city: random.pick(cities),
            phone: "+1 \(random.int(in: 200...989)) \(random.int(in: 200...999)) \(random.int(in: 1000...9999))",
            leadSource: random.pick(Vocabulary.leadSources),
            createdAt: created,
            updatedAt: updated,
            crmStage: stage,
            inCRM: inCRM
        )
    }

    /// The activities of one person, oldest first, within the 180 days before `now`.
    ///
    /// Engaged people (a minority) do more and more valuable things: pricing visits, demo requests.
    public func activities(forPerson index: Int, count: Int) -> [SampleActivity] {
        var random = SampleRandom(seed: seed, stream: 2, index: UInt64(index))
        let engaged = random.chance(0.25)
        var times: [TimeInterval] = (0..<count).map { _ in Double(random.int(in: 0...(180 * 86_400 - 1))) }
        times.sort(by: >)
        return times.enumerated().map { position, secondsAgo in
            let kind = Self.activityKind(&random, engaged: engaged)
            let campaign = random.pick(Vocabulary.campaigns)
            var url: String?
            var asset: String?
            switch kind {
            case .pageView:
                url = "https://www.example-saas.com" + random.pick(engaged ? Vocabulary.engagedPages : Vocabulary.pages)
            case .formFill:
                url = "https://www.example-saas.com" + random.pick(Vocabulary.formPages)
                asset = random.pick(Vocabulary.assets)
            case .emailClick:
                url = "https://www.example-saas.com" + random.pick(Vocabulary.pages) + "?utm_source=email"
                asset = campaign + " email"
            case .emailOpen, .unsubscribe:
                asset = campaign + " email"
            case .webinarRegistered, .webinarAttended:
                asset = random.pick(Vocabulary.webinars)
            case .demoRequest:
                url = "https://www.example-saas.com/demo"
            }
            return SampleActivity(
                id: index * 1_000 + position,
                personIndex: index,
                kind: kind,
                occurredAt: now.addingTimeInterval(-secondsAgo),
                url: url,
                campaign: campaign,
                asset: asset
            )
        }
    }

    /// The record a second system holds of `activity` when the two sync, or nil when it holds none: a meeting
    /// booked through a marketing form and logged by the CRM, a form fill and the task its completion action
    /// creates. Same kind, URL, campaign and asset; logged 20 seconds to 5 minutes after the original (syncs run
    /// every few minutes). About `rate` of the activities of `kinds` have one, chosen by the activity's id alone,
    /// so the original data is the same with or without copies.
    ///
    /// - Parameters:
    ///   - activity: an activity from ``activities(forPerson:count:)``.
    ///   - rate: the share of eligible activities that have a copy, 0 to 1.
    ///   - kinds: the kinds the sync copies (by default meetings: demo requests and webinars).
    /// - Returns: the copy, with id `activity.id + copyIDOffset`, or nil.
    public func syncedCopy(
        of activity: SampleActivity, rate: Double,
        kinds: Set<SampleActivity.Kind> = [.demoRequest, .webinarRegistered, .webinarAttended]
    ) -> SampleActivity? {
        guard kinds.contains(activity.kind) else { return nil }
        var random = SampleRandom(seed: seed, stream: 3, index: UInt64(activity.id))
        guard random.chance(rate) else { return nil }
        var copy = activity
        copy.id = activity.id + Self.copyIDOffset
        copy.occurredAt = activity.occurredAt.addingTimeInterval(Double(random.int(in: 20...300)))
        return copy
    }

    /// Added to an activity's id to make its synced copy's: past every generated activity id.
    public static let copyIDOffset = 1_000_000_000_000

    private static func employees(_ random: inout SampleRandom) -> Int {
        switch random.int(in: 0...9) {
        case 0...2: random.int(in: 1...49)
        case 3...5: random.int(in: 50...199)
        case 6...8: random.int(in: 200...4_999)
        default: random.int(in: 5_000...120_000)
        }
    }

    private static func stage(_ random: inout SampleRandom, seniority: Int, inCRM: Bool) -> SampleStage {
        guard inCRM else { return .lead }
        let roll = random.int(in: 0...99) + seniority * 5
        switch roll {
        case ..<55: return .lead
        case ..<65: return .mql
        case ..<75: return .sal
        case ..<83: return .sql
        case ..<89: return .opportunity
        case ..<94: return .customer
        case ..<97: return .disqualified
        default: return .recycled
        }
    }

    private static func activityKind(_ random: inout SampleRandom, engaged: Bool) -> SampleActivity.Kind {
        let roll = random.int(in: 0...999)
        if engaged {
            switch roll {
            case ..<420: return .pageView
            case ..<560: return .emailOpen
            case ..<700: return .emailClick
            case ..<800: return .formFill
            case ..<860: return .webinarRegistered
            case ..<920: return .webinarAttended
            case ..<990: return .demoRequest
            default: return .unsubscribe
            }
        }
        switch roll {
        case ..<450: return .pageView
        case ..<780: return .emailOpen
        case ..<900: return .emailClick
        case ..<940: return .formFill
        case ..<965: return .webinarRegistered
        case ..<975: return .webinarAttended
        case ..<980: return .demoRequest
        default: return .unsubscribe
        }
    }
}
