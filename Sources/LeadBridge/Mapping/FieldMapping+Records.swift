extension FieldMapping {
    /// Maps one raw record to a contact patch, or says why it cannot be taken.
    public func mapContact(_ record: RawRecord, system: String) -> Result<ContactPatch, RecordRejection> {
        mapContact(record, system: system, slots: nil)
    }

    /// ``mapContact(_:system:)`` with the rules' source fields resolved to the record's slots (``RecordMapper``).
    func mapContact(
        _ record: RawRecord, system: String, slots: RecordMapper.Slots?
    ) -> Result<ContactPatch, RecordRejection> {
        let externalID: String
        do throws(ValueProblem) {
            guard let id = try key.text(record, slot: slots?.key) else {
                return .failure(reject(record, nil, "mapping.missing_key",
                    "has no key: `\(key.sourceFields.joined(separator: ", "))` is empty (key at \(key.position))"))
            }
            externalID = id
        } catch {
            return .failure(reject(record, nil, "mapping.invalid_key", "key: \(error.message)"))
        }
        var patch = ContactPatch(
            system: system, object: object, externalID: externalID, extrasPrecedence: precedence,
            location: record.location)
        if let modified {
            do throws(ValueProblem) {
                if case .date(let seconds)? = try modified.value(record, slot: slots?.modified) {
                    patch.modifiedAt = seconds
                }
            } catch {
                return .failure(reject(record, externalID, "mapping.invalid_value",
                    "modified time (\(modified.sourceDescription)): \(error.message)"))
            }
        }
        // By index, so that each rule is read in place: passed as an argument, every rule was copied (and its
        // strings, arrays and maps retained and released) for every record, 4% of an XML import's CPU time.
        for index in fields.indices {
            if let rejection = applyField(at: index, slot: slots?.fields[index], record, externalID, to: &patch) {
                return .failure(rejection)
            }
        }
        return .success(patch)
    }

    /// Applies the field rule at `index` to the patch; the rejection when the record cannot be taken.
    private func applyField(
        at index: Int, slot: Int?, _ record: RawRecord, _ externalID: String, to patch: inout ContactPatch
    ) -> RecordRejection? {
        do throws(ValueProblem) {
            guard let (value, isDefault) = try fields[index].rule.typedValue(record, slot: slot) else { return nil }
            // A default stands in for a missing value: precedence 0 fills the field only where no source has a value.
            let precedence = isDefault ? 0 : fields[index].precedence
            switch fields[index].target {
            case .canonical(.lifecycleStage) where LifecycleStage(rawValue: value.text) == nil:
                return reject(record, externalID, "mapping.invalid_value",
                    "field lifecycle_stage (\(fields[index].rule.sourceDescription)): `\(value.text)` is not a stage; "
                        + "map it with `map:` to one of "
                        + LifecycleStage.allCases.map(\.rawValue).joined(separator: ", "))
            case .canonical(let canonical):
                patch.values[canonical.ordinal] = value
                patch.precedence[canonical.ordinal] = precedence
            case .extra(let name):
                patch.extra[name] = value
                if precedence != patch.extrasPrecedence { patch.extraPrecedence[name] = precedence }
            }
            return nil
        } catch {
            let code = error.isMissing ? "mapping.required" : "mapping.invalid_value"
            let separator = error.isMissing ? " " : ": "
            let field = fields[index]
            return reject(record, externalID, code,
                "field \(field.target.name) (\(field.rule.sourceDescription))\(separator)\(error.message)")
        }
    }

    /// What became of one raw activity record.
    public enum ActivityOutcome: Sendable, Equatable {
        case activity(ActivityPatch)
        /// Its type maps to `skip`: not an activity LeadBridge scores.
        case skipped
        case rejected(RecordRejection)
    }

    /// Maps one raw record with the `activities:` section.
    public func mapActivity(_ record: RawRecord, system: String) -> ActivityOutcome {
        guard let activities else {
            return .rejected(reject(record, nil, "mapping.no_activities",
                "the mapping \(path) has no `activities:` section; add one to import activity files"))
        }
        var externalID: String?
        do throws(ValueProblem) {
            guard let id = try activities.key.text(record) else {
                return .rejected(reject(record, nil, "mapping.missing_key",
                    "activity has no key: `\(activities.key.sourceFields.joined(separator: ", "))` is empty"))
            }
            externalID = id
            guard let type = try activities.type.text(record) else {
                return .rejected(reject(record, id, "mapping.required",
                    "activity type (\(activities.type.sourceDescription)) is empty"))
            }
            if type == ActivityMapping.skip { return .skipped }
            guard case .date(let occurredAt)? = try activities.occurredAt.value(record) else {
                return .rejected(reject(record, id, "mapping.required",
                    "activity time (\(activities.occurredAt.sourceDescription)) is empty"))
            }
            let contact: ActivityPatch.ContactReference
            switch activities.contact {
            case .externalID(let rule, let object):
                guard let value = try rule.text(record) else {
                    return .rejected(reject(record, id, "mapping.required",
                        "activity names no person (\(rule.sourceDescription) is empty)"))
                }
                contact = .externalID(object: object, id: value)
            case .email(let rule):
                guard let value = try rule.text(record), let email = TextNormalizer.normalizedEmail(value) else {
                    return .rejected(reject(record, id, "mapping.required",
                        "activity names no person by a valid email (\(rule.sourceDescription))"))
                }
                contact = .email(email)
            }
            var detail: [String: String] = [:]
            for (name, rule) in activities.detail {
                if let value = try rule.text(record) { detail[name] = value }
            }
            return .activity(ActivityPatch(
                system: system, externalID: id, contact: contact, type: type, occurredAt: occurredAt,
                url: try activities.url?.text(record), campaign: try activities.campaign?.text(record),
                asset: try activities.asset?.text(record), detail: detail, location: record.location))
        } catch {
            return .rejected(reject(record, externalID, "mapping.invalid_value", "activity: \(error.message)"))
        }
    }

    private func reject(_ record: RawRecord, _ id: String?, _ code: String, _ message: String) -> RecordRejection {
        RecordRejection(code: code, message: message, location: record.location, externalID: id)
    }
}
