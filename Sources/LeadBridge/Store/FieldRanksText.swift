/// The `contacts.field_ranks` text: each field's ``FieldRank``, compact because every contact row carries it.
///
/// `10,10,,20@1733000000;3@1733090000|10@1733000000{"region":"20@1733050000"}`: the precedences by canonical
/// ordinal (empty: no rank), then `@` and the change time most fields share, then `;ordinal@time` for fields
/// changed at another time (`ordinal@` when unknown); for a contact with custom fields, `|` and their shared rank
/// (`precedence@time`), then a JSON object of the ranks of those that differ. For a contact fed by one link, `!mask`
/// after the times marks the fields (bits by ordinal) that link no longer sends, and a custom field's rank ends in
/// `!` for the same. Text written before change times were kept (`10,10,,20`) reads as ranks of unknown time.
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
            FieldRanksText.appendTimes(merge.precedences, times: merge.times, sharedTime: merge.sharedTime, to: &bytes)
            FieldRanksText.appendUnsent(merge.unsent, to: &bytes)
            if !merge.extra.isEmpty {
                FieldRanksText.appendExtras(
                    merge.extra, shared: merge.extrasRank, exceptions: merge.extraRanks, unsent: merge.unsentExtras,
                    to: &bytes)
            }
            return bytes
        }
    }

    /// The text of a contact's ranks.
    static func text(_ contact: StoredContact) -> String {
        var bytes: [UInt8] = []
        appendPrecedences(contact.precedences, to: &bytes)
        appendTimes(contact.precedences, times: contact.times, sharedTime: .min, to: &bytes)
        appendUnsent(contact.unsent, to: &bytes)
        if !contact.extra.isEmpty {
            appendExtras(
                contact.extra, shared: contact.extrasRank, exceptions: contact.extraRanks,
                unsent: contact.unsentExtras, to: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendPrecedences(_ precedences: [Int], to bytes: inout [UInt8]) {
        for (index, precedence) in precedences.enumerated() {
            if index > 0 { bytes.append(0x2C) }
            if precedence > 0 { appendNumber(Int64(precedence), to: &bytes) }
        }
    }

    /// `@shared` and the `;ordinal@time` exceptions; `times` nil means all at `sharedTime`.
    private static func appendTimes(_ precedences: [Int], times: [Int64]?, sharedTime: Int64, to bytes: inout [UInt8]) {
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
    }

    private static func appendUnsent(_ unsent: UInt32, to bytes: inout [UInt8]) {
        guard unsent != 0 else { return }
        bytes.append(0x21)
        appendNumber(Int64(unsent), to: &bytes)
    }

    /// The custom fields' ranks, the same text for the same ranks: the shared rank is that of the first field by
    /// name, and the others are listed where they differ from it.
    private static func appendExtras(
        _ extra: [String: FieldValue], shared: FieldRank, exceptions: [String: FieldRank], unsent: Set<String>,
        to bytes: inout [UInt8]
    ) {
        bytes.append(0x7C)
        guard let first = extra.keys.min() else { return }
        let common = exceptions[first] ?? shared
        appendRank(common, to: &bytes)
        var marked: [String: (FieldRank, Bool)] = [:]
        for key in extra.keys {
            let rank = exceptions[key] ?? shared
            let isUnsent = unsent.contains(key)
            if rank != common || isUnsent { marked[key] = (rank, isUnsent) }
        }
        guard !marked.isEmpty else { return }
        JSONText.appendObject(marked, text: { entry in
            var text: [UInt8] = []
            appendRank(entry.0, to: &text)
            if entry.1 { text.append(0x21) }
            return String(decoding: text, as: UTF8.self)
        }, to: &bytes)
    }

    private static func appendRank(_ rank: FieldRank, to bytes: inout [UInt8]) {
        guard rank.precedence > 0 else { return }
        appendNumber(Int64(rank.precedence), to: &bytes)
        bytes.append(0x40)
        if rank.changedAt != .min { appendNumber(rank.changedAt, to: &bytes) }
    }

    /// What the text says.
    struct Decoded {
        var ranks: [FieldRank]
        var extrasRank = FieldRank.none
        var extra: [String: FieldRank] = [:]
        var unsent: UInt32 = 0
        var unsentExtras: Set<String> = []
    }

    static func decode(_ text: String, count: Int) -> Decoded {
        var decoded = Decoded(ranks: [FieldRank](repeating: .none, count: count))
        var canonicalPart = Substring(text)
        if let bar = text.firstIndex(of: "|") {
            canonicalPart = text[..<bar]
            let extrasPart = text[text.index(after: bar)...]
            let brace = extrasPart.firstIndex(of: "{") ?? extrasPart.endIndex
            decoded.extrasRank = rank(extrasPart[..<brace])
            if brace < extrasPart.endIndex, let object = JSONText.decodeObject(String(extrasPart[brace...])) {
                for (key, value) in object {
                    let unsent = value.hasSuffix("!")
                    let rank = rank(unsent ? value.dropLast() : value[...])
                    if unsent { decoded.unsentExtras.insert(key) }
                    if rank != decoded.extrasRank || !unsent { decoded.extra[key] = rank }
                }
            }
        }
        if let bang = canonicalPart.firstIndex(of: "!") {
            decoded.unsent = UInt32(canonicalPart[canonicalPart.index(after: bang)...]) ?? 0
            canonicalPart = canonicalPart[..<bang]
        }
        var ranks = decoded.ranks
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
        decoded.ranks = ranks
        return decoded
    }

    private static func rank(_ text: Substring) -> FieldRank {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, let precedence = Int(first), precedence > 0 else { return .none }
        return FieldRank(precedence: precedence, changedAt: parts.count > 1 ? Int64(parts[1]) ?? .min : .min)
    }

    /// Small strings live inline (no allocation), so this costs a few divisions.
    private static func appendNumber(_ number: Int64, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: String(number).utf8)
    }
}
