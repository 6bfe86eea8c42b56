extension SandboxWriteLogEntry {
    /// The entry as JSON, with the keys of its `Codable` form.
    var json: JSONValue {
        [
            "sequence": .int(sequence), "at": .string(at), "vendor": .string(vendor), "method": .string(method),
            "path": .string(path), "body": .string(body), "status": .int(status),
            "recordsChanged": .int(recordsChanged), "changes": Self.json(changes),
        ]
    }

    static func json(_ changes: [SandboxRecordChange]) -> JSONValue {
        .array(changes.map { change in
            [
                "object": .string(change.object), "id": .string(change.id),
                "fields": .object(change.fields.mapValues { $0.map(JSONValue.string) ?? .null }),
            ]
        })
    }

    /// Changes as `json(_:)` writes them; nil when the value is not of that shape.
    static func changes(from value: JSONValue) -> [SandboxRecordChange]? {
        guard let items = value.arrayValue else { return nil }
        var changes: [SandboxRecordChange] = []
        changes.reserveCapacity(items.count)
        for item in items {
            guard let object = item["object"]?.stringValue, let id = item["id"]?.stringValue,
                  let fields = item["fields"]?.objectValue else { return nil }
            changes.append(SandboxRecordChange(object: object, id: id, fields: fields.mapValues(\.stringValue)))
        }
        return changes
    }
}
