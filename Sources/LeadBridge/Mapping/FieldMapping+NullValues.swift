extension FieldMapping {
    /// Makes every rule of the mapping read these source texts as "no value" (the mapping's `null_values:`).
    mutating func setNullValues(_ tokens: Set<String>) {
        key.nullValues = tokens
        modified?.nullValues = tokens
        for index in fields.indices { fields[index].rule.nullValues = tokens }
        activities = activities.map { Self.withNullValues($0, tokens) }
        additionalActivities = additionalActivities.map { Self.withNullValues($0, tokens) }
    }

    private static func withNullValues(_ block: ActivityMapping, _ tokens: Set<String>) -> ActivityMapping {
        var activities = block
        activities.key.nullValues = tokens
        activities.type.nullValues = tokens
        activities.occurredAt.nullValues = tokens
        activities.url?.nullValues = tokens
        activities.campaign?.nullValues = tokens
        activities.asset?.nullValues = tokens
        for index in activities.detail.indices { activities.detail[index].rule.nullValues = tokens }
        switch activities.contact {
        case .externalID(var rule, let object):
            rule.nullValues = tokens
            activities.contact = .externalID(rule, object: object)
        case .email(var rule):
            rule.nullValues = tokens
            activities.contact = .email(rule)
        }
        return activities
    }
}
