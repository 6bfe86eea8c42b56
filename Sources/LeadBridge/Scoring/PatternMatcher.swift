import Foundation

/// A compiled regular expression with a bounded memo of results per distinct input.
///
/// Activity URLs, campaigns and titles repeat heavily (a site has thousands of pages, not millions), so after
/// warm-up almost every test is a dictionary hit. The memo is cleared when it reaches `memoLimit` entries, so memory
/// stays bounded on adversarial data. Results never depend on the memo's state.
final class PatternMatcher {
    let pattern: String
    private let regex: NSRegularExpression
    private var memo: [String: Bool] = [:]
    private let memoLimit: Int

    init(pattern: String, memoLimit: Int = 65_536) throws {
        self.pattern = pattern
        self.regex = try NSRegularExpression(pattern: pattern)
        self.memoLimit = memoLimit
    }

    func matches(_ text: String) -> Bool {
        if let known = memo[text] { return known }
        let result = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        if memo.count >= memoLimit { memo.removeAll(keepingCapacity: true) }
        memo[text] = result
        return result
    }
}
