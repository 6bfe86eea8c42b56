/// Decides how a source's patch changes a stored contact: pure values in, the merged values out.
///
/// Rules, per field:
/// - empty, null and absent say nothing: they never clear a stored value;
/// - a source's value competes only when that field changed in that source (compared with what the same link sent
///   last time, ``SentFields``), or when the link is new: a record pulled again because one of its fields changed
///   moves only that field;
/// - among competing values the highest ``FieldRank`` wins: precedence, then the time the source changed the
///   field, then the greater value. The result is the maximum over everything the sources sent, whatever the order
///   in which they arrived;
/// - a `default:` (precedence 0) fills a field only while no source has a value for it;
/// - `created_at` keeps the earliest time any source reports.
struct ContactMerge {
    var values: [FieldValue?]
    /// The precedence of the source word each value is (0: empty, or a mapping's `default:`), indexed like
    /// `values`: for a new contact, the patch's own array (no copy).
    private(set) var precedences: [Int]
    /// When each ranked field changed in its source; nil while all changed at `sharedTime` (a contact made from
    /// one record), which spares an array per new contact.
    private(set) var times: [Int64]?
    private(set) var sharedTime: Int64
    var extra: [String: FieldValue]
    /// The rank of every custom field but those in `extraRanks` (a contact made from one record has one rank for
    /// all, which spares a dictionary per new contact).
    private(set) var extrasRank: FieldRank
    private(set) var extraRanks: [String: FieldRank]
    /// Fields (bits by ordinal) and custom fields the contact's only link no longer sends, though it set their
    /// values (absent never clears): what that link sent last is the contact's values but these, exactly what
    /// ``SentFields`` would say. Meaningless once several links feed the contact.
    private(set) var unsent: UInt32 = 0
    private(set) var unsentExtras: Set<String> = []
    private(set) var changed = false

    /// What the link that sends a patch sent last time.
    enum Previous {
        /// A link the store has not seen: every value it sends is news.
        case newLink
        /// The contact's only link, whose last values are the contact's own (``SentFields`` are kept only for
        /// links of contacts with several): a value is news when it differs from the stored one.
        case soleLink
        case sent(SentFields)
    }

    init(_ contact: StoredContact) {
        values = contact.values
        precedences = contact.precedences
        times = contact.times
        sharedTime = .min
        extra = contact.extra
        extrasRank = contact.extrasRank
        extraRanks = contact.extraRanks
        unsent = contact.unsent
        unsentExtras = contact.unsentExtras
    }

    static let createdAt = CanonicalField.createdAt.ordinal

    /// A new contact made from its first patch: what `apply` makes of it on empty values, sharing the patch's
    /// arrays instead of building them value by value.
    ///
    /// - Parameter changedAt: when the source changed the record (its modified time, else the time of the import).
    init(creatingFrom patch: ContactPatch, changedAt: Int64) {
        values = patch.values
        precedences = patch.precedence
        for index in values.indices where values[index] == nil && precedences[index] != 0 { precedences[index] = 0 }
        times = nil
        sharedTime = changedAt
        extra = patch.extra
        extrasRank = FieldRank(precedence: patch.extrasPrecedence, changedAt: changedAt)
        extraRanks = [:]
        for (key, precedence) in patch.extraPrecedence where patch.extra[key] != nil {
            extraRanks[key] = precedence > 0 ? FieldRank(precedence: precedence, changedAt: changedAt) : .none
        }
        changed = true
    }

    /// The rank of the value of canonical field `index`.
    func rank(at index: Int) -> FieldRank {
        let precedence = precedences[index]
        guard precedence > 0 else { return .none }
        return FieldRank(precedence: precedence, changedAt: times?[index] ?? sharedTime)
    }

    /// The rank of the custom field `key`.
    func rank(ofExtra key: String) -> FieldRank { extraRanks[key] ?? extrasRank }

    private mutating func setRank(_ rank: FieldRank, at index: Int) {
        precedences[index] = rank.precedence
        guard rank.precedence > 0, times != nil || rank.changedAt != sharedTime else { return }
        if times == nil { times = [Int64](repeating: sharedTime, count: precedences.count) }
        times![index] = rank.changedAt
    }

    /// Each canonical field's rank, indexed like `values`.
    var ranks: [FieldRank] { values.indices.map { rank(at: $0) } }

    /// Forgets that earlier patches changed the values, to tell whether the next one does.
    mutating func markApplied() { changed = false }

    /// Whether the contact's only link sent the value of canonical field `index` last time.
    func soleLinkSent(at index: Int) -> Bool { precedences[index] > 0 && unsent & (1 << index) == 0 }

    /// Whether the contact's only link sent the custom field `key` last time.
    func soleLinkSent(extra key: String) -> Bool { rank(ofExtra: key).precedence > 0 && !unsentExtras.contains(key) }

    /// A second link joins: from now on each link keeps what it sent (``SentFields``), not the contact.
    mutating func forgetSoleLink() {
        guard unsent != 0 || !unsentExtras.isEmpty else { return }
        unsent = 0
        unsentExtras = []
        changed = true
    }

    /// Notes the fields the contact's only link no longer sends (absent, or its mapping's default instead).
    private mutating func noteUnsent(_ patch: ContactPatch) {
        for index in values.indices where values[index] != nil && precedences[index] > 0 && unsent & (1 << index) == 0 {
            if patch.values[index] == nil || patch.precedence[index] == 0 {
                unsent |= 1 << index
                changed = true
            }
        }
        for key in extra.keys where rank(ofExtra: key).precedence > 0 && !unsentExtras.contains(key) {
            if patch.extra[key] == nil || patch.precedence(ofExtra: key) == 0 {
                unsentExtras.insert(key)
                changed = true
            }
        }
    }

    /// Applies one source's patch.
    ///
    /// - Parameters:
    ///   - changedAt: when the source changed the record (its modified time, else the time of the import).
    ///   - previous: what the same link sent last time.
    mutating func apply(_ patch: ContactPatch, changedAt: Int64, previous: Previous) {
        // A record without a modified time has only its arrival to say it is newer than what its own link sent.
        let arrivalOrders = patch.modifiedAt == nil
        if case .soleLink = previous { noteUnsent(patch) }
        for index in patch.values.indices {
            guard let incoming = patch.values[index] else { continue }
            let precedence = patch.precedence[index]
            if precedence == 0 {
                if values[index] == nil {
                    values[index] = incoming
                    setRank(.none, at: index)
                    changed = true
                }
                continue
            }
            if index == Self.createdAt, case .date(let new)? = values[index], case .date(let old) = incoming {
                if old < new {
                    values[index] = incoming
                    changed = true
                }
                continue
            }
            let storedRank = self.rank(at: index)
            var soleLinkSent = true
            if case .soleLink = previous, unsent & (1 << index) != 0 {
                unsent &= ~(1 << index)
                soleLinkSent = false
                changed = true
            }
            guard let holdsStored = Self.news(
                incoming, over: values[index], storedRank, previous: previous, soleLinkSent: soleLinkSent,
                arrivalOrders: arrivalOrders, sentBefore: { $0.sent($1, at: index) })
            else { continue }
            let rank = FieldRank(precedence: precedence, changedAt: changedAt)
            guard Self.wins(incoming, rank, over: values[index], storedRank, holdsStored: holdsStored) else {
                continue
            }
            if values[index] != incoming || storedRank != rank {
                values[index] = incoming
                setRank(rank, at: index)
                changed = true
            }
        }
        for (key, incoming) in patch.extra {
            let precedence = patch.precedence(ofExtra: key)
            let storedRank = rank(ofExtra: key)
            if precedence == 0 {
                if extra[key] == nil {
                    extra[key] = incoming
                    if storedRank != .none { extraRanks[key] = FieldRank.none }
                    changed = true
                }
                continue
            }
            var soleLinkSent = true
            if case .soleLink = previous, unsentExtras.remove(key) != nil {
                soleLinkSent = false
                changed = true
            }
            guard let holdsStored = Self.news(
                incoming, over: extra[key], storedRank, previous: previous, soleLinkSent: soleLinkSent,
                arrivalOrders: arrivalOrders, sentBefore: { $0.sent($1, extra: key) })
            else { continue }
            let rank = FieldRank(precedence: precedence, changedAt: changedAt)
            guard Self.wins(incoming, rank, over: extra[key], storedRank, holdsStored: holdsStored) else { continue }
            if extra[key] != incoming || storedRank != rank {
                extra[key] = incoming
                if rank != extrasRank || extraRanks[key] != nil { extraRanks[key] = rank }
                changed = true
            }
        }
    }

    /// Whether a field's value is news from its link (it changed in its source since the link last sent it), and
    /// if so whether the stored value is that link's own word (see ``wins(_:_:over:_:holdsStored:)``); nil when it
    /// is no news.
    ///
    /// - Parameters:
    ///   - soleLinkSent: for the contact's only link, whether it sent this field last time.
    ///   - sentBefore: whether the link's ``SentFields`` hold a value for this field.
    private static func news(
        _ incoming: FieldValue, over stored: FieldValue?, _ storedRank: FieldRank, previous: Previous,
        soleLinkSent: Bool, arrivalOrders: Bool, sentBefore: (SentFields, FieldValue) -> Bool
    ) -> Bool? {
        switch previous {
        case .newLink:
            return false
        case .soleLink:
            guard stored != incoming || storedRank.precedence == 0 || !soleLinkSent else { return nil }
            return arrivalOrders
        case .sent(let sent):
            guard !sentBefore(sent, incoming) else { return nil }
            return arrivalOrders && stored.map { sentBefore(sent, $0) } ?? false
        }
    }

    /// Whether a source's changed value replaces the stored one.
    ///
    /// - Parameter holdsStored: the record has no modified time and the stored value is what its link sent last
    ///   time: at an equal rank (two imports of such a file in the same second) its own newer version replaces it.
    ///   Records with modified times are decided by rank and value alone, so that the order never matters.
    static func wins(
        _ incoming: FieldValue, _ rank: FieldRank, over stored: FieldValue?, _ storedRank: FieldRank,
        holdsStored: Bool
    ) -> Bool {
        guard let stored else { return true }
        if rank != storedRank { return storedRank < rank }
        return holdsStored || incoming == stored || stored.text < incoming.text
    }
}
