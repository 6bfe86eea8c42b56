/// The days an audit reviews, whole UTC days from ``firstDay`` through ``lastDay`` (both included).
///
/// A scored contact is in the window when its *review date* falls in it: the time of its first recorded stage
/// transition (when scoring made it an MQL, or when sales took it or disqualified it without it having been one),
/// else, for a contact that has always been a lead, its creation time (`contacts.created_at`). What became of the
/// contacts in the window is then followed to the audit's as-of time: conversions and handoffs count whenever they
/// happened, so "this quarter's MQLs" includes the one sales took a week after the quarter ended.
///
/// ```swift
/// let q3 = try ReviewWindow(firstDay: "2026-07-01", lastDay: "2026-09-30")
/// let audit = try store.audit(model: model, asOf: now, window: q3)
/// ```
public struct ReviewWindow: Sendable, Equatable, Codable {
    /// How the window was chosen.
    public enum Basis: String, Sendable, Codable {
        /// Given as `--from` and `--to`.
        case given
        /// The last full calendar quarter before the as-of time.
        case lastFullQuarter = "last_full_quarter"
    }

    /// 00:00 UTC of the first day.
    public var start: Int64
    /// 00:00 UTC of the day after the last day: the window is `start ..< end`.
    public var end: Int64
    public var basis: Basis

    public init(start: Int64, end: Int64, basis: Basis) {
        self.start = start
        self.end = end
        self.basis = basis
    }

    /// A window of whole days, given as `YYYY-MM-DD`.
    /// - Throws: ``ReviewWindowError`` for text that is not such a date, or a first day after the last.
    public init(firstDay: String, lastDay: String) throws(ReviewWindowError) {
        guard let start = Self.dayStart(firstDay) else { throw ReviewWindowError(code: .notADate, text: firstDay) }
        guard let last = Self.dayStart(lastDay) else { throw ReviewWindowError(code: .notADate, text: lastDay) }
        guard start <= last else { throw ReviewWindowError(code: .reversed, text: "\(firstDay) > \(lastDay)") }
        self.init(start: start, end: last + Self.day, basis: .given)
    }

    /// The last calendar quarter (Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec, UTC) that ended at or before `asOf`.
    public static func lastFullQuarter(before asOf: Int64) -> ReviewWindow {
        let now = UTCTime.components(asOf)
        let quarterStartMonth = (now.month - 1) / 3 * 3 + 1
        let end = UTCTime.seconds(year: now.year, month: quarterStartMonth, day: 1)
        let start = quarterStartMonth == 1
            ? UTCTime.seconds(year: now.year - 1, month: 10, day: 1)
            : UTCTime.seconds(year: now.year, month: quarterStartMonth - 3, day: 1)
        return ReviewWindow(start: start, end: end, basis: .lastFullQuarter)
    }

    public func contains(_ time: Int64) -> Bool { time >= start && time < end }

    /// `2026-07-01`.
    public var firstDay: String { String(UTCTime.iso8601(start).prefix(10)) }
    /// `2026-09-30`: the last day included.
    public var lastDay: String { String(UTCTime.iso8601(end - 1).prefix(10)) }

    /// `2026-07-01 to 2026-09-30 (UTC, both days included; the last full quarter before the as-of time)`.
    public var description: String {
        "\(firstDay) to \(lastDay) (UTC, both days included"
            + (basis == .lastFullQuarter ? "; the last full quarter before the as-of time)" : ")")
    }

    /// 00:00 UTC of a `YYYY-MM-DD` date; nil for any other text or an impossible date.
    public static func dayStart(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), day >= 1, day <= UTCTime.daysIn(month: month, year: year)
        else { return nil }
        return UTCTime.seconds(year: year, month: month, day: day)
    }

    private static let day: Int64 = 86_400

    private enum CodingKeys: String, CodingKey {
        case from, to, start, end, basis
    }

    /// JSON: `from` and `to` as the first and last day included, `start` and `end` as seconds (`end` excluded).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(firstDay, forKey: .from)
        try container.encode(lastDay, forKey: .to)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
        try container.encode(basis, forKey: .basis)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            start: try container.decode(Int64.self, forKey: .start),
            end: try container.decode(Int64.self, forKey: .end),
            basis: try container.decode(Basis.self, forKey: .basis))
    }
}
