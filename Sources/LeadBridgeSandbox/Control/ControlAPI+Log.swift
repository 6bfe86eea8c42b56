extension ControlAPI {
    /// `GET /__sandbox/log`: `{"writes": [SandboxWriteLogEntry], "calls": {"vendor METHOD /path": n},
    /// "lastSequence": n}`. `since=N` lists only the writes after the one numbered N, `limit=N` at most N of them
    /// (page on with `since` = the last sequence listed until it reaches `lastSequence`); `summary=true` answers
    /// per record instead (``SandboxLogSummary``).
    func log(_ request: SandboxRequest) async -> SandboxResponse {
        var bounds: [String: Int] = [:]
        for (name, minimum) in [("since", 0), ("limit", 1)] {
            guard let text = request.queryValue(name) else { continue }
            guard let value = Int(text), value >= minimum else {
                return .json(["error": .string("\(name) must be a whole number ≥ \(minimum); got \(text)")],
                             status: 400)
            }
            bounds[name] = value
        }
        let summary = request.queryValue("summary").map { ["true", "1", "yes"].contains($0.lowercased()) } ?? false
        let (entries, lastSequence, calls) = await services.store.logPage(since: bounds["since"] ?? 0,
                                                                          limit: bounds["limit"] ?? .max)
        if summary {
            var folded = SandboxLogSummary()
            folded.add(entries)
            return SandboxResponse(status: 200, headers: [("Content-Type", "application/json;charset=UTF-8")],
                                   body: folded.json(lastSequence: lastSequence, calls: calls))
        }
        // Written entry by entry (the keys in `JSONValue`'s sorted order): a push's log runs to tens of megabytes.
        var out: [UInt8] = []
        out.reserveCapacity(entries.reduce(64) { $0 + $1.body.utf8.count + 96 * $1.changes.count + 160 })
        out.append(contentsOf: "{\"calls\":".utf8)
        JSONValue.object(calls.mapValues { .int($0) }).write(into: &out)
        out.append(contentsOf: ",\"lastSequence\":\(lastSequence),\"writes\":[".utf8)
        for (position, entry) in entries.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            entry.writeJSON(into: &out)
        }
        out.append(contentsOf: "]}".utf8)
        return SandboxResponse(status: 200, headers: [("Content-Type", "application/json;charset=UTF-8")], body: out)
    }
}
