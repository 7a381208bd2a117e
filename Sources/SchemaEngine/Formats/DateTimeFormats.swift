// RFC 3339 §5.6 `date-time`, `full-date`, `full-time` and Appendix A `duration`.

extension FormatValidators {
    /// RFC 3339 `date-time`: `full-date "T" full-time`, `T` and `Z` case-insensitive.
    public static func isDateTime(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        guard parseFullDate(b, &i), i < b.count, b[i] | 0x20 == UInt8(ascii: "t") else { return false }
        i += 1
        return parseFullTime(b, &i) && i == b.count
    }

    /// RFC 3339 `full-date`: `YYYY-MM-DD` with the day valid for the month (leap years included).
    public static func isDate(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        return parseFullDate(b, &i) && i == b.count
    }

    /// RFC 3339 `full-time`: `HH:MM:SS[.frac](Z|±HH:MM)`. A leap second (`:60`) is valid only
    /// when the time converted to UTC is 23:59:60.
    public static func isTime(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        return parseFullTime(b, &i) && i == b.count
    }

    public static func isDateTime(_ s: String) -> Bool { check(s, with: isDateTime) }
    public static func isDate(_ s: String) -> Bool { check(s, with: isDate) }
    public static func isTime(_ s: String) -> Bool { check(s, with: isTime) }
    public static func isDuration(_ s: String) -> Bool { check(s, with: isDuration) }

    static func parseFullDate(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Bool {
        guard let year = digits(b, i, 4), i + 10 <= b.count, b[i + 4] == UInt8(ascii: "-"),
            let month = digits(b, i + 5, 2), b[i + 7] == UInt8(ascii: "-"), let day = digits(b, i + 8, 2)
        else { return false }
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let maxDay: Int
        switch month {
        case 2: maxDay = leap ? 29 : 28
        case 4, 6, 9, 11: maxDay = 30
        default: maxDay = 31
        }
        guard day <= maxDay else { return false }
        i += 10
        return true
    }

    static func parseFullTime(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Bool {
        guard i + 8 <= b.count, let hour = digits(b, i, 2), b[i + 2] == UInt8(ascii: ":"),
            let minute = digits(b, i + 3, 2), b[i + 5] == UInt8(ascii: ":"), let second = digits(b, i + 6, 2),
            hour <= 23, minute <= 59, second <= 60
        else { return false }
        i += 8
        if i < b.count && b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count && isDigit(b[i]) { i += 1 }
            guard i > start else { return false }
        }
        guard i < b.count else { return false }
        var offsetMinutes = 0
        if b[i] | 0x20 == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "+") ? 1 : -1
            guard let oh = digits(b, i + 1, 2), i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"),
                let om = digits(b, i + 4, 2), oh <= 23, om <= 59
            else { return false }
            offsetMinutes = sign * (oh * 60 + om)
            i += 6
        } else {
            return false
        }
        if second == 60 {
            // Local time minus the offset gives UTC; a leap second only exists at 23:59:60 UTC.
            let utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            guard utc == 23 * 60 + 59 else { return false }
        }
        return true
    }

    /// RFC 3339 Appendix A (ISO 8601) `duration`:
    /// `P` then weeks alone (`P2W`), or a date part from the chains Y[M[D]], M[D], D with an
    /// optional time part, or a time part alone; the time part is `T` then H[M[S]], M[S] or S.
    /// Integers only (no fractions), no sign.
    public static func isDuration(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count >= 3, b[0] == UInt8(ascii: "P") else { return false }
        var i = 1
        // Reads `1*DIGIT unit`; returns the unit byte or nil.
        func component() -> UInt8? {
            let start = i
            while i < b.count && isDigit(b[i]) { i += 1 }
            guard i > start, i < b.count else { return nil }
            let unit = b[i]
            i += 1
            return unit
        }
        // Date part (or weeks).
        if b[i] != UInt8(ascii: "T") {
            // Allowed successions: each unit must come after the previous one in Y, M, D.
            let order: [UInt8] = [UInt8(ascii: "Y"), UInt8(ascii: "M"), UInt8(ascii: "D")]
            var last = -1
            var count = 0
            while i < b.count && b[i] != UInt8(ascii: "T") {
                guard let unit = component() else { return false }
                if unit == UInt8(ascii: "W") {
                    return count == 0 && i == b.count
                }
                guard let index = order.firstIndex(of: unit), index == last + 1 || (count == 0 && index > last) else {
                    return false
                }
                last = index
                count += 1
            }
            if i == b.count { return count > 0 }
        }
        // Time part.
        guard b[i] == UInt8(ascii: "T") else { return false }
        i += 1
        let order: [UInt8] = [UInt8(ascii: "H"), UInt8(ascii: "M"), UInt8(ascii: "S")]
        var last = -1
        var count = 0
        while i < b.count {
            guard let unit = component(), let index = order.firstIndex(of: unit),
                index == last + 1 || (count == 0 && index > last)
            else { return false }
            last = index
            count += 1
        }
        return count > 0
    }
}
