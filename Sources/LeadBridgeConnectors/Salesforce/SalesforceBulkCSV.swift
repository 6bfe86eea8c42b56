import Foundation
import LeadBridge

/// The CSV of a Bulk API 2.0 `update` job, and the reading of its result files.
///
/// Written as the job declares it (``SalesforceWire/CreateIngestJob``): comma-separated, rows ended by LF, UTF-8,
/// a header of `Id` then every field any change names, in name order. RFC 4180 quoting: a value holding a comma, a
/// quote or a line break is quoted, quotes doubled; values are never trimmed. A field a change does not name is
/// left empty, which Bulk API ignores on update; a change to an empty value is written `#N/A`, which sets the
/// field to null.
/// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/datafiles_prepare_csv.htm
enum SalesforceBulkCSV {
    /// What Bulk API 2.0 writes as null.
    static let null = "#N/A"

    /// The upload: its columns and bytes. Changes to the same key become one row (later values win).
    static func encode(_ changes: [RecordWrite]) -> (columns: [String], rows: Int, data: Data) {
        var order: [String] = []
        var merged: [String: [String: String]] = [:]
        for change in changes {
            if merged[change.key] == nil { order.append(change.key) }
            merged[change.key, default: [:]].merge(change.fields) { _, new in new }
        }
        let fields = Set(merged.values.flatMap(\.keys)).subtracting(["Id"]).sorted()
        let columns = ["Id"] + fields
        var text = columns.map(quoted).joined(separator: ",") + "\n"
        for key in order {
            let values = merged[key] ?? [:]
            text += quoted(key)
            for field in fields {
                text += ","
                guard let value = values[field] else { continue }
                text += value.isEmpty ? null : quoted(value)
            }
            text += "\n"
        }
        return (columns, order.count, Data(text.utf8))
    }

    /// A field as written: quoted only when it holds a comma, a quote or a line break.
    static func quoted(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    /// The rows of a result file, the header first, as records keyed by column; rows end with LF or CRLF. An
    /// empty body has no rows.
    static func records(_ data: Data) throws(Malformed) -> [[String: String]] {
        let rows = try parse(Array(data))
        guard let header = rows.first else { return [] }
        return rows.dropFirst().filter { $0 != [""] }.map { row in
            var record: [String: String] = [:]
            for (column, value) in zip(header, row) { record[column] = value }
            return record
        }
    }

    static func parse(_ bytes: [UInt8]) throws(Malformed) -> [[String]] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lineFeed = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var pending = false
        func finishField() {
            row.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote, field.isEmpty {
                var cursor = index + 1
                while true {
                    guard cursor < bytes.count else {
                        throw Malformed(description: "a quoted field in row \(rows.count + 1) never ends")
                    }
                    if bytes[cursor] == quote {
                        if cursor + 1 < bytes.count, bytes[cursor + 1] == quote {
                            field.append(quote)
                            cursor += 2
                            continue
                        }
                        break
                    }
                    field.append(bytes[cursor])
                    cursor += 1
                }
                index = cursor + 1
                pending = true
            } else if byte == comma {
                finishField()
                pending = true
                index += 1
            } else if byte == lineFeed || byte == carriageReturn {
                finishField()
                rows.append(row)
                row = []
                pending = false
                index += byte == carriageReturn && index + 1 < bytes.count && bytes[index + 1] == lineFeed ? 2 : 1
            } else {
                field.append(byte)
                pending = true
                index += 1
            }
        }
        if pending {
            finishField()
            rows.append(row)
        }
        return rows
    }
}
