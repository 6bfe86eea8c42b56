/// The process a run belongs to (`runs.pid`, `runs.host`), and how a later run tells that an unfinished run's
/// process is gone.
///
/// A run killed with `kill -9` (or by a power cut) never records how it ended and would stay `running` for ever.
/// When a run starts, every other `running` row becomes ``RunRecord/Status/interrupted`` when its process is no
/// longer alive on this host, or, when it was started on another host (or by a LeadBridge that recorded no process),
/// when it started more than ``foreignRunLimit`` seconds ago: this host cannot see that process, and no import,
/// pull or score runs that long.
///
/// ```swift
/// var store = try LeadStore(path: "data/leadbridge.sqlite")
/// store.runOwner = RunOwner(pid: getpid(), host: "worker-1") { pid in kill(pid, 0) == 0 || errno == EPERM }
/// ```
public struct RunOwner: Sendable {
    /// The process id of the run's process.
    public var pid: Int32
    /// The host name of the machine it runs on.
    public var host: String
    /// Whether a process with this id is alive on this host.
    public var isAlive: @Sendable (Int32) -> Bool

    /// How old, in seconds, a `running` run of another host must be before it counts as interrupted: 24 hours.
    public static let foreignRunLimit: Int64 = 24 * 3_600

    public init(pid: Int32, host: String, isAlive: @escaping @Sendable (Int32) -> Bool) {
        self.pid = pid
        self.host = host
        self.isAlive = isAlive
    }

    /// Why a run recorded as `running` has ended without finishing, or nil when it may still be running.
    ///
    /// - Parameters:
    ///   - pid: the run's process id, nil when it was not recorded.
    ///   - host: the run's host, nil when it was not recorded.
    ///   - startedAt: when the run started, in UTC seconds.
    ///   - now: the time now, in UTC seconds.
    public func abandonment(pid: Int64?, host: String?, startedAt: Int64, now: Int64) -> String? {
        if let pid, let host, host == self.host {
            guard let id = Int32(exactly: pid), !isAlive(id) else { return nil }
            return "interrupted: process \(pid) on \(host) ended without recording how the run ended "
                + "(killed, or the machine stopped)"
        }
        guard now - startedAt > Self.foreignRunLimit else { return nil }
        let place = host.map { "on \($0)" } ?? "by a process LeadBridge did not record"
        return "interrupted: started \(place) more than \(Self.foreignRunLimit / 3_600) hours ago and never finished"
    }
}
