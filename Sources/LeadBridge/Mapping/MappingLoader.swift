import Yams

extension FieldMapping {
    /// Loads and checks a mapping file.
    ///
    /// - Throws: ``ConfigurationError`` listing every problem in the file with its line and column and what is
    ///   allowed there.
    public static func load(path: String, displayPath: String? = nil) throws(ConfigurationError) -> FieldMapping {
        var file = try YAMLFile.load(path: path, displayPath: displayPath)
        return try MappingLoader.read(&file)
    }

    /// Parses mapping text (for tests and embedded defaults).
    public static func parse(_ text: String, path: String) throws(ConfigurationError) -> FieldMapping {
        var file = try YAMLFile.parse(text, path: path)
        return try MappingLoader.read(&file)
    }
}

/// Reads the mapping language from YAML nodes, collecting every problem.
enum MappingLoader {
    static let topKeys = [
        "object", "key", "modified", "precedence", "null_values", "format", "fields", "activities", "push",
    ]
    static let ruleKeys = ["from", "template", "transform", "map", "default", "type", "required"]
    static let activityKeys = [
        "object", "key", "contact", "type", "occurred_at", "url", "campaign", "asset", "detail",
    ]
    static let defaultPrecedence = ContactPatch.defaultPrecedence

    static func read(_ file: inout YAMLFile) throws(ConfigurationError) -> FieldMapping {
        guard let entries = file.entries(file.root, "the mapping") else {
            try file.throwIfProblems()
            throw ConfigurationError(file: file.path, "the mapping is empty")
        }
        file.checkKeys(entries, allowed: topKeys, "mapping")
        let top = Dictionary(entries.map { ($0.key, $0.value) }) { first, _ in first }
        var precedence = defaultPrecedence
        if let node = top["precedence"], let value = file.int(node, "precedence") {
            checkPrecedence(value, node, "precedence", file: &file)
            precedence = value
        }
        var nullValues: Set<String> = []
        if let node = top["null_values"], let tokens = file.stringList(node, "null_values") {
            nullValues = Set(tokens)
            if tokens.contains("") {
                file.problem("null_values: empty text always means no value; list only other tokens, like \"null\"",
                    at: node)
            }
        }

        var object = ""
        if let node = top["object"] {
            object = file.string(node, "object") ?? ""
        } else if top["activities"] == nil || top["fields"] != nil {
            file.problem("mapping: `object:` is missing: name the remote object (Lead, Contact, prospect, …)",
                at: file.root)
        }
        var key = ValueRule(source: .constant, position: file.path)
        if let node = top["key"] {
            key = valueRule(node, "key", output: .text, file: &file) ?? key
        } else if top["fields"] != nil {
            file.problem("mapping: `key:` is missing: name the remote field that identifies a record (Id, id, …)",
                at: file.root)
        }
        let modified = top["modified"].flatMap { valueRule($0, "modified", output: .date, file: &file) }

        var xmlRecord: String?
        var delimiter: UInt8?
        if let node = top["format"], let format = file.entries(node, "format") {
            file.checkKeys(format, allowed: ["xml_record", "delimiter"], "format")
            for entry in format {
                if entry.key == "xml_record" { xmlRecord = file.string(entry.value, "format.xml_record") }
                if entry.key == "delimiter", let text = file.string(entry.value, "format.delimiter") {
                    switch text {
                    case ",": delimiter = 0x2C
                    case ";": delimiter = 0x3B
                    case "tab", "\t": delimiter = 0x09
                    default: file.problem("format.delimiter: `\(text)` is not supported; use `,` `;` or `tab`", at: entry.value)
                    }
                }
            }
        }

        var fields: [ContactFieldRule] = []
        if let node = top["fields"] {
            fields = contactFields(node, precedence: precedence, file: &file)
        } else if top["activities"] == nil {
            file.problem("mapping: `fields:` is missing: list canonical fields and the remote fields they come from",
                at: file.root)
        }
        let activities = top["activities"].map { activityMappings($0, file: &file) } ?? []
        let push = top["push"].map { pushRules($0, file: &file) } ?? []
        try file.throwIfProblems()
        var mapping = FieldMapping(
            path: file.path, object: object, key: key, modified: modified, fields: fields,
            activities: activities.first, additionalActivities: Array(activities.dropFirst()),
            push: push, precedence: precedence, xmlRecordElement: xmlRecord, csvDelimiter: delimiter,
            valueMapPositions: file.valueMapPositions)
        if !nullValues.isEmpty { mapping.setNullValues(nullValues) }
        return mapping
    }

    /// Precedence 0 is what a `default:` gets (it fills only fields no source has a value for): a source's own
    /// values rank from 1 up.
    static func checkPrecedence(_ value: Int, _ node: Node, _ what: String, file: inout YAMLFile) {
        if value < 1 || value > 1_000_000 {
            file.problem("\(what): `\(value)` is out of range; use a whole number from 1 (lowest) to 1000000", at: node)
        }
    }

    static func position(_ node: Node, _ file: YAMLFile) -> String {
        "\(file.path):\(node.mark?.line ?? 0):\(node.mark?.column ?? 0)"
    }

    // MARK: fields

    static func contactFields(_ node: Node, precedence: Int, file: inout YAMLFile) -> [ContactFieldRule] {
        guard let entries = file.entries(node, "fields") else { return [] }
        let canonicalNames = CanonicalField.allCases.map(\.rawValue)
        var rules: [ContactFieldRule] = []
        for entry in entries {
            let target: ContactFieldRule.Target
            var output: ValueRule.OutputType
            if let field = CanonicalField(rawValue: entry.key) {
                target = .canonical(field)
                switch field.kind {
                case .text, .stage: output = .text
                case .int: output = .int
                case .date: output = .date
                case .email: output = .email
                }
            } else if entry.key.hasPrefix("extra."), entry.key.count > 6 {
                let name = String(entry.key.dropFirst(6))
                target = .extra(name)
                output = .text
                // `extra.stage_date.<stage>`: the CRM's own date for a stage, which stage transitions are timed by.
                if name.hasPrefix(StageDates.prefix) {
                    output = .date
                    let stage = String(name.dropFirst(StageDates.prefix.count))
                    if LifecycleStage(rawValue: stage) == nil {
                        let allowed = LifecycleStage.allCases.map(\.rawValue)
                        file.problem(
                            "fields.\(entry.key): `\(stage)` is not a stage\(Suggestion.didYouMean(stage, in: allowed)); "
                                + "write `extra.stage_date.<stage>` with one of: \(allowed.joined(separator: ", "))",
                            at: entry.keyNode)
                    }
                }
            } else {
                file.problem(
                    "fields: `\(entry.key)` is not a canonical field\(Suggestion.didYouMean(entry.key, in: canonicalNames)); "
                        + "canonical fields: \(canonicalNames.joined(separator: ", ")); custom fields go to `extra.<name>`",
                    at: entry.keyNode)
                continue
            }
            var fieldPrecedence = precedence
            if case .mapping = entry.value, let inner = file.entries(entry.value, "fields.\(entry.key)") {
                if let node = inner.first(where: { $0.key == "precedence" })?.value,
                    let value = file.int(node, "fields.\(entry.key).precedence")
                {
                    checkPrecedence(value, node, "fields.\(entry.key).precedence", file: &file)
                    fieldPrecedence = value
                }
                if let typeNode = inner.first(where: { $0.key == "type" })?.value,
                    let typeName = file.string(typeNode, "type")
                {
                    if case .extra = target, let declared = ValueRule.OutputType(rawValue: typeName) {
                        output = declared
                    } else if case .canonical = target, typeName != output.rawValue,
                        !(output == .email && typeName == "text")
                    {
                        file.problem(
                            "fields.\(entry.key): `type: \(typeName)` does not fit; \(entry.key) is always \(output.rawValue)",
                            at: typeNode)
                    }
                }
            }
            guard var rule = valueRule(entry.value, "fields.\(entry.key)", output: output, extraKeys: ["precedence"],
                file: &file)
            else { continue }
            if target == .canonical(.lifecycleStage) {
                checkStages(rule, entry.value, file: &file)
            }
            if target == .canonical(.email) { rule.output = .email }
            rules.append(ContactFieldRule(target: target, rule: rule, precedence: fieldPrecedence))
        }
        return rules
    }

    static func checkStages(_ rule: ValueRule, _ node: Node, file: inout YAMLFile) {
        let allowed = LifecycleStage.allCases.map(\.rawValue)
        for value in Array((rule.valueMap ?? [:]).values) + [rule.defaultValue].compactMap({ $0 })
        where !value.isEmpty && LifecycleStage(rawValue: value) == nil {
            file.problem(
                "fields.lifecycle_stage: `\(value)` is not a stage\(Suggestion.didYouMean(value, in: allowed)); "
                    + "stages: \(allowed.joined(separator: ", "))", at: node)
        }
    }

    // MARK: value rules

    /// A value rule from `RemoteField` or `{ from:, template:, transform:, map:, default:, type:, required: }`.
    static func valueRule(
        _ node: Node, _ what: String, output: ValueRule.OutputType, extraKeys: [String] = [], file: inout YAMLFile
    ) -> ValueRule? {
        let position = position(node, file)
        switch node {
        case .scalar(let scalar):
            guard !node.isNull, !scalar.string.isEmpty else {
                file.problem("\(what): name the remote field it comes from", at: node)
                return nil
            }
            return ValueRule(source: .field(scalar.string), output: output, position: position)
        case .mapping:
            guard let entries = file.entries(node, what) else { return nil }
            file.checkKeys(entries, allowed: ruleKeys + extraKeys, what)
            if let map = entries.first(where: { $0.key == "map" }) {
                file.valueMapPositions[position] = Self.position(map.keyNode, file)
            }
            let values = Dictionary(entries.map { ($0.key, $0.value) }) { first, _ in first }
            var source = ValueRule.Source.constant
            if let from = values["from"], let name = file.string(from, "\(what).from") {
                source = .field(name)
                if values["template"] != nil {
                    file.problem("\(what): use either `from:` or `template:`, not both", at: values["template"])
                }
            } else if let templateNode = values["template"], let text = file.string(templateNode, "\(what).template") {
                if let template = ValueTemplate(text) {
                    source = .template(template)
                } else {
                    file.problem("\(what).template: write fields in braces, like \"{FirstName} {LastName}\"",
                        at: templateNode)
                }
            } else if values["default"] == nil {
                file.problem("\(what): needs `from:` (a remote field), `template:` or `default:`", at: node)
            }
            var transforms: [Transform] = []
            if let transformNode = values["transform"] {
                let items: [Node] = if case .sequence(let sequence) = transformNode { Array(sequence) } else {
                    [transformNode]
                }
                for item in items {
                    guard let name = file.string(item, "\(what).transform") else { continue }
                    if let transform = Transform(name: name) {
                        transforms.append(transform)
                    } else if name.hasPrefix("date(") {
                        file.problem(
                            "\(what).transform: `\(name)` is not a date layout; use tokens yyyy MM dd HH mm ss, "
                                + "e.g. date(MM/dd/yyyy HH:mm)", at: item)
                    } else {
                        file.problem(
                            "\(what).transform: unknown transform `\(name)`"
                                + "\(Suggestion.didYouMean(name, in: Transform.names)); transforms: "
                                + Transform.names.joined(separator: ", ")
                                + " (value maps, defaults and templates are keys: map:, default:, template:)",
                            at: item)
                    }
                }
            }
            var output = output
            if let typeNode = values["type"], let typeName = file.string(typeNode, "\(what).type") {
                if let declared = ValueRule.OutputType(rawValue: typeName) {
                    if extraKeys.isEmpty { output = declared }
                } else {
                    file.problem("\(what).type: unknown type `\(typeName)`; types: text, int, double, bool, date, email",
                        at: typeNode)
                }
            }
            let valueMap = values["map"].flatMap { file.stringTable($0, "\(what).map") }
            let defaultValue = values["default"].flatMap { $0.isNull ? nil : file.string($0, "\(what).default") }
            let required = values["required"].flatMap { file.bool($0, "\(what).required") } ?? false
            return ValueRule(
                source: source, transforms: transforms, valueMap: valueMap, defaultValue: defaultValue,
                output: output, required: required, position: position)
        default:
            file.problem("\(what) must be a remote field name or a `{ from: … }` mapping", at: node)
            return nil
        }
    }

    // MARK: activities

    /// `activities:` as one block, or as a list of blocks for a source with several activity objects (each block
    /// names its own `object:`, and no two the same one).
    static func activityMappings(_ node: Node, file: inout YAMLFile) -> [ActivityMapping] {
        guard case .sequence(let sequence) = node else {
            return activityMapping(node, file: &file).map { [$0] } ?? []
        }
        if sequence.isEmpty {
            file.problem("activities: the list is empty; give one block per activity object, or leave "
                + "`activities:` out", at: node)
        }
        var blocks: [ActivityMapping] = []
        var objects: Set<String> = []
        for item in sequence {
            guard let block = activityMapping(item, file: &file) else { continue }
            if !objects.insert(block.object).inserted {
                file.problem("activities: two blocks read the object `\(block.object)`; merge them into one", at: item)
                continue
            }
            blocks.append(block)
        }
        return blocks
    }

    static func activityMapping(_ node: Node, file: inout YAMLFile) -> ActivityMapping? {
        guard let entries = file.entries(node, "activities") else { return nil }
        file.checkKeys(entries, allowed: activityKeys, "activities")
        let values = Dictionary(entries.map { ($0.key, $0.value) }) { first, _ in first }
        func required(_ key: String, output: ValueRule.OutputType) -> ValueRule? {
            guard let node = values[key] else {
                file.problem("activities: `\(key):` is missing", at: file.root)
                return nil
            }
            return valueRule(node, "activities.\(key)", output: output, file: &file)
        }
        let object = values["object"].flatMap { file.string($0, "activities.object") }
        if object == nil, values["object"] == nil {
            file.problem("activities: `object:` is missing: name the remote activity object", at: node)
        }
        let key = required("key", output: .text)
        let type = required("type", output: .text)
        let occurredAt = required("occurred_at", output: .date)
        var contact: ActivityMapping.ContactRule?
        if let contactNode = values["contact"] {
            contact = contactRule(contactNode, file: &file)
        } else {
            file.problem("activities: `contact:` is missing: `{ from: prospect_id, object: prospect }` or "
                + "`{ email: Email }`", at: node)
        }
        func optional(_ key: String) -> ValueRule? {
            guard let node = values[key] else { return nil }
            return valueRule(node, "activities.\(key)", output: .text, file: &file)
        }
        let url = optional("url")
        let campaign = optional("campaign")
        let asset = optional("asset")
        var detail: [(name: String, rule: ValueRule)] = []
        if let detailNode = values["detail"], let detailEntries = file.entries(detailNode, "activities.detail") {
            for entry in detailEntries {
                if let rule = valueRule(entry.value, "activities.detail.\(entry.key)", output: .text, file: &file) {
                    detail.append((entry.key, rule))
                }
            }
        }
        guard let object, let key, let type, let occurredAt, let contact else { return nil }
        return ActivityMapping(
            object: object, key: key, contact: contact, type: type, occurredAt: occurredAt, url: url,
            campaign: campaign, asset: asset, detail: detail)
    }

    static func contactRule(_ node: Node, file: inout YAMLFile) -> ActivityMapping.ContactRule? {
        if case .scalar = node {
            return valueRule(node, "activities.contact", output: .text, file: &file).map { .email($0) }
        }
        guard let entries = file.entries(node, "activities.contact") else { return nil }
        file.checkKeys(entries, allowed: ["from", "object", "email", "transform"], "activities.contact")
        let values = Dictionary(entries.map { ($0.key, $0.value) }) { first, _ in first }
        if let emailNode = values["email"] {
            return valueRule(emailNode, "activities.contact.email", output: .text, file: &file).map { .email($0) }
        }
        guard let from = values["from"], let object = values["object"].flatMap({ file.string($0, "object") }) else {
            file.problem("activities.contact: give `from:` and `object:` (the person's key and object in the same "
                + "system), or `email:`", at: node)
            return nil
        }
        return valueRule(from, "activities.contact.from", output: .text, file: &file)
            .map { .externalID($0, object: object) }
    }

    // MARK: push

    static func pushRules(_ node: Node, file: inout YAMLFile) -> [PushFieldRule] {
        guard let entries = file.entries(node, "push") else { return [] }
        let sources = PushFieldRule.Source.allCases.map(\.rawValue)
        var rules: [PushFieldRule] = []
        for entry in entries {
            guard let source = PushFieldRule.Source(rawValue: entry.key) else {
                file.problem("push: LeadBridge cannot push `\(entry.key)`\(Suggestion.didYouMean(entry.key, in: sources)); "
                    + "pushable: \(sources.joined(separator: ", "))", at: entry.keyNode)
                continue
            }
            let isStage = source == .lifecycleStage
            var rule = PushFieldRule(
                source: source, remoteField: "", valueMap: nil, whenRemoteChanged: .keep,
                stageOrder: isStage ? .neverDemote : .any, position: position(entry.value, file))
            if case .scalar = entry.value {
                rule.remoteField = file.string(entry.value, "push.\(entry.key)") ?? ""
            } else if let inner = file.entries(entry.value, "push.\(entry.key)") {
                file.checkKeys(inner, allowed: ["to", "map", "when_remote_changed", "stage_order"], "push.\(entry.key)")
                for item in inner {
                    switch item.key {
                    case "to": rule.remoteField = file.string(item.value, "push.\(entry.key).to") ?? ""
                    case "map": rule.valueMap = file.stringTable(item.value, "push.\(entry.key).map")
                    case "when_remote_changed":
                        let text = file.string(item.value, "when_remote_changed") ?? ""
                        if let policy = PushFieldRule.ConflictPolicy(rawValue: text) {
                            rule.whenRemoteChanged = policy
                        } else {
                            file.problem("push.\(entry.key).when_remote_changed: `\(text)` is not a policy; policies: "
                                + PushFieldRule.ConflictPolicy.allCases.map(\.rawValue).joined(separator: ", "),
                                at: item.value)
                        }
                    case "stage_order":
                        let text = file.string(item.value, "stage_order") ?? ""
                        if let order = PushFieldRule.StageOrder(rawValue: text) {
                            rule.stageOrder = order
                        } else {
                            file.problem("push.\(entry.key).stage_order: `\(text)` is not allowed; use never_demote "
                                + "or any", at: item.value)
                        }
                    default: break
                    }
                }
            }
            if rule.remoteField.isEmpty {
                file.problem("push.\(entry.key): `to:` names the remote field to write", at: entry.value)
                continue
            }
            rules.append(rule)
        }
        return rules
    }
}
