/// A dry run of a mapping over a source: the first records side by side (source value → mapped value), and
/// totals over the whole source (rejects by reason, source fields the mapping ignores, mapped fields never seen).
/// Writes nothing.
public struct MappingPreview: Sendable, Equatable {
    /// One mapped field of one record.
    public struct Cell: Sendable, Equatable {
        public var target: String
        public var source: String
        public var sourceValue: String?
        public var mappedValue: String?
        public var problem: String?
    }

    /// One previewed record.
    public struct Row: Sendable, Equatable {
        public var location: RecordLocation
        public var cells: [Cell]
        /// Why the whole record would be rejected, if it would.
        public var rejection: RecordRejection?
    }

    public var rows: [Row] = []
    public var scanned = 0
    public var accepted = 0
    public var skipped = 0
    public var rejected = 0
    public var rejectsByCode: [String: Int] = [:]
    /// Source fields present in records that the mapping does not read, with how many records have them.
    public var unmappedSourceFields: [String: Int] = [:]
    /// Source fields the mapping reads that no scanned record had (often a typo).
    public var unseenMappedFields: [String] = []
    public var stoppedBy: SourceError?

    /// Previews `mapping` over `reader`.
    ///
    /// - Parameters:
    ///   - limit: records shown side by side.
    ///   - scanLimit: records counted for the totals (nil: the whole source).
    public static func run<Reader: RecordReader>(
        reader: inout Reader, mapping: FieldMapping, stream: ImportStream, connection: String, limit: Int,
        scanLimit: Int? = nil
    ) -> MappingPreview {
        var preview = MappingPreview()
        let readFields = Set((stream == .contacts ? mapping.contactSourceFields : mapping.activitySourceFields)
            .map(\.field))
        var seenMapped = Set<String>()
        var mapper = RecordMapper(mapping: mapping, system: connection, stream: stream)
        if let declared = reader.declaredFields {
            for field in declared where !readFields.contains(field) { preview.unmappedSourceFields[field] = 0 }
        }
        while scanLimit.map({ preview.scanned < $0 }) ?? true {
            let item: ReadItem?
            do throws(SourceError) { item = try reader.next() } catch {
                preview.stoppedBy = error
                break
            }
            guard let item else { break }
            preview.scanned += 1
            switch item {
            case .rejected(let rejection):
                preview.reject(rejection)
                if preview.rows.count < limit {
                    preview.rows.append(Row(location: rejection.location, cells: [], rejection: rejection))
                }
            case .record(let record):
                for field in record.fields.keys {
                    if readFields.contains(field) { seenMapped.insert(field) } else {
                        preview.unmappedSourceFields[field, default: 0] += 1
                    }
                }
                var rejection: RecordRejection?
                switch mapper.map(record) {
                case .rejected(let problem): rejection = problem
                case .skipped: preview.skipped += 1
                case .contact, .activity: break
                }
                if let rejection { preview.reject(rejection) } else { preview.accepted += 1 }
                if preview.rows.count < limit {
                    preview.rows.append(Row(
                        location: record.location, cells: cells(record, mapping: mapping, stream: stream),
                        rejection: rejection))
                }
            }
        }
        preview.unseenMappedFields = readFields.subtracting(seenMapped).sorted()
        if let declared = reader.declaredFields {
            preview.unseenMappedFields.removeAll { declared.contains($0) }
        }
        return preview
    }

    private mutating func reject(_ rejection: RecordRejection) {
        rejected += 1
        rejectsByCode[rejection.code, default: 0] += 1
    }

    private static func cells(_ record: RawRecord, mapping: FieldMapping, stream: ImportStream) -> [Cell] {
        var rules: [(String, ValueRule)] = []
        switch stream {
        case .contacts:
            rules = [("key", mapping.key)] + (mapping.modified.map { [("modified", $0)] } ?? [])
                + mapping.fields.map { ($0.target.name, $0.rule) }
        case .activities:
            guard let activities = mapping.activities else { return [] }
            rules = [("key", activities.key), ("type", activities.type), ("occurred_at", activities.occurredAt)]
            switch activities.contact {
            case .externalID(let rule, let object): rules.append(("contact (\(object))", rule))
            case .email(let rule): rules.append(("contact (email)", rule))
            }
            for (name, rule) in [("url", activities.url), ("campaign", activities.campaign), ("asset", activities.asset)]
            {
                if let rule { rules.append((name, rule)) }
            }
            rules += activities.detail.map { ("detail.\($0.name)", $0.rule) }
        }
        return rules.map { target, rule in
            let sourceValue = rule.sourceFields.compactMap { record[$0] }.joined(separator: " | ")
            var cell = Cell(
                target: target, source: rule.sourceFields.joined(separator: ", "),
                sourceValue: sourceValue.isEmpty ? nil : sourceValue)
            do throws(ValueProblem) { cell.mappedValue = try rule.text(record) } catch {
                cell.problem = error.message
            }
            return cell
        }
    }
}
