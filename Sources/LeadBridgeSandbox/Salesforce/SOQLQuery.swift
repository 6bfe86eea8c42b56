import Foundation

/// The SOQL subset the sandbox understands: `SELECT f, … FROM Object [WHERE cond] [ORDER BY f [ASC|DESC] [NULLS
/// FIRST|LAST], …] [LIMIT n]`, where conditions combine comparisons (`= != < <= > >= LIKE`), `IN (…)` and
/// `NOT IN (…)` with AND, OR, NOT and parentheses. Literals: 'strings', numbers, true/false/null, unquoted
/// date-times (`2026-01-01T00:00:00Z`) and dates.
/// https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm
struct SOQLQuery: Sendable {
    indirect enum Condition: Sendable {
        case compare(field: String, column: Int, op: String, literal: Literal)
        case inList(field: String, column: Int, negated: Bool, literals: [Literal])
        case and(Condition, Condition)
        case or(Condition, Condition)
        case not(Condition)
    }

    enum Literal: Sendable, Equatable {
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
        /// An unquoted date-time or date literal.
        case date(Date, isDateOnly: Bool)
    }

    struct Ordering: Sendable {
        var field: String
        var ascending: Bool
        var nullsLast: Bool
    }

    /// Errors are reported the way Salesforce does: an error code and a message that points at the query.
    struct Failure: Error, Sendable {
        var code: String
        var message: String
    }

    var fields: [String]
    var object: String
    var condition: Condition?
    var orderings: [Ordering]
    var limit: Int?
}
