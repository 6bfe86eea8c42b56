import GRDB

extension LeadStore {
    /// Builds the scoring audit from the stored scores, the CRM stages and the recorded stage transitions.
    ///
    /// A converter's score is the one recorded when sales first took it (its transition to sal or later), so the
    /// audit judges the score sales saw, not one inflated by later activity; without a recorded transition the
    /// current score stands in (and says so).
    ///
    /// - Parameters:
    ///   - model: The model whose MQL rule and bands are audited.
    ///   - asOf: The audit time: MQLs waiting since before `asOf − SLA` are listed as pending breaches.
    ///   - slaHours: The MQL→SAL handoff SLA; defaults to the model's `handoff.sla_hours`.
    /// - Throws: ``StoreError`` when the database fails.
    public func audit(model: ScoringModel, asOf: Int64, slaHours: Double? = nil) throws(StoreError) -> ScoringAudit {
        let sla = slaHours ?? model.slaHours
        return try read { db in
            var audit = ScoringAudit(asOf: asOf, modelHash: model.hash, handoff: HandoffSummary(slaHours: sla))
            // The score each contact had when sales first took it.
            var atHandoff: [Int64: (fit: Double, engagement: Double, total: Double)] = [:]
            let salesStages = "('sal', 'sql', 'opportunity', 'customer')"
            let firstSales = try Row.fetchCursor(db, sql: """
                SELECT contact_id, fit, engagement, total FROM stage_transitions
                WHERE to_stage IN \(salesStages) ORDER BY contact_id, at, id
                """)
            while let row = try firstSales.next() {
                let id: Int64 = row[0]
                if atHandoff[id] == nil { atHandoff[id] = (row[1], row[2], row[3]) }
            }

            var bands = model.bands.labels.map { BandConversion(label: $0, contacts: 0, converted: 0) }
            var histogram: [Int: BandConversion] = [:]
            var converters: [AuditConverter] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT s.contact_id, s.fit, s.engagement, s.total, s.grade, c.lifecycle_stage,
                       c.email, c.title, c.company, c.industry, c.employees
                FROM scores s JOIN contacts c ON c.id = s.contact_id ORDER BY s.contact_id
                """)
            while let row = try rows.next() {
                let id: Int64 = row[0]
                let stage = (row[5] as String?).flatMap(LifecycleStage.init(rawValue:))
                let converted = stage.map { ScoringAudit.convertedStages.contains($0) } ?? false
                var fit: Double = row[1]
                var engagement: Double = row[2]
                var total: Double = row[3]
                var fromHandoff = false
                if converted, let before = atHandoff[id] {
                    (fit, engagement, total) = before
                    fromHandoff = true
                }
                let qualified = model.mql.qualifies(fit: fit, engagement: engagement, total: total)
                audit.contacts += 1
                let band = model.bands.index(of: total)
                bands[band].contacts += 1
                let bin = total < 0 ? -1 : Int(total / 10)
                histogram[bin, default: BandConversion(
                    label: bin < 0 ? "<0" : "\(bin * 10)–\(bin * 10 + 10)", contacts: 0, converted: 0)].contacts += 1
                switch (qualified, converted) {
                case (true, true): audit.separation.truePositives += 1
                case (true, false): audit.separation.falsePositives += 1
                case (false, true): audit.separation.falseNegatives += 1
                case (false, false): audit.separation.trueNegatives += 1
                }
                guard converted, let stage else { continue }
                audit.convertedCount += 1
                bands[band].converted += 1
                histogram[bin]?.converted += 1
                converters.append(AuditConverter(
                    id: id, email: row[6], title: row[7], company: row[8], industry: row[9], employees: row[10],
                    crmStage: stage.rawValue, fit: fit, engagement: engagement, total: total,
                    grade: model.grades.grade(fit: fit).rawValue, qualified: qualified, scoreAtHandoff: fromHandoff))
                if converters.count > 4 * ScoringAudit.listLimit { Self.trim(&converters) }
            }
            Self.trim(&converters)
            audit.converters = converters
            audit.bands = bands
            if let low = histogram.keys.min(), let high = histogram.keys.max() {
                audit.histogram = (low...high).map {
                    histogram[$0] ?? BandConversion(
                        label: $0 < 0 ? "<0" : "\($0 * 10)–\($0 * 10 + 10)", contacts: 0, converted: 0)
                }
            }
            audit.handoff = try Self.handoff(db: db, asOf: asOf, slaHours: sla)
            return audit
        }
    }

    private static func trim(_ converters: inout [AuditConverter]) {
        converters.sort { ($0.total, $1.id) > ($1.total, $0.id) }
        if converters.count > ScoringAudit.listLimit { converters.removeLast(converters.count - ScoringAudit.listLimit) }
    }

    /// MQL→SAL handoffs from the recorded transitions: the last MQL transition before the first sales one.
    private static func handoff(db: Database, asOf: Int64, slaHours: Double) throws -> HandoffSummary {
        var summary = HandoffSummary(slaHours: slaHours)
        var hours: [Double] = []
        var breaches: [HandoffRecord] = []
        var pending: [HandoffRecord] = []
        let rows = try Row.fetchCursor(db, sql: """
            SELECT t.contact_id, t.to_stage, t.at, s.stage FROM stage_transitions t
            LEFT JOIN scores s ON s.contact_id = t.contact_id
            WHERE t.to_stage IN ('mql', 'sal', 'sql', 'opportunity', 'customer')
            ORDER BY t.contact_id, t.at, t.id
            """)
        var current: Int64?
        var mqlAt: Int64?
        var accepted = false
        var currentStage: String?
        func finishContact() {
            guard let id = current, !accepted, let mqlAt, currentStage == LifecycleStage.mql.rawValue else { return }
            let waited = Double(asOf - mqlAt) / 3_600
            if waited > slaHours {
                pending.append(HandoffRecord(contactID: id, mqlAt: mqlAt, acceptedAt: nil, hours: waited))
            }
        }
        while let row = try rows.next() {
            let id: Int64 = row[0]
            if id != current {
                finishContact()
                current = id
                mqlAt = nil
                accepted = false
                currentStage = row[3]
            }
            let stage: String = row[1]
            let at: Int64 = row[2]
            if stage == LifecycleStage.mql.rawValue {
                if !accepted { mqlAt = at }
            } else if !accepted {
                accepted = true
                guard let mqlAt else { continue }
                let took = Double(at - mqlAt) / 3_600
                hours.append(took)
                if took > slaHours {
                    breaches.append(HandoffRecord(contactID: id, mqlAt: mqlAt, acceptedAt: at, hours: took))
                }
            }
        }
        finishContact()
        hours.sort()
        summary.count = hours.count
        summary.withinSLA = hours.filter { $0 <= slaHours }.count
        if !hours.isEmpty {
            summary.medianHours = hours[(hours.count - 1) / 2]
            summary.p90Hours = hours[min(hours.count - 1, Int((Double(hours.count) * 0.9).rounded(.up)) - 1)]
        }
        summary.breachCount = breaches.count
        summary.pendingOverSLACount = pending.count
        summary.breaches = try named(Array(breaches.sorted { $0.hours > $1.hours }.prefix(ScoringAudit.listLimit)), db)
        summary.pendingOverSLA = try named(
            Array(pending.sorted { $0.hours > $1.hours }.prefix(ScoringAudit.listLimit)), db)
        return summary
    }

    private static func named(_ records: [HandoffRecord], _ db: Database) throws -> [HandoffRecord] {
        let statement = try db.cachedStatement(sql: "SELECT email, company FROM contacts WHERE id = ?")
        return try records.map { record in
            var record = record
            if let row = try Row.fetchOne(statement, arguments: [record.contactID]) {
                record.email = row[0]
                record.company = row[1]
            }
            return record
        }
    }
}
