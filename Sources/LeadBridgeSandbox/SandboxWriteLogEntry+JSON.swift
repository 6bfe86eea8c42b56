extension SandboxWriteLogEntry {
    /// The entry as JSON, with the keys of its `Codable` form.
    var json: JSONValue {
        [
            "sequence": .int(sequence), "at": .string(at), "vendor": .string(vendor), "method": .string(method),
            "path": .string(path), "body": .string(body), "status": .int(status),
            "recordsChanged": .int(recordsChanged), "changes": Self.json(changes),
        ]
    }

    /// Writes `json` as text, keys sorted as `JSONValue` writes them, without building the value (a push's log
    /// runs to tens of megabytes).
    func writeJSON(into out: inout [UInt8]) {
        func key(_ name: String) {
            JSONValue.writeString(name, into: &out)
            out.append(UInt8(ascii: ":"))
        }
        out.append(UInt8(ascii: "{"))
        key("at")
        JSONValue.writeString(at, into: &out)
        out.append(UInt8(ascii: ","))
        key("body")
        JSONValue.writeString(body, into: &out)
        out.append(UInt8(ascii: ","))
        key("changes")
        out.append(UInt8(ascii: "["))
        for (position, change) in changes.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "{"))
            key("fields")
            out.append(UInt8(ascii: "{"))
            for (index, name) in change.fields.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                key(name)
                if let value = change.fields[name]! { JSONValue.writeString(value, into: &out) } else {
                    out.append(contentsOf: "null".utf8)
                }
            }
            out.append(contentsOf: "},".utf8)
            key("id")
            JSONValue.writeString(change.id, into: &out)
            out.append(UInt8(ascii: ","))
            key("object")
            JSONValue.writeString(change.object, into: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: "],".utf8)
        key("method")
        JSONValue.writeString(method, into: &out)
        out.append(UInt8(ascii: ","))
        key("path")
        JSONValue.writeString(path, into: &out)
        out.append(contentsOf: ",\"recordsChanged\":\(recordsChanged),\"sequence\":\(sequence),".utf8)
        out.append(contentsOf: "\"status\":\(status),".utf8)
        key("vendor")
        JSONValue.writeString(vendor, into: &out)
        out.append(UInt8(ascii: "}"))
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
