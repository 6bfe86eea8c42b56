/// Which engagement rules' patterns match an activity's URL (or campaign, or asset), per distinct text.
///
/// Texts are interned from the row's raw bytes; on a miss each rule's ``PatternMatcher`` tests the text decoded as
/// `Row` would decode it. Bounded: cleared when it reaches `limit` distinct texts.
struct PatternMemo {
    /// Per engagement rule: its matcher for this column, if it has one.
    private let matchers: [PatternMatcher?]
    /// Rules with a matcher, and each rule's position among them (-1 without).
    private let matching: [Int]
    private let positions: [Int]
    private var interner = ByteInterner()
    /// Per text id, one flag per rule in `matching`.
    private var outcomes: [Bool] = []
    private let limit: Int

    init(matchers: [PatternMatcher?], limit: Int = 65_536) {
        self.matchers = matchers
        self.limit = limit
        matching = matchers.indices.filter { matchers[$0] != nil }
        var positions = [Int](repeating: -1, count: matchers.count)
        for (position, rule) in matching.enumerated() { positions[rule] = position }
        self.positions = positions
    }

    /// The id of the text in `column` of `row` (nil for NULL), testing it against every pattern if new.
    /// An id stays valid until the next call.
    mutating func id(_ row: RawStatement, column: CInt) -> Int? {
        guard let bytes = row.bytes(column) else { return nil }
        if interner.count >= limit {
            interner.removeAll()
            outcomes.removeAll(keepingCapacity: true)
        }
        let (id, isNew) = interner.intern(bytes)
        if isNew {
            let text = row.string(column) ?? ""
            for rule in matching { outcomes.append(matchers[rule]!.matches(text)) }
        }
        return id
    }

    /// Whether rule `rule`'s pattern matched text `id`.
    func matches(rule: Int, id: Int) -> Bool {
        outcomes[id * matching.count + positions[rule]]
    }
}
