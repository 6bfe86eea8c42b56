import Foundation
import LeadBridge

extension RunOwner {
    /// This process: its id, the machine's host name, and `kill(pid, 0)` as the liveness test (a process that
    /// exists but belongs to another user answers EPERM, and is alive).
    static var currentProcess: RunOwner {
        var name = [CChar](repeating: 0, count: 256)
        let host = gethostname(&name, name.count - 1) == 0
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "localhost"
        return RunOwner(pid: getpid(), host: host) { pid in
            pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
        }
    }
}
