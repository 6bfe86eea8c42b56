import ArgumentParser
import Foundation
import LeadBridge
import LeadBridgeConnectors
import LeadBridgeSampleData

/// Generates export files and measures `import` end to end: read + map + store, records/s and peak RSS.
struct ImportBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import throughput for generated CSV, XML and NDJSON exports, with peak memory.")

    @Option(help: "People in each generated file.")
    var contacts = 1_000_000

    @Option(help: "Layouts to measure, comma-separated: csv, xml, ndjson, activities.")
    var layouts = "csv,xml"

    @Option(help: "Activities per person for the activities layout.")
    var activitiesPerContact = 10

    @Option(help: "Work folder (default: a temporary one, removed afterwards).")
    var directory: String?

    @Flag(help: "Keep generated files in --directory and reuse them on the next run (for profiling the import alone).")
    var reuseFiles = false

    @Flag(help: "Also measure re-importing the same file (must be all unchanged).")
    var reimport = false

    @Flag(help: "Also time reading alone and reading + mapping, to see where the time goes.")
    var phases = false

    func run() async throws {
        let names = layouts.split(separator: ",").map(String.init)
        if names.count > 1 {
            // One process per layout: peak memory is then each import's own, as `leadbridge import` runs one.
            for name in names { try runChild(layout: name) }
            return
        }
        let root = directory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("leadbridge-bench-\(ProcessInfo.processInfo.processIdentifier)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: root) } }
        let generator = SampleDataGenerator(seed: 7)
        print("leadbridge-bench import: \(contacts.formatted()) contacts per file, folder \(root)")
        #if DEBUG
        print("warning: debug build; measure with `swift run -c release leadbridge-bench import`")
        #endif

        for name in names {
            guard let plan = Self.plans[name] else {
                throw ValidationError("unknown layout \(name); layouts: \(Self.plans.keys.sorted().joined(separator: ", "))")
            }
            let file = "\(root)/\(name)-\(contacts).\(plan.layout.fileExtension)"
            let generated = Date()
            let bytes: Int
            if reuseFiles, let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int {
                bytes = size
                print("\n[\(name)] reusing \(file), " + String(format: "%.1f MB", Double(bytes) / 1e6))
            } else {
                let written = try SampleExportWriter.write(
                    plan.layout, people: 0..<contacts,
                    activitiesPerPerson: plan.stream == .activities ? activitiesPerContact : 0,
                    generator: generator, to: file)
                bytes = written.bytes
                print("\n[\(name)] generated \(written.records.formatted()) records, "
                    + String(format: "%.1f MB in %.1f s", Double(bytes) / 1e6, Date().timeIntervalSince(generated)))
            }
            let storePath = "\(root)/\(name).sqlite"
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storePath + suffix) }
            let store = try LeadStore(path: storePath)
            if !LeadStore.isSQLiteTuned { print("note: SQLite was in use before the store opened; not tuned") }
            let mapping = try FieldMapping.parse(DefaultFiles.text(of: plan.mapping), path: plan.mapping)
            if plan.stream == .activities {
                // Activities need their people: import the contacts file first (not measured).
                let contactsFile = "\(root)/activities-people.csv"
                try SampleExportWriter.write(.genericContactsCSV, people: 0..<contacts, generator: generator,
                    to: contactsFile)
                var reader = try ExportSource.open(path: contactsFile, mapping: mapping, stream: .contacts)
                _ = try Importer(store: store, now: { 1_790_000_000 }).run(
                    reader: &reader, mapping: mapping, connection: "bench", stream: .contacts, source: contactsFile)
            }
            if phases {
                try measurePhases(name: name, file: file, mapping: mapping, stream: plan.stream)
                if plan.stream == .contacts {
                    try measureStore(name: name, file: file, mapping: mapping, directory: root)
                }
            }
            for pass in reimport ? [1, 2] : [1] {
                ProcessMemory.resetPeak()
                var reader = try ExportSource.open(path: file, mapping: mapping, stream: plan.stream)
                let report = try Importer(store: store, now: { 1_790_000_000 }).run(
                    reader: &reader, mapping: mapping, connection: "bench", stream: plan.stream, source: file)
                let rate = Double(report.read) / report.seconds
                print("[\(name)] \(pass == 1 ? "import  " : "reimport") \(report.read.formatted()) records in "
                    + String(format: "%.2f s = %.0f records/s, %.1f MB/s", report.seconds, rate,
                        Double(bytes) / 1e6 / report.seconds)
                    + "; created \(report.created.formatted()), updated \(report.updated.formatted()), "
                    + "unchanged \(report.unchanged.formatted()), rejected \(report.rejected.formatted())"
                    + String(format: "; peak RSS %.0f MiB", ProcessMemory.peakMiB()))
            }
            if !reuseFiles { try? FileManager.default.removeItem(atPath: file) }
        }
    }

    /// Runs this benchmark for one layout in a child process, its output passed through.
    private func runChild(layout: String) throws {
        guard Self.plans[layout] != nil else {
            let known = Self.plans.keys.sorted().joined(separator: ", ")
            throw ValidationError("unknown layout \(layout); layouts: \(known)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var arguments = ["import", "--contacts", String(contacts), "--layouts", layout,
                         "--activities-per-contact", String(activitiesPerContact)]
        if let directory { arguments += ["--directory", directory] }
        if reuseFiles { arguments.append("--reuse-files") }
        if reimport { arguments.append("--reimport") }
        if phases { arguments.append("--phases") }
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("the \(layout) benchmark failed (exit \(process.terminationStatus))")
        }
    }

    /// Reads the file without storing: once only reading, once reading and mapping.
    private func measurePhases(name: String, file: String, mapping: FieldMapping, stream: ImportStream) throws {
        for mapRecords in [false, true] {
            var reader = try ExportSource.open(path: file, mapping: mapping, stream: stream)
            let started = Date()
            var count = 0
            var mapped = 0
            while let item = try reader.next() {
                count += 1
                guard mapRecords, case .record(let record) = item else { continue }
                switch stream {
                case .contacts:
                    if case .success(let patch) = mapping.mapContact(record, system: "bench") {
                        mapped += patch.fingerprint == 0 ? 0 : 1
                    }
                case .activities:
                    if case .activity = mapping.mapActivity(record, system: "bench") { mapped += 1 }
                }
            }
            let seconds = Date().timeIntervalSince(started)
            print("[\(name)] \(mapRecords ? "read+map" : "read    ") \(count.formatted()) records in "
                + String(format: "%.2f s = %.0f records/s", seconds, Double(count) / seconds)
                + (mapRecords ? " (\(mapped.formatted()) mapped)" : ""))
        }
    }

    /// Times only `store.apply` (one transaction per 5,000 records) on records read and mapped beforehand.
    private func measureStore(name: String, file: String, mapping: FieldMapping, directory: String) throws {
        let storePath = "\(directory)/\(name)-store-only.sqlite"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storePath + suffix) }
        let store = try LeadStore(path: storePath)
        var reader = try ExportSource.open(path: file, mapping: mapping, stream: .contacts)
        var batch: [ContactPatch] = []
        var storeSeconds = 0.0
        var count = 0
        func flush() throws {
            let started = Date()
            _ = try store.apply(contacts: batch, runID: nil, now: 1_790_000_000)
            storeSeconds += Date().timeIntervalSince(started)
            count += batch.count
            batch.removeAll(keepingCapacity: true)
        }
        while let item = try reader.next() {
            if case .record(let record) = item, case .success(let patch) = mapping.mapContact(record, system: "bench") {
                batch.append(patch)
                if batch.count == 5_000 { try flush() }
            }
        }
        try flush()
        print("[\(name)] store   \(count.formatted()) records in "
            + String(format: "%.2f s = %.0f records/s (store.apply alone)", storeSeconds, Double(count) / storeSeconds))
    }

    struct Plan {
        var layout: SampleExportLayout
        var mapping: String
        var stream: ImportStream
    }

    static let plans: [String: Plan] = [
        "csv": Plan(layout: .genericContactsCSV, mapping: "Mappings/generic-csv.yml", stream: .contacts),
        "xml": Plan(layout: .pardotProspectsXML, mapping: "Mappings/pardot-prospects.yml", stream: .contacts),
        "ndjson": Plan(layout: .hubspotContactsNDJSON, mapping: "Mappings/hubspot-export.yml", stream: .contacts),
        "activities": Plan(layout: .genericActivitiesCSV, mapping: "Mappings/generic-csv.yml", stream: .activities),
    ]
}
