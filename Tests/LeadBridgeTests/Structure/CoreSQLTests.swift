import Foundation
import Testing

/// SQL lives in `Sources/LeadBridge/Store/` only: the rest of the core asks the store by intention.
@Suite struct CoreSQLTests {
    /// SQL in a string literal: a statement's opening words.
    static var sqlText: Regex<AnyRegexOutput> {
        try! Regex(
            #"\b(SELECT\s|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"#
                + #"CREATE\s+(UNIQUE\s+)?(TABLE|INDEX|VIEW|TRIGGER)|DROP\s+(TABLE|INDEX)|ALTER\s+TABLE|PRAGMA\s|"#
                + #"BEGIN\s+(IMMEDIATE|DEFERRED|EXCLUSIVE|TRANSACTION)|COMMIT\b|ROLLBACK\b|SAVEPOINT\s)"#)
    }

    /// SQL in code: SQLite's C API, GRDB's `sql:` arguments and statements, and transaction control.
    static var sqlCode: Regex<AnyRegexOutput> {
        try! Regex(
            #"\bsqlite3_\w+\s*\(|[(,]\s*sql\s*:|\bmakeStatement\s*\(|\bcachedStatement\s*\(|"#
                + #"\bbeginTransaction\s*\(|\.commit\s*\(\s*\)|\.rollback\s*\(\s*\)|"#
                + #"\bwriteWithoutTransaction\b|\bRawStatement\s*\("#)
    }

    static func offenders(_ source: CoreSource) -> [String] {
        var found: [String] = []
        for file in source.files where file.folder != "Store" {
            for (line, text) in file.strings where text.contains(sqlText) {
                found.append("\(file.path):\(line): SQL text \(text.prefix(60).debugDescription)")
            }
            for match in file.code.matches(of: sqlCode) {
                let line = file.code[..<match.range.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
                found.append("\(file.path):\(line): \(file.code[match.range])")
            }
        }
        return found
    }

    @Test func nothingOutsideTheStoreIssuesSQL() throws {
        // Given the core's source tree, When its files outside Store/ are scanned for SQL
        let found = Self.offenders(try CoreSource.load())

        // Then none is found
        #expect(found.isEmpty, "SQL outside Sources/LeadBridge/Store/:\n\(found.joined(separator: "\n"))")
    }

    @Test func theScanSeesSQLInStringsAndCode() {
        let (code, strings) = CoreSource.split(#"""
            // SELECT in a comment is fine
            let a = "ok"; let b = """
                SELECT id FROM contacts
                """
            try db.execute(sql: b)
            """#)
        #expect(strings.map(\.text).contains { $0.contains(Self.sqlText) })
        #expect(code.contains(Self.sqlCode))
        #expect(!code.contains("SELECT"))
    }
}
