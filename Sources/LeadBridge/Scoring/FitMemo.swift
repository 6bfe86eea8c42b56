/// Fit rule outcomes per distinct field value, so that each title, industry or email domain is tested once.
///
/// Values are read as raw bytes from the scoring query's row and interned; on a miss the outcome comes from
/// ``ScoreEngine/fitFires(_:_:_:base:)`` on the value decoded as `Row` would decode it, so memoized outcomes are
/// exactly the engine's. An email field tested only by `domain_in` rules is keyed by its domain part, which is all
/// those rules read. Bounded: a slot's memo is cleared when it reaches `limit` distinct values.
struct FitMemo {
    private enum KeyKind {
        case number
        case text
        case emailDomain
    }

    private struct Slot {
        var kind: KeyKind
        /// The fit rules reading this slot, in file order.
        var rules: [Int]
        var interner = ByteInterner()
        var numberIDs: [Int64: Int] = [:]
        /// Outcomes per value id: `rules.count` flags each.
        var fired: [Bool] = []
        /// Outcomes for NULL, once known.
        var nullFired: [Bool]?
    }

    private let engine: ScoreEngine
    private var slots: [Slot]
    private var texts: [String?]
    private var numbers: [Double?]
    private let limit: Int

    init(engine: ScoreEngine, limit: Int = 65_536) {
        self.engine = engine
        self.limit = limit
        texts = Array(repeating: nil, count: engine.fields.count)
        numbers = Array(repeating: nil, count: engine.fields.count)
        slots = engine.fields.indices.map { slot in
            let rules = engine.fitTests.indices.filter { engine.fitTests[$0].slot == slot }
            let kind: KeyKind
            if engine.fields[slot].isNumeric {
                kind = .number
            } else if rules.allSatisfy({ engine.fitTests[$0].isEmailDomainTest }) {
                kind = .emailDomain
            } else {
                kind = .text
            }
            return Slot(kind: kind, rules: rules)
        }
    }

    /// Sets `fired[rule]` for every fit rule, from the field values in `row` (slot `s` at column `firstColumn + s`).
    mutating func evaluate(_ row: RawStatement, firstColumn: CInt, into fired: inout [Bool]) {
        for slot in slots.indices {
            let column = firstColumn + CInt(slot)
            let outcomes: [Bool]
            let base: Int
            if row.isNull(column) {
                outcomes = nullOutcomes(slot)
                base = 0
            } else if slots[slot].kind == .number {
                (outcomes, base) = numberOutcomes(slot, row.int64(column))
            } else {
                (outcomes, base) = textOutcomes(slot, row, column)
            }
            for (position, rule) in slots[slot].rules.enumerated() { fired[rule] = outcomes[base + position] }
        }
    }

    private mutating func nullOutcomes(_ slot: Int) -> [Bool] {
        if let known = slots[slot].nullFired { return known }
        let outcomes = compute(slot, text: nil, number: nil)
        slots[slot].nullFired = outcomes
        return outcomes
    }

    private mutating func numberOutcomes(_ slot: Int, _ value: Int64) -> ([Bool], Int) {
        let width = slots[slot].rules.count
        if let id = slots[slot].numberIDs[value] { return (slots[slot].fired, id * width) }
        if slots[slot].numberIDs.count >= limit {
            slots[slot].numberIDs.removeAll(keepingCapacity: true)
            slots[slot].fired.removeAll(keepingCapacity: true)
        }
        let id = slots[slot].numberIDs.count
        slots[slot].numberIDs[value] = id
        slots[slot].fired += compute(slot, text: String(value), number: Double(value))
        return (slots[slot].fired, id * width)
    }

    private mutating func textOutcomes(_ slot: Int, _ row: RawStatement, _ column: CInt) -> ([Bool], Int) {
        let width = slots[slot].rules.count
        guard let bytes = row.bytes(column) else { return (nullOutcomes(slot), 0) }
        if slots[slot].interner.count >= limit {
            slots[slot].interner.removeAll()
            slots[slot].fired.removeAll(keepingCapacity: true)
        }
        var key = bytes
        var representative: String?
        if slots[slot].kind == .emailDomain, let domainKey = Self.domainKey(bytes) {
            key = domainKey
            representative = String(decoding: domainKey, as: UTF8.self)
        }
        let (id, isNew) = slots[slot].interner.intern(key)
        if isNew {
            let text = representative ?? row.string(column)
            // A custom field is text in `contacts.extra`: `between` reads it as a number (once per distinct value).
            var number: Double?
            if case .extra = engine.fields[slot] { number = text.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } }
            slots[slot].fired += compute(slot, text: text, number: number)
        }
        return (slots[slot].fired, id * width)
    }

    /// The outcomes of a slot's rules for one value, in the slot's rule order.
    private mutating func compute(_ slot: Int, text: String?, number: Double?) -> [Bool] {
        texts[slot] = text
        numbers[slot] = number
        defer {
            texts[slot] = nil
            numbers[slot] = nil
        }
        return slots[slot].rules.map { engine.fitFires($0, texts, numbers, base: 0) }
    }

    /// The bytes of an email from its last `@` on (empty without one), when `"@" + those bytes` gives the same
    /// domain as the whole address: `domain_in` reads nothing else. That holds when the text has no NUL (which
    /// would end the decoded string) and the `@` is a character of its own, followed by ASCII only and preceded by
    /// an ASCII byte (so no combining mark or prepended character joins it). Nil otherwise: keyed whole.
    static func domainKey(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        var lastAt: Int?
        var asciiSince = 0
        for (index, byte) in bytes.enumerated() {
            if byte == 0 { return nil }
            if byte >= 0x80 { asciiSince = index + 1 }
            if byte == UInt8(ascii: "@") { lastAt = index }
        }
        guard let lastAt else { return UnsafeRawBufferPointer(start: bytes.baseAddress, count: 0) }
        guard asciiSince <= lastAt, lastAt == 0 || bytes[lastAt - 1] < 0x80 else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[lastAt...])
    }
}

extension ScoreEngine.FitTest {
    /// The field slot the test reads.
    var slot: Int {
        switch self {
        case .equals(let slot, _), .oneOf(let slot, _), .matches(let slot, _), .between(let slot, _, _),
            .domainIn(let slot, _, _), .missing(let slot, _):
            slot
        }
    }

    /// Whether the test is `domain_in` on an email address (it reads only the part after the last `@`).
    var isEmailDomainTest: Bool {
        if case .domainIn(_, true, _) = self { return true }
        return false
    }
}
