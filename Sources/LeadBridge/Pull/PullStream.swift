/// One incremental stream of a remote source: a remote object read as contacts or as activities.
public struct PullStream: Sendable, Hashable, CustomStringConvertible {
    /// The name the cursor is stored under, e.g. `contacts`, `Lead`, `Task`.
    public var name: String
    /// The remote object, e.g. `contacts`, `Lead`; used as the object of source links.
    public var object: String
    /// Whether its records are people or activities.
    public var kind: ImportStream

    public init(name: String, object: String, kind: ImportStream) {
        self.name = name
        self.object = object
        self.kind = kind
    }

    public var description: String { name }
}
