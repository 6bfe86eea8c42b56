import LeadBridge
import LeadBridgeConnectors

/// Everything a reader delivered before it ended or threw.
struct ReadOutcome {
    var items: [ReadItem] = []
    var error: SourceError?

    var records: [RawRecord] {
        items.compactMap { if case .record(let record) = $0 { record } else { nil } }
    }

    var rejections: [RecordRejection] {
        items.compactMap { if case .rejected(let rejection) = $0 { rejection } else { nil } }
    }

    /// Reads `reader` to its end or its first error.
    static func drain(_ reader: any RecordReader) -> ReadOutcome {
        var reader = reader
        var outcome = ReadOutcome()
        do {
            while let item = try reader.next() { outcome.items.append(item) }
        } catch {
            outcome.error = error
        }
        return outcome
    }

    /// Opens `path` with ``ExportFileReader`` (or captures the opening error) and reads it.
    static func read(
        _ path: String, format: ExportFormat? = nil, xmlRecordElement: String? = nil
    ) -> ReadOutcome {
        do {
            return drain(try ExportFileReader.open(path: path, format: format, xmlRecordElement: xmlRecordElement))
        } catch {
            return ReadOutcome(error: error)
        }
    }
}
