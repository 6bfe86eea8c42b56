/// A connection LeadBridge pushes to, with its mapping's `push:` rules: what the planner needs of the config.
public struct PushTarget: Sendable {
    /// The connection's name: the `system` of its source links and the `target` of its bases.
    public var name: String
    public var rules: [PushFieldRule]
    /// Remote lifecycle stage values → canonical stages, for `stage_order: never_demote`: the mapping's
    /// `lifecycle_stage` map, completed by the inverse of the push map.
    public var remoteStages: [String: LifecycleStage]

    public init(name: String, mapping: FieldMapping) {
        self.name = name
        self.rules = mapping.push
        var stages: [String: LifecycleStage] = [:]
        for rule in mapping.push where rule.source == .lifecycleStage {
            for (canonical, remote) in rule.valueMap ?? [:] {
                if let stage = LifecycleStage(rawValue: canonical) { stages[remote] = stage }
            }
        }
        let pulled = mapping.fields.first { $0.target == .canonical(.lifecycleStage) }?.rule.valueMap ?? [:]
        for (remote, canonical) in pulled {
            if let stage = LifecycleStage(rawValue: canonical) { stages[remote] = stage }
        }
        self.remoteStages = stages
    }

    /// The remote fields the push writes.
    public var remoteFields: [String] { rules.map(\.remoteField) }

    /// The canonical stage a remote stage value stands for; nil when unknown.
    public func stage(ofRemote value: String) -> LifecycleStage? {
        remoteStages[value] ?? LifecycleStage(rawValue: value.lowercased())
            ?? remoteStages.first { $0.key.caseInsensitiveCompare(value) == .orderedSame }?.value
    }
}
