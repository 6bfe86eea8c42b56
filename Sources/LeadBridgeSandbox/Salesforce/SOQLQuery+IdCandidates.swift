extension SOQLQuery {
    /// The ids the WHERE clause confines `Id` to (`Id = '…'`, `Id IN (…)`, either under AND, or both sides of an
    /// OR), or nil when any record may match. Every record the clause matches has one of these ids (on its
    /// 15-character form), so a query can look them up instead of scanning the object; the clause is still
    /// evaluated on each of them.
    var idCandidates: [String]? { condition.flatMap(Self.idCandidates) }

    private static func idCandidates(_ condition: Condition) -> [String]? {
        switch condition {
        case .compare(field: "Id", column: _, op: "=", literal: let literal):
            // Only a string can equal an id; `Id = null` and numbers match nothing.
            if case .string(let id) = literal { return [id] }
            return []
        case .inList(field: "Id", column: _, negated: false, literals: let literals):
            return literals.compactMap { literal in
                if case .string(let id) = literal { return id }
                return nil
            }
        case .and(let left, let right):
            switch (idCandidates(left), idCandidates(right)) {
            case (let some?, nil), (nil, let some?): return some
            case (let lhs?, let rhs?): return lhs.count <= rhs.count ? lhs : rhs
            case (nil, nil): return nil
            }
        case .or(let left, let right):
            guard let lhs = idCandidates(left), let rhs = idCandidates(right) else { return nil }
            return lhs + rhs
        case .compare, .inList, .not:
            return nil
        }
    }
}
