import GRDB

extension LeadStore {
    /// For tests and benchmarks only: runs raw SQL in one write transaction, to set up (or break) state that no
    /// intention-named method would write. Errors reach the caller as they are (a `DatabaseError`).
    ///
    /// LeadBridge itself never calls this: its writes go through the store's methods.
    public func writeForTesting<T>(_ body: (Database) throws -> T) throws -> T {
        try unwrappedWrite(body)
    }

    /// For tests only: the writer connection outside any transaction, to inspect its connection state (pragmas).
    public func writerConnectionForTesting<T>(_ body: (Database) throws -> T) throws -> T {
        try withWriterConnection(body)
    }
}
