import Foundation
import LeadBridge

extension PardotSource {
    /// Prospects asked for by id per retry batch. The v4 API reads one prospect per call (`read/id/<id>`), so a
    /// batch of 50 is 50 calls: rejects are few, and re-reading them by key is still cheaper than a wider window.
    static let keyReadLimit = 50
    static let readEndpoint = "GET /api/prospect/version/4/do/read/id/{id}"

    /// Prospects are read again by id; visitor activities are not (a `--full` pull brings them again).
    public func keyBatchLimit(for stream: PullStream) -> Int {
        stream.kind == .contacts ? Self.keyReadLimit : 0
    }

    /// `GET /api/prospect/version/4/do/read/id/<id>` for each key; an id Pardot does not have (error 4) is missing.
    public func records(keyed keys: [String], request: PullRequest) async throws -> KeyedRecords {
        var records: [RawRecord] = []
        var missing: [String] = []
        do throws(APIError) {
            for key in keys {
                guard let id = Int64(key) else {
                    missing.append(key)
                    continue
                }
                do throws(APIError) {
                    let found = try await send(endpoint: Self.readEndpoint, path: "/api/prospect/version/4/do/read/id/"
                        + String(id), query: [], recordElement: Self.prospectObject)
                    guard var record = found.first else {
                        missing.append(key)
                        continue
                    }
                    record.location = RecordLocation(source: "pardot prospect by id", index: records.count + 1)
                    records.append(record)
                } catch where error.code == .notFound {
                    missing.append(key)
                }
            }
        } catch {
            guard error.code == .budgetExhausted || error.code == .quotaExhausted else { throw error }
            throw PullInterruption(error.code == .budgetExhausted ? .budgetExhausted : .remoteLimit,
                                   "pardot: \(error.message)")
        }
        return KeyedRecords(records: records, missingKeys: missing)
    }

    /// The standard prospect fields of the v4 object field reference
    /// (https://developer.salesforce.com/docs/marketing/pardot/guide/object-field-reference.html#prospect).
    public static let standardProspectFields = [
        "id", "campaign_id", "salutation", "first_name", "last_name", "email", "company", "prospect_account_id",
        "website", "job_title", "department", "country", "address_one", "address_two", "city", "state", "territory",
        "zip", "phone", "fax", "source", "annual_revenue", "employees", "industry", "years_in_business", "comments",
        "notes", "score", "grade", "last_activity_at", "recent_interaction", "crm_lead_fid", "crm_contact_fid",
        "crm_owner_fid", "crm_account_fid", "salesforce_fid", "crm_last_sync", "crm_url", "is_do_not_email",
        "is_do_not_call", "opted_out", "is_reviewed", "is_starred", "created_at", "updated_at",
    ]

    /// The visitor activity fields of the v4 object field reference.
    public static let activityFields = [
        "id", "prospect_id", "visitor_id", "type", "type_name", "details", "email_id", "email_template_id",
        "list_email_id", "form_id", "form_handler_id", "site_search_query_id", "landing_page_id", "paid_search_id_id",
        "multivariate_test_variation_id", "visitor_page_view_id", "file_id", "custom_redirect_id", "campaign_id",
        "campaign.id", "campaign.name", "created_at", "updated_at",
    ]

    /// The prospect fields: the v4 API has no describe, so the standard fields plus those of one fetched prospect
    /// (custom fields included). One query call.
    public func prospectFields() async throws(APIError) -> [RemoteField] {
        let sample = try await query(Self.prospectQuery, object: Self.prospectObject,
                                     [("sort_by", "updated_at"), ("sort_order", "descending")]).first
        var names = Self.standardProspectFields
        for name in (sample?.fields.keys.sorted() ?? []) where !names.contains(name) { names.append(name) }
        let readOnly: Set<String> = ["id", "created_at", "updated_at", "last_activity_at", "crm_lead_fid",
                                     "crm_contact_fid", "crm_last_sync", "crm_url", "prospect_account_id"]
        return names.map { RemoteField(name: $0, label: $0, type: "string", readOnly: readOnly.contains($0)) }
    }
}
