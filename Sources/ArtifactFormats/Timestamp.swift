import Foundation

/// ISO 8601 timestamps in UTC with microseconds (`2025-01-31T09:30:00.123456Z`), the text form of
/// timestamp columns in every format. Written and parsed by hand: it is on the hot path of every row.
public enum Timestamp {
    /// Microseconds since 1970 for a date, rounded to the nearest microsecond.
    public static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// The text of a date.
    public static func format(_ date: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(27)
        append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the text of a date to a byte buffer.
    public static func append(_ date: Date, to bytes: inout [UInt8]) {
        let micros = microseconds(date)
        let days = micros >= 0 ? micros / 86_400_000_000 : (micros - 86_399_999_999) / 86_400_000_000
        let ofDay = micros - days * 86_400_000_000
        let civil = CalendarDate.civil(fromDays: Int(days))
        let (year, month, day) = (Int64(civil.year), Int64(civil.month), Int64(civil.day))
        let seconds = ofDay / 1_000_000
        let fraction = ofDay % 1_000_000
        guard (0...9999).contains(year) else {
            bytes.append(contentsOf: String(format: "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%06lldZ", year, month, day,
                                            seconds / 3600, seconds / 60 % 60, seconds % 60, fraction).utf8)
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 27) { out in
            func pair(_ value: Int64, at offset: Int) {
                out[offset] = UInt8(truncatingIfNeeded: 48 + value / 10)
                out[offset + 1] = UInt8(truncatingIfNeeded: 48 + value % 10)
            }
            pair(year / 100, at: 0); pair(year % 100, at: 2); out[4] = UInt8(ascii: "-")
            pair(month, at: 5); out[7] = UInt8(ascii: "-")
            pair(day, at: 8); out[10] = UInt8(ascii: "T")
            pair(seconds / 3600, at: 11); out[13] = UInt8(ascii: ":")
            pair(seconds / 60 % 60, at: 14); out[16] = UInt8(ascii: ":")
            pair(seconds % 60, at: 17); out[19] = UInt8(ascii: ".")
            pair(fraction / 10_000, at: 20); pair(fraction / 100 % 100, at: 22); pair(fraction % 100, at: 24)
            out[26] = UInt8(ascii: "Z")
            bytes.append(contentsOf: UnsafeBufferPointer(out))
        }
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS` with optional fraction (up to nanoseconds, kept to
    /// microseconds) and an optional `Z` or `±HH:MM` offset; a space may stand for the `T`. Returns
    /// nil for anything else.
    public static func parse<Bytes: Collection<UInt8>>(_ text: Bytes) -> Date? where Bytes.Index == Int {
        var index = text.startIndex
        func number(_ count: Int) -> Int64? {
            guard text.endIndex - index >= count else { return nil }
            var value: Int64 = 0
            for _ in 0..<count {
                let byte = text[index]
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
                index += 1
            }
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < text.endIndex, text[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2), expect(UInt8(ascii: "-")),
              let day = number(2), (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        var micros = daysFromCivil(year: year, month: month, day: day) * 86_400_000_000
        if index == text.endIndex { return Date(timeIntervalSince1970: Double(micros) / 1_000_000) }
        guard expect(UInt8(ascii: "T")) || expect(UInt8(ascii: " ")),
              let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2), expect(UInt8(ascii: ":")),
              let second = number(2), hour < 24, minute < 60, second < 61
        else { return nil }
        micros += ((hour * 60 + minute) * 60 + second) * 1_000_000
        if expect(UInt8(ascii: ".")) {
            var scale: Int64 = 100_000
            var digitCount = 0
            var remainder = false
            while index < text.endIndex, text[index] >= 48, text[index] <= 57 {
                let digit = Int64(text[index] - 48)
                if scale > 0 { micros += digit * scale; scale /= 10 } else if digit >= 5, !remainder { micros += 1; remainder = true }
                digitCount += 1
                index += 1
            }
            guard digitCount > 0 else { return nil }
        }
        if expect(UInt8(ascii: "Z")) {
        } else if index < text.endIndex, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") {
            let sign: Int64 = text[index] == UInt8(ascii: "+") ? 1 : -1
            index += 1
            guard let offsetHours = number(2), expect(UInt8(ascii: ":")), let offsetMinutes = number(2) else { return nil }
            micros -= sign * (offsetHours * 60 + offsetMinutes) * 60_000_000
        }
        guard index == text.endIndex else { return nil }
        return Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    /// Parses a string; see `parse(_:)` for the accepted forms.
    public static func parse(_ text: String) -> Date? {
        parse(Array(text.utf8))
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

}
