import Foundation

extension LeadStore {
    /// A contact's score trajectory: every change of its score in as-of order, with what changed each time.
    ///
    /// ```swift
    /// let history = try store.scoreHistory(contact: "ada@example.com")
    /// for step in history?.steps ?? [] { print(step.entry.asOf, step.entry.total, step.changes) }
    /// ```
    ///
    /// - Parameter contact: An email (any case) or a contact id.
    /// - Returns: nil when no contact has that email or id; empty ``ScoreHistory/steps`` when it has no history.
    /// - Throws: ``StoreError`` when the database fails.
    public func scoreHistory(contact: String) throws(StoreError) -> ScoreHistory? {
        let key = contact.trimmingCharacters(in: .whitespaces)
        return try readScoringRows { rows -> ScoreHistory? in
            guard let (id, texts, _) = try rows.contactFields(key: key) else { return nil }
            func text(_ field: CanonicalField) -> String? { texts[CanonicalField.allCases.firstIndex(of: field)!] }
            let name = [text(.firstName), text(.lastName)].compactMap { $0 }.joined(separator: " ")
            return ScoreHistory(
                contactID: id, email: text(.email), name: name.isEmpty ? nil : name,
                entries: try rows.scoreHistory(contactID: id))
        }
    }
}
