import ArgumentParser
import Foundation
import LeadBridge

struct ConflictsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "List the pushed fields someone changed in the CRM, and decide them.",
        discussion: """
            A conflict is a pushed field whose CRM value changed since LeadBridge last saw or wrote it. It stays \
            open (the CRM value is left alone) until decided: `conflicts resolve ID… --keep` keeps the CRM value \
            while it stays as it is; `--overwrite` lets the next push write LeadBridge's value (conditionally, where \
            the API allows: if the CRM changed it again, it is a new conflict).
            """,
        subcommands: [ListConflicts.self, ResolveConflicts.self], defaultSubcommand: ListConflicts.self)

    struct ListConflicts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List open conflicts.")

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Also list decided and closed conflicts.")
        var all = false

        @Flag(help: "Print as JSON.")
        var json = false

        func run() async throws {
            try await reportingErrors {
                let store = try global.openStore(try global.loadConfig())
                let conflicts = try store.conflicts(resolutions: all ? nil : [.open, .notTaken])
                if json { Output.json(conflicts.map(ConflictsCommand.object)) } else { ConflictsCommand.render(conflicts) }
            }
        }
    }

    struct ResolveConflicts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "resolve", abstract: "Decide conflicts.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "Conflict ids (from `leadbridge conflicts`).")
        var ids: [Int64]

        @Flag(help: "Keep the CRM's value.")
        var keep = false

        @Flag(help: "Let the next push write LeadBridge's value.")
        var overwrite = false

        func validate() throws {
            guard keep != overwrite else { throw ValidationError("say --keep or --overwrite") }
            guard !ids.isEmpty else { throw ValidationError("name the conflicts to decide") }
        }

        func run() async throws {
            try await reportingErrors {
                let store = try global.openStore(try global.loadConfig())
                let decided = try store.resolveConflicts(ids: ids, as: keep ? .kept : .overwrite)
                let skipped = ids.filter { !decided.contains($0) }
                print("\(decided.count) conflicts decided: " + (keep ? "the CRM's values are kept"
                    : "the next `leadbridge push` writes LeadBridge's values"))
                if !skipped.isEmpty {
                    printError("not open (unknown, or already closed): " + skipped.map(String.init).joined(separator: ", "))
                    throw CLIExit.partial
                }
            }
        }
    }

    static func object(_ conflict: StoredConflict) -> [String: Any] {
        var object: [String: Any] = [
            "id": conflict.id, "contact_id": conflict.contactID, "target": conflict.target,
            "object": conflict.key.object, "record": conflict.key.externalID, "field": conflict.key.field,
            "policy": conflict.policy, "resolution": conflict.resolution.rawValue,
            "detected_at": UTCTime.iso8601(conflict.detectedAt),
        ]
        object["email"] = conflict.email
        object["base"] = conflict.base
        object["ours"] = conflict.ours
        object["theirs"] = conflict.theirs
        object["run_id"] = conflict.runID
        object["remote_modified_at"] = conflict.remoteModifiedAt.map { UTCTime.iso8601($0 / 1000) }
        object["remote_modified_by"] = conflict.remoteModifiedBy
        return object
    }

    static func render(_ conflicts: [StoredConflict]) {
        guard !conflicts.isEmpty else {
            print("no open conflicts")
            return
        }
        var table = TextTable(["id", "person", "target record", "field", "base", "ours", "theirs", "changed",
                               "state"])
        for conflict in conflicts {
            table.add([String(conflict.id), conflict.email ?? "#\(conflict.contactID)",
                       "\(conflict.target) \(conflict.key.object) \(conflict.key.externalID)", conflict.key.field,
                       conflict.base ?? "∅", conflict.ours ?? "∅", conflict.theirs ?? "∅",
                       conflict.remoteModifiedAt.map { UTCTime.iso8601($0 / 1000) } ?? "-"
                           + (conflict.remoteModifiedBy.map { " by \($0)" } ?? ""),
                       conflict.resolution.rawValue])
        }
        print(table.render(maxWidth: 40))
        print("\(conflicts.count) conflicts; decide with `leadbridge conflicts resolve ID… --keep|--overwrite`")
    }
}
