import GRDB
import GRDBSQLite

/// A statement prepared by GRDB and stepped through SQLite's C API, for the hot loops of imports and scoring.
///
/// Columns are read in place (text as bytes valid until the next step) and parameters bound directly, so the
/// millions of rows of an import or a scoring pass cost no `Row`, `String`, `DatabaseValue` or
/// `StatementArguments` each (measured: building `StatementArguments` was a third of an import's writer thread).
/// Decoding follows GRDB's own rules (`sqlite3_column_int64`, `sqlite3_column_double`, `String(cString:)` of the
/// text), so results are the ones `Row` would give. Use it inside the `Database` access that created it.
struct RawStatement {
    private let statement: Statement
    private let handle: SQLiteStatement

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
    }

    /// Resets the statement and binds `values` to its parameters, in order.
    func reset(binding values: Int64...) {
        sqlite3_reset(handle)
        for (index, value) in values.enumerated() { sqlite3_bind_int64(handle, CInt(index + 1), value) }
    }

    /// Steps to the next row; false when done.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            let message = sqlite3_db_handle(handle).flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }

    /// Steps a statement that returns no row (an insert).
    func execute() throws {
        _ = try step()
    }

    func isNull(_ column: CInt) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func int64(_ column: CInt) -> Int64 { sqlite3_column_int64(handle, column) }

    func double(_ column: CInt) -> Double { sqlite3_column_double(handle, column) }

    /// The column's text as UTF-8 bytes (nil for NULL), valid until the next step or reset.
    func bytes(_ column: CInt) -> UnsafeRawBufferPointer? {
        guard let text = sqlite3_column_text(handle, column) else { return nil }
        return UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, column)))
    }

    /// The column's text as GRDB decodes it (nil for NULL).
    func string(_ column: CInt) -> String? {
        sqlite3_column_text(handle, column).map { String(cString: $0) }
    }

    /// Resets the statement before binding a new row (bindings not rebound keep their values).
    func reset() { sqlite3_reset(handle) }

    func bind(_ value: Int64, at index: CInt) { sqlite3_bind_int64(handle, index, value) }

    func bind(_ value: Int64?, at index: CInt) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds a string's UTF-8 (copied by SQLite); nil binds NULL.
    func bind(_ value: String?, at index: CInt) {
        guard var value else {
            sqlite3_bind_null(handle, index)
            return
        }
        value.withUTF8 { bind(text: UnsafeRawBufferPointer($0), at: index) }
    }

    /// Binds a field value as `databaseValue` stores it: text, integer (dates, booleans as 0/1) or real.
    func bind(_ value: FieldValue?, at index: CInt) {
        switch value {
        case .none: sqlite3_bind_null(handle, index)
        case .text(let text)?: bind(text, at: index)
        case .int(let number)?, .date(let number)?: sqlite3_bind_int64(handle, index, number)
        case .double(let number)?: sqlite3_bind_double(handle, index, number)
        case .bool(let flag)?: sqlite3_bind_int64(handle, index, flag ? 1 : 0)
        }
    }

    func bind(_ value: Double, at index: CInt) { sqlite3_bind_double(handle, index, value) }

    /// Binds text (copied by SQLite); nil binds NULL.
    func bind(text: UnsafeRawBufferPointer?, at index: CInt) {
        guard let text else {
            sqlite3_bind_null(handle, index)
            return
        }
        guard let pointer = text.baseAddress?.assumingMemoryBound(to: CChar.self), !text.isEmpty else {
            sqlite3_bind_text(handle, index, "", 0, Self.transient)
            return
        }
        sqlite3_bind_text(handle, index, pointer, CInt(text.count), Self.transient)
    }

    func bind(text: [UInt8]?, at index: CInt) {
        guard let text else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUnsafeBytes { bind(text: $0, at: index) }
    }

    /// `SQLITE_TRANSIENT`: SQLite copies the bound bytes.
    private static var transient: sqlite3_destructor_type {
        unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
    }
}
