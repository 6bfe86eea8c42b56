import LeadBridge

/// A starting mapping for a remote object, guessed from its field names (for `discover`).
public enum MappingSuggestion {
    /// Remote names (lower-cased, without `properties.`, `_` and `__c`) that usually hold each canonical field.
    static let synonyms: [(CanonicalField, [String])] = [
        (.email, ["email", "emailaddress"]),
        (.firstName, ["firstname", "givenname"]),
        (.lastName, ["lastname", "surname", "familyname"]),
        (.title, ["title", "jobtitle"]),
        (.company, ["company", "companyname", "accountname"]),
        (.domain, ["website", "domain", "companydomain"]),
        (.industry, ["industry"]),
        (.employees, ["numberofemployees", "numemployees", "employees"]),
        (.country, ["country", "mailingcountry"]),
        (.city, ["city", "mailingcity"]),
        (.phone, ["phone", "mobilephone"]),
        (.leadSource, ["leadsource", "hsanalyticssource", "source"]),
        (.lifecycleStage, ["lifecyclestage", "lifecyclestagec"]),
        (.createdAt, ["createddate", "createdate", "createdat"]),
    ]

    static func normalized(_ name: String) -> String {
        var text = name.hasPrefix("properties.") ? String(name.dropFirst("properties.".count)) : name
        if text.hasSuffix("__c") { text = String(text.dropLast(3)) + "c" }
        return text.lowercased().filter { $0.isLetter || $0.isNumber }
    }

    /// YAML for `Mappings/<connection>.yml`: key, modified field and the canonical fields found.
    public static func yaml(object: String, key: String, modified: String, fields: [RemoteField]) -> String {
        let byName = Dictionary(fields.map { (normalized($0.name), $0) }) { first, _ in first }
        var lines = [
            "object: \(object)", "key: \(key)", "modified: { from: \(modified), transform: [date] }", "fields:",
        ]
        for (canonical, names) in synonyms {
            guard let field = names.lazy.compactMap({ byName[$0] }).first else { continue }
            let name = "\(canonical.rawValue):".padding(toLength: 17, withPad: " ", startingAt: 0)
            switch canonical {
            case .email:
                lines.append("  \(name){ from: \(field.name), transform: [trim, lowercase, email], required: true }")
            case .employees where field.type == "int" || field.type == "number":
                lines.append("  \(name){ from: \(field.name), type: int }")
            case .createdAt:
                lines.append("  \(name){ from: \(field.name), transform: [date] }")
            case .lifecycleStage, .industry:
                let options = field.options.prefix(12).map { "\"\($0)\": ?" }.joined(separator: ", ")
                lines.append("  \(name){ from: \(field.name)\(options.isEmpty ? "" : ", map: { \(options) }") }")
            default:
                lines.append("  \(name)\(field.name)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
