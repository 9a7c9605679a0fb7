import Foundation

/// The JSON encoding the catalog uses on the wire and in storage: ISO 8601 dates with
/// milliseconds, keys sorted so that equal values encode to equal bytes.
public enum PangolinJSON {
    /// An encoder for API responses and stored JSON.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamps.format(date))
        }
        return encoder
    }

    /// A decoder matching `encoder()`; accepts dates with or without fractional seconds.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = Timestamps.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'\(text)' is not an ISO 8601 timestamp")
            }
            return date
        }
        return decoder
    }
}

/// ISO 8601 timestamps, as the API writes and reads them.
public enum Timestamps {
    /// `2025-12-01T10:00:00.123Z`.
    public static func format(_ date: Date) -> String {
        // Rounded to the millisecond here: the formatter truncates, and a binary double often
        // sits just below the millisecond it stands for.
        let millis = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = (millis / 1000).rounded(.down)
        let whole = Date(timeIntervalSince1970: seconds).formatted(Date.ISO8601FormatStyle())
        return whole.dropLast() + String(format: ".%03dZ", Int(millis - seconds * 1000))
    }

    /// Parses `2025-12-01T10:00:00Z`, with or without fractional seconds, or a plain date
    /// `2025-12-01` (midnight UTC).
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        return try? Date.ISO8601FormatStyle().year().month().day().parse(text)
    }
}

/// New identifiers: lowercase UUID strings.
public enum Identifiers {
    /// A fresh random identifier.
    public static func make() -> String { UUID().uuidString.lowercased() }

    /// Whether `text` has the form of an identifier.
    public static func isValid(_ text: String) -> Bool { UUID(uuidString: text) != nil }
}
