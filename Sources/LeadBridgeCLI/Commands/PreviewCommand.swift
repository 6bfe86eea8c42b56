import ArgumentParser
import Foundation
import LeadBridge
import LeadBridgeConnectors

struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Dry-run a mapping over a file: source value → mapped value, side by side. Writes nothing.",
        discussion: """
            Shows the first --limit records field by field, then totals over the whole file (or --scan records): \
            how many records would be rejected and why, source fields the mapping ignores, and mapped fields \
            that never appear (often a typo).
            """)

    @OptionGroup var global: GlobalOptions

    @OptionGroup var source: FileSourceOptions

    @Option(help: "How many records to show side by side.")
    var limit = 5

    @Option(help: "Count totals over at most this many records (default: the whole file).")
    var scan: Int?

    @Flag(help: "Print the preview as JSON.")
    var json = false

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more") }
    }

    func run() async throws {
        try await reportingErrors {
            let config = try global.loadConfig()
            var (connection, mapping, reader) = try source.open(config)
            let job = PreviewJob(
                mapping: mapping, connection: connection.name, stream: source.stream, source: source.file,
                limit: limit, scanLimit: scan)
            let preview = try job.run(reader: &reader)
            if let mismatch = ImportError.mappingMismatch(foundBy: preview.stoppedBy) { throw mismatch }
            if json { renderJSON(preview) } else { render(preview) }
            if preview.stoppedBy != nil { throw CLIExit.failure }
        }
    }

    private func render(_ preview: MappingPreview) {
        for row in preview.rows {
            print("record \(row.location)" + (row.rejection.map { "  → REJECTED: \($0.message) [\($0.code)]" } ?? ""))
            guard !row.cells.isEmpty else { print(""); continue }
            var table = TextTable(["field", "source", "source value", "mapped value"])
            for cell in row.cells {
                table.add([
                    cell.target, cell.source, cell.sourceValue ?? "∅",
                    cell.problem.map { "✘ \($0)" } ?? cell.mappedValue ?? "∅",
                ])
            }
            print(table.render())
            print("")
        }
        print("scanned \(preview.scanned.formatted()) records: \(preview.accepted.formatted()) would be taken, "
            + "\(preview.rejected.formatted()) rejected" + (preview.skipped > 0 ? ", \(preview.skipped) skipped" : ""))
        for (code, count) in preview.rejectsByCode.sorted(by: { $0.value > $1.value }) {
            print("  \(count.formatted())  \(code)")
        }
        if !preview.unseenMappedFields.isEmpty {
            print("mapped source fields never seen in the file (a typo?): "
                + preview.unseenMappedFields.joined(separator: ", "))
        }
        if !preview.unmappedSourceFields.isEmpty {
            print("source fields the mapping does not read:")
            for (field, count) in preview.unmappedSourceFields.sorted(by: { $0.key < $1.key }) {
                print("  \(field)" + (count > 0 ? "  (in \(count.formatted()) records)" : ""))
            }
        }
        if let stopped = preview.stoppedBy { printError("error: the file could not be read to its end: \(stopped)") }
    }

    private func renderJSON(_ preview: MappingPreview) {
        var object: [String: Any] = [
            "scanned": preview.scanned, "accepted": preview.accepted, "rejected": preview.rejected,
            "skipped": preview.skipped, "rejects_by_code": preview.rejectsByCode,
            "unmapped_source_fields": preview.unmappedSourceFields,
            "unseen_mapped_fields": preview.unseenMappedFields,
        ]
        object["records"] = preview.rows.map { row -> [String: Any] in
            var record: [String: Any] = ["location": row.location.description]
            record["fields"] = row.cells.map { cell -> [String: Any] in
                var item: [String: Any] = ["field": cell.target, "source": cell.source]
                item["source_value"] = cell.sourceValue ?? NSNull()
                item["mapped_value"] = cell.mappedValue ?? NSNull()
                if let problem = cell.problem { item["problem"] = problem }
                return item
            }
            if let rejection = row.rejection {
                record["rejected"] = ["code": rejection.code, "message": rejection.message]
            }
            return record
        }
        if let stopped = preview.stoppedBy { object["stopped_by"] = stopped.description }
        Output.json(object)
    }
}
