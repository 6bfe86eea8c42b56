#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import LeadBridge

/// The elements of an XML export read while none was the named record element: their names, and whether any of
/// them holds records (an element with child elements where records sit, as auto-detection would take it), so that
/// a mapping naming the wrong element is refused instead of importing nothing.
struct XMLElementCensus {
    /// Distinct element names in the order they first occur, at most ``nameLimit``.
    private(set) var names: [String] = []
    /// The first element that holds records as auto-detection sees them, if any.
    private(set) var recordLike: String?
    private var seen: Set<String> = []
    /// Open elements: name, and whether it sits where records do (under the document element or a `result`).
    private var open: [(name: String, sitsWhereRecordsDo: Bool)] = []

    static let nameLimit = 30

    /// Whether the file holds records under another element name than the one asked for.
    var holdsRecords: Bool { recordLike != nil }

    mutating func open(_ cName: UnsafePointer<CChar>, isEmpty: Bool) {
        let name = String(cString: cName)
        if names.count < Self.nameLimit, seen.insert(name).inserted { names.append(name) }
        if recordLike == nil, let parent = open.last, parent.sitsWhereRecordsDo { recordLike = parent.name }
        guard !isEmpty else { return }
        let sitsWhereRecordsDo = !open.isEmpty && (open.count == 1 || open.last?.name == "result") && name != "result"
        open.append((name, sitsWhereRecordsDo))
    }

    mutating func close() {
        _ = open.popLast()
    }

    /// What to say when no `element` occurs: the elements that do, and the nearest name.
    func absence(of element: String) -> String {
        let hint: String
        if let nearest = Suggestion.nearest(element, in: names) {
            hint = " (did you mean `\(nearest)`?)"
        } else {
            hint = recordLike.map { " (its records look like <\($0)>)" } ?? ""
        }
        let listed = names.joined(separator: ", ") + (names.count == Self.nameLimit ? ", …" : "")
        return "no <\(element)> element occurs in the file, so no record was read\(hint); its elements are "
            + "\(listed). Set the mapping's `object` (or `format.xml_record`) to the element that holds one record"
    }
}
