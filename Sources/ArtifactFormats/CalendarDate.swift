import Foundation

/// A day of the proleptic Gregorian calendar, without a time or a zone: what a `DATE` column
/// holds. Written `2025-12-01` in text formats; `Codable` as that text.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public let daysSince1970: Int32

    /// The day `daysSince1970` days after 1970-01-01.
    public init(daysSince1970: Int32) {
        self.daysSince1970 = daysSince1970
    }

    /// The day of a year, month (1–12) and day of the month, or nil when there is none such.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...Self.days(inMonth: month, of: year)).contains(day) else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        guard let days = Int32(exactly: era * 146_097 + dayOfEra - 719_468) else { return nil }
        daysSince1970 = days
    }

    /// The UTC day a moment falls on.
    public init(_ date: Date) {
        daysSince1970 = Int32(clamping: Int64((date.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// Midnight UTC at the start of the day.
    public var start: Date { Date(timeIntervalSince1970: Double(daysSince1970) * 86_400) }

    /// Year, month (1–12) and day of the month.
    public var components: (year: Int, month: Int, day: Int) { Self.civil(fromDays: Int(daysSince1970)) }

    /// The proleptic Gregorian year, month and day `days` days after 1970-01-01 (Howard Hinnant's
    /// civil-from-days).
    static func civil(fromDays daysSince1970: Int) -> (year: Int, month: Int, day: Int) {
        let days = daysSince1970 + 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = components
        return String(format: year >= 0 && year <= 9999 ? "%04ld-%02ld-%02ld" : "%ld-%02ld-%02ld", year, month, day)
    }

    /// Parses `YYYY-MM-DD` (a year of four digits, or more, optionally with a leading `-`).
    public init?(parsing text: some StringProtocol) {
        var fields: [Substring] = String(text).split(separator: "-", omittingEmptySubsequences: false)
        var negative = false
        if fields.first?.isEmpty == true {
            negative = true
            fields.removeFirst()
        }
        guard fields.count == 3, fields[0].count >= 4, fields[1].count == 2, fields[2].count == 2,
              fields.allSatisfy({ field in field.allSatisfy { $0 >= "0" && $0 <= "9" } }),
              let year = Int(fields[0]), let month = Int(fields[1]), let day = Int(fields[2])
        else { return nil }
        self.init(year: negative ? -year : year, month: month, day: day)
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool { lhs.daysSince1970 < rhs.daysSince1970 }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a date (YYYY-MM-DD)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
