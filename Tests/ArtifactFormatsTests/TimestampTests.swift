import Foundation
import Testing
@testable import ArtifactFormats

@Suite("Timestamp")
struct TimestampTests {
    @Test("formats UTC with six fractional digits", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000000Z"),
        (1_738_315_800_123_456, "2025-01-31T09:30:00.123456Z"),
        (1_709_208_000_000_001, "2024-02-29T12:00:00.000001Z"),
        (-1, "1969-12-31T23:59:59.999999Z"),
        (-14_182_940_000_000, "1969-07-20T20:17:40.000000Z"),
        (-2_208_988_800_000_000, "1900-01-01T00:00:00.000000Z"),
        (951_782_400_000_000, "2000-02-29T00:00:00.000000Z"),
        (253_402_300_799_000_000, "9999-12-31T23:59:59.000000Z"),
    ])
    func formats(micros: Int64, text: String) {
        #expect(Timestamp.format(date(micros: micros)) == text)
    }

    @Test("parsing the formatted text gives back the same microseconds", arguments: [
        Int64(0), 1, -1, 1_738_315_800_123_456, 1_709_208_000_000_001, -14_182_940_500_000,
        -2_208_988_800_000_001, 951_868_799_999_999, 4_107_542_400_000_000,
    ])
    func roundTrip(micros: Int64) async throws {
        let text = Timestamp.format(date(micros: micros))
        let parsed = try #require(Timestamp.parse(text))
        #expect(Timestamp.microseconds(parsed) == micros)
    }

    @Test("parses offsets, date-only text, a space for T and fractions of any length", arguments: [
        ("2024-02-29T14:00:00+02:00", "2024-02-29T12:00:00.000000Z"),
        ("2024-02-29T06:30:00-05:30", "2024-02-29T12:00:00.000000Z"),
        ("2024-03-01T01:00:00+02:00", "2024-02-29T23:00:00.000000Z"),
        ("2024-02-29", "2024-02-29T00:00:00.000000Z"),
        ("1960-06-15", "1960-06-15T00:00:00.000000Z"),
        ("2024-02-29 12:00:00", "2024-02-29T12:00:00.000000Z"),
        ("2024-02-29T12:00:00.5Z", "2024-02-29T12:00:00.500000Z"),
        ("2024-02-29T12:00:00.123456789Z", "2024-02-29T12:00:00.123457Z"),
    ])
    func parsesVariants(text: String, expected: String) async throws {
        let parsed = try #require(Timestamp.parse(text))
        #expect(Timestamp.format(parsed) == expected)
    }

    @Test("rejects text that is not a timestamp", arguments: [
        "", "garbage", "2024", "2024-02", "2024-13-01", "2024-00-10", "2024-02-00", "2024-02-32",
        "2024-02-29T", "2024-02-29T12:00", "2024-02-29T25:00:00Z", "2024-02-29T12:60:00Z",
        "2024-02-29T12:00:00.Z", "2024-02-29T12:00:00Zjunk", "2024-02-29T12:00:00+0200",
        "24-02-29", "2024/02/29", " 2024-02-29",
    ])
    func rejectsGarbage(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test("rounds a date to the nearest microsecond")
    func microsecondsRound() {
        #expect(Timestamp.microseconds(Date(timeIntervalSince1970: 1.0000004)) == 1_000_000)
        #expect(Timestamp.microseconds(Date(timeIntervalSince1970: 1.0000006)) == 1_000_001)
        #expect(Timestamp.microseconds(Date(timeIntervalSince1970: -0.0000006)) == -1)
    }
}
