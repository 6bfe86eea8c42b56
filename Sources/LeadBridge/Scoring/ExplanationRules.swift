import Foundation

/// Reads which rules a score's explanation names: the fit rules that fired, and the engagement rules that matched
/// at least one activity.
///
/// The explanation is the engine's (``ExplanationText``): `{"fit":{"id":points,…},"engagement":{"id":[n,points],…}}`
/// with the rules in file order, so its bytes are matched against the engine's own entries without making strings.
/// Text in another shape is read as JSON and its keys looked up by rule id.
struct ExplanationRules {
    private let fitEntries: [[UInt8]]
    private let ruleEntries: [[UInt8]]
    private let fitIndex: [String: Int]
    private let ruleIndex: [String: Int]

    init(engine: ScoreEngine) {
        fitEntries = ExplanationText.fitEntries(engine)
        ruleEntries = ExplanationText.engagementEntries(engine)
        fitIndex = Dictionary(
            engine.model.fit.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        ruleIndex = Dictionary(
            engine.model.engagement.rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Sets `fit[i]` for each fit rule the explanation names and `engagement[r]` for each engagement rule; clears
    /// the others. Both arrays must have one flag per rule.
    func read(_ bytes: UnsafeRawBufferPointer, fit: inout [Bool], engagement: inout [Bool]) {
        for index in fit.indices { fit[index] = false }
        for index in engagement.indices { engagement[index] = false }
        if !scan(bytes, fit: &fit, engagement: &engagement) {
            for index in fit.indices { fit[index] = false }
            for index in engagement.indices { engagement[index] = false }
            readJSON(bytes, fit: &fit, engagement: &engagement)
        }
    }

    /// The engine's own layout, entry by entry in file order; false when the bytes are in another shape.
    private func scan(_ bytes: UnsafeRawBufferPointer, fit: inout [Bool], engagement: inout [Bool]) -> Bool {
        let comma = UInt8(ascii: ",")
        let closeBrace = UInt8(ascii: "}")
        guard Self.has(ExplanationText.fitOpen, in: bytes, at: 0) else { return false }
        var position = ExplanationText.fitOpen.count
        var next = 0
        while position < bytes.count, bytes[position] != closeBrace {
            var found = false
            while next < fitEntries.count {
                let entry = fitEntries[next]
                next += 1
                let end = position + entry.count
                if Self.has(entry, in: bytes, at: position), end < bytes.count,
                    bytes[end] == comma || bytes[end] == closeBrace
                {
                    fit[next - 1] = true
                    position = end
                    found = true
                    break
                }
            }
            guard found else { return false }
            if position < bytes.count, bytes[position] == comma { position += 1 }
        }
        guard Self.has(ExplanationText.engagementOpen, in: bytes, at: position) else { return false }
        position += ExplanationText.engagementOpen.count
        next = 0
        while position < bytes.count, bytes[position] != closeBrace {
            var found = false
            while next < ruleEntries.count {
                let entry = ruleEntries[next]
                next += 1
                if Self.has(entry, in: bytes, at: position) {
                    engagement[next - 1] = true
                    position += entry.count
                    found = true
                    break
                }
            }
            guard found else { return false }
            while position < bytes.count, bytes[position] != UInt8(ascii: "]") { position += 1 }
            position += 1
            if position < bytes.count, bytes[position] == comma { position += 1 }
        }
        return Self.has(ExplanationText.close, in: bytes, at: position)
    }

    /// Any other shape: the keys of the `fit` and `engagement` objects, by rule id.
    private func readJSON(_ bytes: UnsafeRawBufferPointer, fit: inout [Bool], engagement: inout [Bool]) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return }
        for key in (object["fit"] as? [String: Any]).map({ Array($0.keys) }) ?? [] {
            if let index = fitIndex[key] { fit[index] = true }
        }
        for key in (object["engagement"] as? [String: Any]).map({ Array($0.keys) }) ?? [] {
            if let index = ruleIndex[key] { engagement[index] = true }
        }
    }

    private static func has(_ expected: [UInt8], in bytes: UnsafeRawBufferPointer, at position: Int) -> Bool {
        guard position + expected.count <= bytes.count else { return false }
        return expected.withUnsafeBytes {
            expected.isEmpty || memcmp(bytes.baseAddress! + position, $0.baseAddress!, expected.count) == 0
        }
    }
}
