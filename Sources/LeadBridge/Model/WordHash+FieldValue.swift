extension WordHash {
    /// Adds a field value, its kind first, so that `.text("1")` and `.int(1)` hash apart.
    mutating func combine(_ value: FieldValue?) {
        switch value {
        case nil: mix(0)
        case .text(let text)?: mix(1); combine(text)
        case .int(let number)?: mix(2); combine(number)
        case .double(let number)?: mix(3); mix(number.bitPattern)
        case .bool(let flag)?: mix(4); mix(flag ? 1 : 0)
        case .date(let seconds)?: mix(5); combine(seconds)
        }
    }
}
