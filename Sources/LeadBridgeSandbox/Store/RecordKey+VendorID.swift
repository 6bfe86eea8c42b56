extension RecordKey {
    /// The record's id as its vendor's API shows it.
    var vendorID: String {
        switch object {
        case .hubSpotContact: HubSpotContactView.id(of: index)
        case .hubSpotEngagement, .marketoLead, .pardotProspect: String(index + 1)
        case .hubSpotWebEvent: HubSpotWebEventView.id(of: Int64(index))
        case .salesforceLead: SalesforceRecordView.id("Lead", index)
        case .salesforceContact: SalesforceRecordView.id("Contact", index)
        }
    }

    /// The log's account of a change to this record: its id and the fields set, as text.
    func change(_ fields: [String: JSONValue]) -> SandboxRecordChange {
        SandboxRecordChange(object: object.rawValue, id: vendorID, fields: fields.mapValues(\.stringValue))
    }
}

extension RecordKey: Comparable {
    static func < (lhs: RecordKey, rhs: RecordKey) -> Bool {
        (lhs.object.rawValue, lhs.index) < (rhs.object.rawValue, rhs.index)
    }
}
