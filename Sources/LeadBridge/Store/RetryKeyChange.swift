/// What one stored page does to its stream's retry keys: the keys it rejected join the list (or stay on it), the keys
/// it stored or found gone leave it.
struct RetryKeyChange: Sendable, Equatable {
    /// Keys rejected by this page, with the rejection's code.
    var rejected: [String: String]
    /// Keys that leave the list: stored now, or no longer at the remote.
    var resolved: Set<String>

    init(rejected: [String: String] = [:], resolved: Set<String> = []) {
        self.rejected = rejected
        self.resolved = resolved
    }

    var isEmpty: Bool { rejected.isEmpty && resolved.isEmpty }

    /// Adds the records the store refused (an identity clash, an activity whose person is unknown): they stay on the
    /// list even though they mapped.
    mutating func absorb(_ storeRejections: [RecordRejection]) {
        for rejection in storeRejections {
            guard let id = rejection.externalID else { continue }
            resolved.remove(id)
            rejected[id] = rejection.code
        }
    }
}
