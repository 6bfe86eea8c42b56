import Foundation

/// A `template:` such as `"{FirstName} {LastName}"`: literal text with source fields filled in.
public struct ValueTemplate: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case literal(String)
        case field(String)
    }

    let parts: [Part]

    /// The source fields the template reads.
    public var fields: [String] {
        parts.compactMap { if case .field(let name) = $0 { name } else { nil } }
    }

    /// Nil when a brace is not closed or a `{}` is empty.
    public init?(_ text: String) {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { parts.append(.literal(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else { return nil }
            let name = rest[rest.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { return nil }
            parts.append(.field(name))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        self.parts = parts
    }

    /// The filled-in text; nil when every field it names is empty.
    ///
    /// - Parameter isNoValue: whether a field's text means "no value" (it is then left out).
    func render(_ record: RawRecord, isNoValue: (String) -> Bool = { $0.isEmpty }) -> String? {
        var text = ""
        var anyValue = false
        for part in parts {
            switch part {
            case .literal(let literal): text += literal
            case .field(let name):
                if let value = record[name], !isNoValue(value) {
                    anyValue = true
                    text += value
                }
            }
        }
        return anyValue ? TextNormalizer.trimmed(text) : nil
    }
}
