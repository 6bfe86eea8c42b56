import GRDB

extension LeadStore {
    /// Applies a batch of mapped activities and records rejects, in one transaction.
    ///
    /// An activity belongs to the contact its reference resolves to: the source link of (system, object, id), or
    /// the contact with that email. An activity whose person is not in the store yet is rejected (import the
    /// people first); one already stored with the same fingerprint is unchanged.
    public func apply(activities: [ActivityPatch], rejects: [RejectEntry] = [], runID: Int64?, now: Int64)
        throws(StoreError) -> ApplyResult
    {
        try write { db in try applyActivities(activities, rejects: rejects, runID: runID, now: now, db: db) }
    }

    /// ``apply(activities:rejects:runID:now:)`` inside a transaction the caller holds open.
    func applyActivities(
        _ activities: [ActivityPatch], rejects: [RejectEntry], runID: Int64?, now: Int64, db: Database
    ) throws -> ApplyResult {
        try Self.restoreBulkLoadIndexes(db)
        var result = ApplyResult()
        for activity in activities {
            try apply(activity, db: db, result: &result)
        }
        let storeRejects = result.rejected.map {
            RejectEntry(connection: activities.first?.system ?? "", stream: "activities", rejection: $0)
        }
        try insert(rejects: rejects + storeRejects, runID: runID, now: now, db: db)
        return result
    }

    private func apply(_ activity: ActivityPatch, db: Database, result: inout ApplyResult) throws {
        let contactID: Int64?
        let described: String
        switch activity.contact {
        case .externalID(let object, let id):
            contactID = try Int64.fetchOne(
                db.cachedStatement(
                    sql: "SELECT contact_id FROM source_links WHERE system = ? AND object = ? AND external_id = ?"),
                arguments: [activity.system, object, id])
            described = "\(activity.system) \(object) \(id)"
        case .email(let email):
            contactID = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM contacts WHERE email = ?"), arguments: [email])
            described = "email \(email)"
        }
        guard let contactID else {
            result.rejected.append(RecordRejection(
                code: "activity.unknown_contact",
                message: "no contact for \(described) yet; import or pull the people first, then import the "
                    + "activities again (stored ones are skipped)",
                location: activity.location, externalID: activity.externalID))
            return
        }
        let fingerprint = activity.fingerprint
        let stored = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT content_hash FROM activities WHERE system = ? AND external_id = ?"),
            arguments: [activity.system, activity.externalID])
        if stored == fingerprint {
            result.unchanged += 1
            return
        }
        try db.cachedStatement(sql: """
            INSERT INTO activities
                (contact_id, system, external_id, type, occurred_at, url, campaign, asset, detail, content_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (system, external_id) DO UPDATE SET
                contact_id = excluded.contact_id, type = excluded.type, occurred_at = excluded.occurred_at,
                url = excluded.url, campaign = excluded.campaign, asset = excluded.asset, detail = excluded.detail,
                content_hash = excluded.content_hash
            """).execute(arguments: [
                contactID, activity.system, activity.externalID, activity.type, activity.occurredAt, activity.url,
                activity.campaign, activity.asset, activity.detail.isEmpty ? nil : JSONText.object(activity.detail),
                fingerprint,
            ])
        if stored == nil { result.created += 1 } else { result.updated += 1 }
    }
}
