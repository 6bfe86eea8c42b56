import Foundation
import GRDB
import Testing

@testable import LeadBridge

/// Which unfinished runs a starting run marks interrupted: by process on this host, by age on another.
@Suite struct RunOwnerTests {
    static let now: Int64 = 1_793_491_200
    static let hour: Int64 = 3_600

    /// A store whose process (pid 100 on host `here`) sees only the given pids alive.
    static func store(alive: Set<Int32>, in directory: borrowing TemporaryDirectory) throws -> LeadStore {
        var store = try LeadStore(path: directory.path("leadbridge.sqlite"))
        store.runOwner = RunOwner(pid: 100, host: "here") { alive.contains($0) }
        return store
    }

    /// A run recorded as running by process `pid` on `host`, `hoursAgo`, and its status once the next run starts.
    struct Case: Sendable, CustomTestStringConvertible {
        var pid: Int64?
        var host: String?
        var hoursAgo: Int64
        var expected: String
        var testDescription: String { "pid \(pid.map(String.init) ?? "-") on \(host ?? "-"), \(hoursAgo) h ago" }
    }

    static let cases = [
        Case(pid: 7, host: "here", hoursAgo: 1, expected: "interrupted"),
        Case(pid: 7, host: "here", hoursAgo: 100, expected: "interrupted"),
        Case(pid: 8, host: "here", hoursAgo: 1, expected: "running"),
        Case(pid: 7, host: "elsewhere", hoursAgo: 1, expected: "running"),
        Case(pid: 7, host: "elsewhere", hoursAgo: 25, expected: "interrupted"),
        Case(pid: nil, host: nil, hoursAgo: 23, expected: "running"),
        Case(pid: nil, host: nil, hoursAgo: 25, expected: "interrupted"),
    ]

    @Test("a run whose process is gone on this host, or of another host and over 24 hours old, is interrupted",
        arguments: cases)
    func marksAbandonedRuns(_ run: Case) throws {
        let directory = TemporaryDirectory()
        // Given a run recorded as running by process `pid` on `host`
        let store = try Self.store(alive: [8, 100], in: directory)
        try store.writeForTesting { db in
            try db.execute(
                sql: "INSERT INTO runs (command, started_at, pid, host) VALUES ('pull', ?, ?, ?)",
                arguments: [Self.now - run.hoursAgo * Self.hour, run.pid, run.host])
        }

        // When another run starts
        let next = try store.startRun(command: "import", connection: "csv_export", now: Self.now)

        // Then the first is interrupted or still running, and the new run records its process
        let runs = try store.recentRuns()
        #expect(runs.map(\.status.rawValue) == ["running", run.expected])
        #expect(runs.first?.id == next && runs.first?.pid == 100 && runs.first?.host == "here")
        #expect((runs.last?.message?.hasPrefix("interrupted:") ?? false) == (run.expected == "interrupted"))
    }
}
