/// The `contacts.field_ranks` text: each field's ``FieldRank``, compact because every contact row carries it.
///
/// `10,10,,20@1733000000;3@1733090000|{"region":"10@1733000000"}`: the precedences by canonical ordinal (empty:
/// no rank), then `@` and the change time most fields share, then `;ordinal@time` for fields changed at another
/// time (`ordinal@` when unknown), then `|` and the custom fields' ranks as a JSON object of `precedence@time`.
/// Text written before change times were kept (`10,10,,20`) reads as ranks of unknown time.
enum FieldRanksText {
    /// Writes the text of contact after contact, reusing its memory; the precedences part is cached, since every
    /// record of one mapping has one of a few (the fields it leaves empty have none).
    struct Writer {
        private var bytes: [UInt8] = []
        private var cache: [[Int]: [UInt8]] = [:]

        mutating func text(_ merge: ContactMerge) -> [UInt8] {
            bytes.removeAll(keepingCapacity: true)
            if let cached = cache[merge.precedences] {
                bytes.append(contentsOf: cached)
            } else {
                FieldRanksText.appendPrecedences(merge.precedences, to: &bytes)
                if cache.count < 256 { cache[merge.precedences] = bytes }
            }
            FieldRanksText.appendTimes(
                merge.precedences, times: merge.times, sharedTime: merge.sharedTime, extra: merge.extraRanks,
                to: &bytes)
            return bytes
        }
    }

    static func text(_ ranks: [FieldRank], extra: [String: FieldRank]) -> String {
        var bytes: [UInt8] = []
        let precedences = ranks.map(\.precedence)
        appendPrecedences(precedences, to: &bytes)
        appendTimes(precedences, times: ranks.map(\.changedAt), sharedTime: .min, extra: extra, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendPrecedences(_ precedences: [Int], to bytes: inout [UInt8]) {
        for (index, precedence) in precedences.enumerated() {
            if index > 0 { bytes.append(0x2C) }
            if precedence > 0 { appendNumber(Int64(precedence), to: &bytes) }
        }
    }

    /// `@shared`, the `;ordinal@time` exceptions and the custom fields; `times` nil means all at `sharedTime`.
    private static func appendTimes(
        _ precedences: [Int], times: [Int64]?, sharedTime: Int64, extra: [String: FieldRank],
        to bytes: inout [UInt8]
    ) {
        var shared = sharedTime
        if let times, let first = precedences.indices.first(where: { precedences[$0] > 0 }) { shared = times[first] }
        if shared != .min, precedences.contains(where: { $0 > 0 }) {
            bytes.append(0x40)
            appendNumber(shared, to: &bytes)
        }
        if let times {
            for index in precedences.indices where precedences[index] > 0 && times[index] != shared {
                bytes.append(0x3B)
                appendNumber(Int64(index), to: &bytes)
                bytes.append(0x40)
                if times[index] != .min { appendNumber(times[index], to: &bytes) }
            }
        }
        guard !extra.isEmpty else { return }
        bytes.append(0x7C)
        JSONText.appendObject(extra, text: { rank in
            rank.precedence == 0 ? "" : "\(rank.precedence)@" + (rank.changedAt == .min ? "" : String(rank.changedAt))
        }, to: &bytes)
    }

    static func decode(_ text: String, count: Int) -> (ranks: [FieldRank], extra: [String: FieldRank]) {
        var ranks = [FieldRank](repeating: .none, count: count)
        var extra: [String: FieldRank] = [:]
        var canonicalPart = Substring(text)
        if let bar = text.firstIndex(of: "|") {
            canonicalPart = text[..<bar]
            if let object = JSONText.decodeObject(String(text[text.index(after: bar)...])) {
                for (key, value) in object { extra[key] = rank(value[...]) }
            }
        }
        let sections = canonicalPart.split(separator: ";", omittingEmptySubsequences: false)
        let head = sections.first ?? ""
        let headParts = head.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        let shared = headParts.count > 1 ? Int64(headParts[1]) ?? .min : .min
        let precedences = headParts[0].split(separator: ",", omittingEmptySubsequences: false)
        for (index, text) in precedences.prefix(count).enumerated() {
            if let precedence = Int(text), precedence > 0 {
                ranks[index] = FieldRank(precedence: precedence, changedAt: shared)
            }
        }
        for section in sections.dropFirst() {
            let parts = section.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let index = Int(parts[0]), index >= 0, index < count,
                ranks[index].precedence > 0
            else { continue }
            ranks[index].changedAt = Int64(parts[1]) ?? .min
        }
        return (ranks, extra)
    }

    private static func rank(_ text: Substring) -> FieldRank {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        guard let precedence = Int(parts[0]), precedence > 0 else { return .none }
        return FieldRank(precedence: precedence, changedAt: parts.count > 1 ? Int64(parts[1]) ?? .min : .min)
    }

    /// Small strings live inline (no allocation), so this costs a few divisions.
    private static func appendNumber(_ number: Int64, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: String(number).utf8)
    }
}
