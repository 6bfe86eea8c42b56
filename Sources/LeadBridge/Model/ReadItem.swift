/// One item read from a source.
public enum ReadItem: Sendable, Equatable {
    case record(RawRecord)
    case rejected(RecordRejection)
}
