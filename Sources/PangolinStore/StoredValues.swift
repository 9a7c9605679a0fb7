import Foundation
import PangolinModel

/// The stored forms of values, the same in every backend: timestamps as microseconds since 1970,
/// structured values as the catalog's JSON text (which the audit chain's hashes cover).
enum StoredValues {
    /// Microseconds since 1970, the stored form of every timestamp.
    static func micros(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }

    static func date(_ micros: Int64) -> Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }

    /// The current time, truncated to what the database keeps.
    static func now() -> (date: Date, micros: Int64) {
        let stamp = micros(Date())
        return (date(stamp), stamp)
    }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try decoder.decode(type, from: Data(text.utf8))
    }

    // Shared: building a coder per column read is measurable on the hot read path.
    private static let encoder = PangolinJSON.encoder()
    private static let decoder = PangolinJSON.decoder()
}
