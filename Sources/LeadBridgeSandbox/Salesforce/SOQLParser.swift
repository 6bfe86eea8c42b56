import Foundation

/// A recursive-descent parser for ``SOQLQuery``; checks object and field names against the schema.
struct SOQLParser {
    private struct Token {
        enum Kind { case word, string, number, symbol }
        var kind: Kind
        var text: String
        /// 1-based column of the token in the query.
        var column: Int
    }

    private let source: String
    private var tokens: [Token] = []
    private var position = 0
    private var object = ""

    init(_ source: String) {
        self.source = source
    }

    static func parse(_ source: String) throws -> SOQLQuery {
        var parser = SOQLParser(source)
        return try parser.parse()
    }

    private mutating func parse() throws -> SOQLQuery {
        tokens = try tokenize()
        try expectWord("SELECT")
        var selected: [(String, Int)] = []
        repeat {
            guard let token = next(), token.kind == .word else { throw unexpected(peekPrevious()) }
            selected.append((token.text, token.column))
        } while acceptSymbol(",")
        try expectWord("FROM")
        guard let objectToken = next(), objectToken.kind == .word else { throw unexpected(peekPrevious()) }
        guard let objectName = SalesforceSchema.objectName(objectToken.text) else {
            throw SOQLQuery.Failure(
                code: "INVALID_TYPE",
                message: pointer(objectToken.column) + "sObject type '\(objectToken.text)' is not supported. If you "
                    + "are attempting to use a custom object, be sure to append the '__c' after the entity name. "
                    + "Please reference your WSDL or the describe call for the appropriate names."
            )
        }
        object = objectName
        let fields = try selected.map { try canonicalField($0.0, column: $0.1) }
        var condition: SOQLQuery.Condition?
        if acceptWord("WHERE") { condition = try parseOr() }
        var orderings: [SOQLQuery.Ordering] = []
        if acceptWord("ORDER") {
            try expectWord("BY")
            repeat {
                guard let token = next(), token.kind == .word else { throw unexpected(peekPrevious()) }
                let field = try canonicalField(token.text, column: token.column)
                var ascending = true
                if acceptWord("DESC") { ascending = false } else { _ = acceptWord("ASC") }
                var nullsLast = !ascending
                if acceptWord("NULLS") {
                    if acceptWord("LAST") { nullsLast = true } else { try expectWord("FIRST"); nullsLast = false }
                }
                orderings.append(.init(field: field, ascending: ascending, nullsLast: nullsLast))
            } while acceptSymbol(",")
        }
        var limit: Int?
        if acceptWord("LIMIT") {
            guard let token = next(), token.kind == .number, let value = Int(token.text) else {
                throw unexpected(peekPrevious())
            }
            limit = value
        }
        if let extra = peek() { throw unexpected(extra) }
        return SOQLQuery(fields: fields, object: object, condition: condition, orderings: orderings, limit: limit)
    }

    // MARK: Conditions

    private mutating func parseOr() throws -> SOQLQuery.Condition {
        var left = try parseAnd()
        while acceptWord("OR") { left = .or(left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws -> SOQLQuery.Condition {
        var left = try parseUnary()
        while acceptWord("AND") { left = .and(left, try parseUnary()) }
        return left
    }

    private mutating func parseUnary() throws -> SOQLQuery.Condition {
        if acceptWord("NOT") { return .not(try parseUnary()) }
        if acceptSymbol("(") {
            let inner = try parseOr()
            guard acceptSymbol(")") else { throw unexpected(peek() ?? peekPrevious()) }
            return inner
        }
        guard let token = next(), token.kind == .word else { throw unexpected(peekPrevious()) }
        let field = try canonicalField(token.text, column: token.column)
        if acceptWord("IN") { return .inList(field: field, column: token.column, negated: false,
                                             literals: try parseList(field)) }
        if acceptWord("NOT") {
            try expectWord("IN")
            return .inList(field: field, column: token.column, negated: true, literals: try parseList(field))
        }
        let op: String
        if acceptWord("LIKE") {
            op = "LIKE"
        } else if let symbol = peek(), symbol.kind == .symbol, ["=", "!=", "<>", "<", "<=", ">", ">="]
            .contains(symbol.text)
        {
            position += 1
            op = symbol.text == "<>" ? "!=" : symbol.text
        } else {
            throw unexpected(peek() ?? peekPrevious())
        }
        return .compare(field: field, column: token.column, op: op, literal: try parseLiteral(field))
    }

    private mutating func parseList(_ field: String) throws -> [SOQLQuery.Literal] {
        guard acceptSymbol("(") else { throw unexpected(peek() ?? peekPrevious()) }
        var literals: [SOQLQuery.Literal] = []
        repeat { literals.append(try parseLiteral(field)) } while acceptSymbol(",")
        guard acceptSymbol(")") else { throw unexpected(peek() ?? peekPrevious()) }
        return literals
    }

    private mutating func parseLiteral(_ field: String) throws -> SOQLQuery.Literal {
        guard let token = next() else { throw unexpected(peekPrevious()) }
        let type = SalesforceSchema.field(field, of: object)?.type ?? "string"
        let temporal = type == "datetime" || type == "date"
        switch token.kind {
        case .string:
            if temporal {
                throw SOQLQuery.Failure(
                    code: "INVALID_FIELD",
                    message: pointer(token.column) + "value of filter criterion for field '\(field)' must be of type "
                        + "\(type == "date" ? "date" : "dateTime") and should not be enclosed in quotes"
                )
            }
            return .string(token.text)
        case .number:
            if temporal, let date = SandboxTimestamp.parse(token.text) {
                return .date(date, isDateOnly: token.text.count == 10)
            }
            guard let value = Double(token.text) else { throw unexpected(token) }
            return .number(value)
        case .word:
            switch token.text.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null": return .null
            default: throw unexpected(token)
            }
        case .symbol:
            throw unexpected(token)
        }
    }

    // MARK: Names

    private func canonicalField(_ name: String, column: Int) throws -> String {
        if let field = SalesforceSchema.field(name, of: object) { return field.name }
        throw SOQLQuery.Failure(
            code: "INVALID_FIELD",
            message: pointer(column) + "No such column '\(name)' on entity '\(object)'. If you are attempting to use "
                + "a custom field, be sure to append the '__c' after the custom field name. Please reference your "
                + "WSDL or the describe call for the appropriate names."
        )
    }

    /// Salesforce's error preamble: the query, a caret under the column, and the row/column.
    private func pointer(_ column: Int) -> String {
        let line = source.replacingOccurrences(of: "\n", with: " ")
        let excerpt = String(line.prefix(column + 40))
        return "\n\(excerpt)\n" + String(repeating: " ", count: max(0, column - 1)) + "^\nERROR at Row:1:Column:"
            + "\(column)\n"
    }

    private func unexpected(_ token: Token?) -> SOQLQuery.Failure {
        guard let token else {
            return SOQLQuery.Failure(code: "MALFORMED_QUERY", message: "unexpected end of query")
        }
        return SOQLQuery.Failure(code: "MALFORMED_QUERY",
                                 message: pointer(token.column) + "unexpected token: '\(token.text)'")
    }

    // MARK: Tokens

    private func peek() -> Token? { position < tokens.count ? tokens[position] : nil }

    private func peekPrevious() -> Token? { position > 0 ? tokens[position - 1] : nil }

    private mutating func next() -> Token? {
        guard position < tokens.count else { return nil }
        defer { position += 1 }
        return tokens[position]
    }

    private mutating func acceptWord(_ word: String) -> Bool {
        guard let token = peek(), token.kind == .word, token.text.uppercased() == word else { return false }
        position += 1
        return true
    }

    private mutating func expectWord(_ word: String) throws {
        guard acceptWord(word) else { throw unexpected(peek() ?? peekPrevious()) }
    }

    private mutating func acceptSymbol(_ symbol: String) -> Bool {
        guard let token = peek(), token.kind == .symbol, token.text == symbol else { return false }
        position += 1
        return true
    }

    private func tokenize() throws -> [Token] {
        let chars = Array(source)
        var result: [Token] = []
        var index = 0
        while index < chars.count {
            let c = chars[index]
            if c.isWhitespace {
                index += 1
            } else if c == "'" {
                var text = ""
                var end = index + 1
                while end < chars.count, chars[end] != "'" {
                    if chars[end] == "\\", end + 1 < chars.count { end += 1 }
                    text.append(chars[end])
                    end += 1
                }
                guard end < chars.count else {
                    throw SOQLQuery.Failure(code: "MALFORMED_QUERY", message: pointer(index + 1)
                                            + "unexpected token: '\(String(chars[index...]))'")
                }
                result.append(Token(kind: .string, text: text, column: index + 1))
                index = end + 1
            } else if c.isNumber || (c == "-" && index + 1 < chars.count && chars[index + 1].isNumber) {
                var end = index + 1
                while end < chars.count, chars[end].isNumber || "-:.TZ+".contains(chars[end]) { end += 1 }
                result.append(Token(kind: .number, text: String(chars[index..<end]), column: index + 1))
                index = end
            } else if c.isLetter || c == "_" {
                var end = index + 1
                while end < chars.count, chars[end].isLetter || chars[end].isNumber || chars[end] == "_"
                    || chars[end] == "."
                {
                    end += 1
                }
                result.append(Token(kind: .word, text: String(chars[index..<end]), column: index + 1))
                index = end
            } else if "<>!".contains(c), index + 1 < chars.count, chars[index + 1] == "=" || (c == "<"
                && chars[index + 1] == ">")
            {
                result.append(Token(kind: .symbol, text: String(chars[index...index + 1]), column: index + 1))
                index += 2
            } else if "=<>(),".contains(c) {
                result.append(Token(kind: .symbol, text: String(c), column: index + 1))
                index += 1
            } else {
                throw SOQLQuery.Failure(code: "MALFORMED_QUERY",
                                        message: pointer(index + 1) + "unexpected token: '\(c)'")
            }
        }
        return result
    }
}
