/// The emulated sObjects and their fields: standard fields plus the custom `Lifecycle_Stage__c` and
/// `Lead_Score__c` on Lead and Contact.
/// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_lead.htm
enum SalesforceSchema {
    static let stages = ["Open", "MQL", "Sales Accepted", "Qualified", "Opportunity", "Customer", "Disqualified",
                         "Recycled"]

    /// A stage the org retired: describe still lists it, inactive; no record holds it.
    static let retiredStages = ["Nurture"]

    static let system: [SalesforceField] = [
        SalesforceField(name: "Id", type: "id", label: "Record ID", updateable: false, length: 18),
        SalesforceField(name: "IsDeleted", type: "boolean", label: "Deleted", updateable: false),
        SalesforceField(name: "OwnerId", type: "reference", label: "Owner ID", length: 18),
        SalesforceField(name: "CreatedDate", type: "datetime", label: "Created Date", updateable: false),
        SalesforceField(name: "LastModifiedDate", type: "datetime", label: "Last Modified Date", updateable: false),
        SalesforceField(name: "SystemModstamp", type: "datetime", label: "System Modstamp", updateable: false),
    ]

    static let person: [SalesforceField] = [
        SalesforceField(name: "FirstName", type: "string", label: "First Name", length: 40),
        SalesforceField(name: "LastName", type: "string", label: "Last Name", length: 80),
        SalesforceField(name: "Name", type: "string", label: "Full Name", updateable: false, length: 121),
        SalesforceField(name: "Email", type: "email", label: "Email", length: 80),
        SalesforceField(name: "Title", type: "string", label: "Title", length: 128),
        SalesforceField(name: "Phone", type: "phone", label: "Phone", length: 40),
        SalesforceField(name: "LeadSource", type: "picklist", label: "Lead Source",
                        picklist: ["Website", "Webinar", "Trade Show", "Paid Search", "Referral",
                                   "Content Syndication"]),
        SalesforceField(name: "Lifecycle_Stage__c", type: "picklist", label: "Lifecycle Stage", picklist: stages,
                        inactivePicklist: retiredStages),
        SalesforceField(name: "Lead_Score__c", type: "double", label: "Lead Score"),
    ]

    static let leadStatuses = ["Open - Not Contacted", "Working - Contacted", "Closed - Converted",
                               "Closed - Not Converted"]

    static let objects: [String: [SalesforceField]] = [
        "Lead": system + person + [
            SalesforceField(name: "Company", type: "string", label: "Company", length: 255),
            SalesforceField(name: "Industry", type: "picklist", label: "Industry"),
            SalesforceField(name: "NumberOfEmployees", type: "int", label: "Employees"),
            SalesforceField(name: "Country", type: "string", label: "Country", length: 80),
            SalesforceField(name: "City", type: "string", label: "City", length: 40),
            SalesforceField(name: "Status", type: "picklist", label: "Lead Status", picklist: leadStatuses),
            SalesforceField(name: "IsConverted", type: "boolean", label: "Converted", updateable: false),
        ],
        "Contact": system + person + [
            SalesforceField(name: "AccountId", type: "reference", label: "Account ID", length: 18),
            SalesforceField(name: "Department", type: "string", label: "Department", length: 80),
            SalesforceField(name: "MailingCountry", type: "string", label: "Mailing Country", length: 80),
            SalesforceField(name: "MailingCity", type: "string", label: "Mailing City", length: 40),
        ],
        "Task": system + [
            SalesforceField(name: "WhoId", type: "reference", label: "Name ID", length: 18),
            SalesforceField(name: "Subject", type: "string", label: "Subject"),
            SalesforceField(name: "Type", type: "picklist", label: "Type",
                            picklist: ["Call", "Email", "Meeting", "Other"]),
            SalesforceField(name: "TaskSubtype", type: "picklist", label: "Task Subtype", updateable: false,
                            picklist: ["Task", "Email", "Call"]),
            SalesforceField(name: "Status", type: "picklist", label: "Status",
                            picklist: ["Not Started", "In Progress", "Completed"]),
            SalesforceField(name: "Priority", type: "picklist", label: "Priority", picklist: ["High", "Normal", "Low"]),
            SalesforceField(name: "ActivityDate", type: "date", label: "Due Date Only"),
            SalesforceField(name: "Description", type: "textarea", label: "Description", length: 32_000),
        ],
        "CampaignMember": system.filter { $0.name != "OwnerId" } + [
            SalesforceField(name: "CampaignId", type: "reference", label: "Campaign ID", updateable: false),
            SalesforceField(name: "LeadId", type: "reference", label: "Lead ID", updateable: false),
            SalesforceField(name: "ContactId", type: "reference", label: "Contact ID", updateable: false),
            SalesforceField(name: "Status", type: "picklist", label: "Status", picklist: ["Sent", "Responded"]),
            SalesforceField(name: "HasResponded", type: "boolean", label: "Responded", updateable: false),
            SalesforceField(name: "FirstRespondedDate", type: "date", label: "Member First Responded",
                            updateable: false),
        ],
    ]

    static let keyPrefixes = ["Lead": SalesforceID.lead, "Contact": SalesforceID.contact, "Task": SalesforceID.task,
                              "CampaignMember": SalesforceID.campaignMember]

    /// The object's field, matched case-insensitively as SOQL does.
    static func field(_ name: String, of object: String) -> SalesforceField? {
        objects[object]?.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// The object's canonical name, matched case-insensitively.
    static func objectName(_ name: String) -> String? {
        objects.keys.first { $0.caseInsensitiveCompare(name) == .orderedSame }
    }
}
