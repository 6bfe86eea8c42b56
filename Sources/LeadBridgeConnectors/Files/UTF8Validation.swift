/// UTF-8 checks over raw bytes, so that readers can reject a bad record with the offset of the bad byte instead of
/// silently replacing it with U+FFFD.
enum UTF8Validation {
    /// True when every byte is below 0x80 (the common case, checked eight bytes at a time).
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard var pointer = bytes.baseAddress else { return true }
        var remaining = bytes.count
        var accumulated: UInt64 = 0
        while remaining >= 8 {
            accumulated |= UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self)
            pointer += 8
            remaining -= 8
        }
        var tail: UInt8 = 0
        while remaining > 0 {
            tail |= pointer.pointee
            pointer += 1
            remaining -= 1
        }
        return accumulated & 0x8080_8080_8080_8080 == 0 && tail & 0x80 == 0
    }

    /// The index of the first byte that does not start or continue a well-formed UTF-8 sequence (overlong forms,
    /// surrogates and values above U+10FFFF are ill-formed), or nil when all of `bytes` is valid UTF-8.
    static func firstInvalidByte(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            var length = 0
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return index
            }
            guard index + 1 < count, (low...high).contains(bytes[index + 1]) else { return index }
            var next = index + 2
            while next < index + length {
                guard next < count, bytes[next] & 0xC0 == 0x80 else { return index }
                next += 1
            }
            index += length
        }
        return nil
    }
}
