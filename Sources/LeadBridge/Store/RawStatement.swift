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
    private let rowText: RowText

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
        rowText = RowText(statement: statement)
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
    ///
    /// One `sqlite3_column_value` and then the value's text and length: the same conversion as
    /// `sqlite3_column_text` followed by `sqlite3_column_bytes`, with one column look-up (and its API exit) instead
    /// of two (scoring reads several text columns of each of millions of activity rows).
    func bytes(_ column: CInt) -> UnsafeRawBufferPointer? {
        guard let value = sqlite3_column_value(handle, column), let text = sqlite3_value_text(value) else {
            return nil
        }
        return UnsafeRawBufferPointer(start: text, count: Int(sqlite3_value_bytes(value)))
    }

    /// The column's text as GRDB decodes it (nil for NULL).
    func string(_ column: CInt) -> String? {
        sqlite3_column_text(handle, column).map { String(cString: $0) }
    }

    /// Resets the statement before binding a new row (bindings not rebound keep their values, except text bound
    /// with ``bindRowText(_:at:)``, whose bytes are reused: rebind it).
    func reset() {
        sqlite3_reset(handle)
        rowText.reuse()
    }

    /// Binds a string's UTF-8 for this row only: the bytes are copied once into memory the statement reuses row
    /// after row, and SQLite reads them there (`SQLITE_STATIC`), instead of allocating and freeing a copy of
    /// each text column of each row (measured on the 200 MB XML import: 2-5% less CPU time). Rebind after every
    /// ``reset()``. nil binds NULL.
    func bindRowText(_ value: String?, at index: CInt) {
        guard var value else {
            sqlite3_bind_null(handle, index)
            return
        }
        value.withUTF8 { bytes in
            let copy = rowText.store(UnsafeRawBufferPointer(bytes))
            sqlite3_bind_text(handle, index, copy, CInt(bytes.count), nil)
        }
    }

    /// ``bindRowText(_:at:)`` for a field value: text in place, other values as ``bind(_:at:)-(FieldValue?,_)``.
    func bindRowText(_ value: FieldValue?, at index: CInt) {
        if case .text(let text)? = value { bindRowText(text, at: index) } else { bind(value, at: index) }
    }

    /// ``bindRowText(_:at:)`` for bytes.
    func bindRowText(bytes: [UInt8], at index: CInt) {
        bytes.withUnsafeBytes { bytes in
            let copy = rowText.store(bytes)
            sqlite3_bind_text(handle, index, copy, CInt(bytes.count), nil)
        }
    }

    /// ``bindRowText(_:at:)`` for a blob.
    func bindRowBlob(bytes: [UInt8], at index: CInt) {
        bytes.withUnsafeBytes { bytes in
            let copy = rowText.store(bytes)
            sqlite3_bind_blob(handle, index, copy, CInt(bytes.count), nil)
        }
    }

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

/// The bytes of one row's text parameters, bound in place: blocks that never move while a row is bound (a new
/// block when one is full), reused from the start for the next row. It keeps its statement alive and clears the
/// statement's bindings before it frees the bytes, so no binding ever points at freed memory.
private final class RowText {
    private static let blockSize = 16 * 1024
    private let statement: Statement
    private var blocks: [UnsafeMutableRawBufferPointer] = []
    private var block = 0
    private var used = 0

    init(statement: Statement) {
        self.statement = statement
    }

    deinit {
        sqlite3_clear_bindings(statement.sqliteStatement)
        for block in blocks { block.deallocate() }
    }

    /// Starts the next row: earlier bytes may be overwritten.
    func reuse() {
        block = 0
        used = 0
    }

    /// A copy of `bytes`, valid until ``reuse()`` (NUL-terminated, as SQLite allows).
    func store(_ bytes: UnsafeRawBufferPointer) -> UnsafePointer<CChar> {
        let needed = bytes.count + 1
        while block < blocks.count, used + needed > blocks[block].count {
            block += 1
            used = 0
        }
        if block == blocks.count {
            blocks.append(.allocate(byteCount: max(Self.blockSize, needed), alignment: 8))
            used = 0
        }
        let start = blocks[block].baseAddress! + used
        if let source = bytes.baseAddress { start.copyMemory(from: source, byteCount: bytes.count) }
        start.storeBytes(of: 0, toByteOffset: bytes.count, as: UInt8.self)
        used += needed
        return UnsafePointer(start.assumingMemoryBound(to: CChar.self))
    }
}
