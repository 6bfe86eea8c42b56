import LeadBridge

/// Where a Marketo stream stands: the pass (a stream reads several token chains one after the other: lead changes
/// then New Lead activities; activity types ten at a time), the token the run started from (every pass starts
/// there) and the pass's current token.
///
/// It is stored with each page (``RecordPage/pageToken``) as `marketo1|<pass>|<start>|<next>`, and as
/// `marketo1|done` after the last page: a rerun after a kill resumes at the page after the last stored one, a run
/// after a finished one starts from the cursor (less the lookback) through `pagingtoken.json`.
public struct MarketoPageToken: Hashable, Sendable {
    var pass: Int
    /// The token from `pagingtoken.json`; nil before the first call resolved it.
    var start: String?
    /// The current pass's next token; nil before the first call resolved it.
    var next: String?
    /// Records read so far in this stream, for record locations (not part of the identity).
    var read = 0

    static let prefix = "marketo1"
    static let done = prefix + "|done"

    var stored: String { [Self.prefix, String(pass), start ?? "", next ?? ""].joined(separator: "|") }

    init(pass: Int, start: String?, next: String?) {
        self.pass = pass
        self.start = start
        self.next = next
    }

    /// The position a stored token names, or nil (none stored, the stream finished, or another format).
    init?(stored text: String?) {
        guard let text, text != Self.done else { return nil }
        let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[0] == Self.prefix, let pass = Int(parts[1]), !parts[2].isEmpty,
            !parts[3].isEmpty
        else { return nil }
        self.init(pass: pass, start: parts[2], next: parts[3])
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.pass == rhs.pass && lhs.start == rhs.start && lhs.next == rhs.next
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(pass)
        hasher.combine(start)
        hasher.combine(next)
    }
}
