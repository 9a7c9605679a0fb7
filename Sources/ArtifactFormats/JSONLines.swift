import Foundation

/// JSON Lines: one JSON object per line, keys in schema order, nulls written out. Files with the
/// `.json` extension hold JSON Lines too, the way DuckDB and Spark write JSON; `.json.gz` and
/// `.jsonl.gz` files are gzip-compressed.
public struct JSONLines: ArtifactFormat, TextFormat {
    public let compression: ArtifactCompression
    public var name: String { compression == .gzip ? "json.gz" : "json" }
    public var fileExtensions: [String] { Self.extensions(["json", "jsonl", "ndjson"], compression) }
    public let catalogKind = "JSON_TABLE"

    /// The JSON Lines format; `.gzip` compresses whole files (other compressions are not for text).
    public init(compression: ArtifactCompression = .none) {
        self.compression = compression == .gzip ? .gzip : .none
    }

    public func compressed(_ compression: ArtifactCompression) throws(ArtifactFormatError) -> any ArtifactFormat {
        try Self.checkTextCompression(compression, "JSON Lines")
        return JSONLines(compression: compression)
    }

    public func encodedHeader(for schema: Schema) -> [UInt8] { [] }

    public func encode(_ batch: RowBatch, into bytes: inout [UInt8]) {
        let prefixes = batch.schema.columns.enumerated().map { index, column in
            var prefix: [UInt8] = index == 0 ? [UInt8(ascii: "{")] : [UInt8(ascii: ",")]
            Self.appendString(column.name, to: &prefix)
            prefix.append(UInt8(ascii: ":"))
            return prefix
        }
        bytes.reserveCapacity(bytes.count + batch.rowCount * (prefixes.reduce(2) { $0 + $1.count } + 12 * prefixes.count))
        for row in 0..<batch.rowCount {
            if prefixes.isEmpty { bytes.append(contentsOf: [UInt8(ascii: "{")]) }
            for column in prefixes.indices {
                bytes.append(contentsOf: prefixes[column])
                Self.appendValue(batch.value(row: row, column: column), to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
            bytes.append(UInt8(ascii: "\n"))
        }
    }

    /// JSON rows name their keys, so only values that must turn into strings need rewriting.
    public func canReuse(rowsEncodedAs written: Schema, for target: Schema) -> Bool {
        written.columns.allSatisfy { column in
            target.columns.first { $0.name == column.name }.map { column.type.readsAs($0.type) } ?? false
        }
    }

    public func makeDecoder(schema: Schema?, options: ReadOptions) -> any ArtifactDecoder {
        JSONLinesDecoder(schema: schema)
    }

    /// Appends a value as JSON. Doubles that JSON cannot hold (NaN, infinities) are written as null.
    public static func appendValue(_ value: ArtifactValue, to bytes: inout [UInt8]) {
        switch value {
        case .null: bytes.append(contentsOf: "null".utf8)
        case .bool(let bool): bytes.append(contentsOf: bool ? "true".utf8 : "false".utf8)
        case .int(let int): appendInteger(int, to: &bytes)
        case .double(let double):
            if double.isFinite { bytes.append(contentsOf: doubleText(double).utf8) } else { bytes.append(contentsOf: "null".utf8) }
        case .decimal(let decimal): bytes.append(contentsOf: decimal.description.utf8)
        case .string(let string): appendString(string, to: &bytes)
        case .timestamp(let date):
            bytes.append(UInt8(ascii: "\""))
            Timestamp.append(date, to: &bytes)
            bytes.append(UInt8(ascii: "\""))
        case .date, .uuid:
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: value.text.utf8)
            bytes.append(UInt8(ascii: "\""))
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                appendValue(element, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            for index in object.keys.indices {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                appendString(object.keys[index], to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                appendValue(object.values[index], to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// The shortest text that reads back as the same double, always with a fraction or exponent so
    /// that it stays a double when read.
    public static func doubleText(_ value: Double) -> String {
        let text = value.description
        if text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "n") || $0 == UInt8(ascii: "i") }) {
            return text
        }
        return text + ".0"
    }

    /// Appends a decimal integer.
    @inline(__always)
    public static func appendInteger(_ value: Int64, to bytes: inout [UInt8]) {
        if value >= 0 && value < 10 {
            bytes.append(UInt8(48 + value))
            return
        }
        if value == .min {
            bytes.append(contentsOf: String(value).utf8)
            return
        }
        var magnitude = value < 0 ? -value : value
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var count = 0
            while magnitude > 0 {
                digits[19 - count] = UInt8(48 + magnitude % 10)
                magnitude /= 10
                count += 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[(20 - count)...]))
        }
    }

    /// Appends a JSON string literal, escaping quotes, backslashes and control characters.
    public static func appendString(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
                case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
                case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: #"\u00"#.utf8)
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0xF)])
                }
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Parses one JSON value without a schema: integers that fit become ints, other numbers doubles.
    public static func parseValue(_ bytes: [UInt8]) throws(ArtifactFormatError) -> ArtifactValue {
        try bytes.withUnsafeBufferPointer { buffer throws(ArtifactFormatError) in
            var parser = JSONParser(buffer, line: 1)
            let value = try parser.value(expecting: nil)
            parser.skipWhitespace()
            guard parser.atEnd else { throw parser.failure("unexpected text after the JSON value") }
            return value
        }
    }
}

/// Reads JSON Lines into batches, guided by a schema when one is known: decimal columns keep the
/// digits of their numbers and timestamp columns turn their text back into timestamps.
struct JSONLinesDecoder: ArtifactDecoder {
    let schema: Schema?
    private var line = 0

    init(schema: Schema?) { self.schema = schema }

    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool, into batch: inout RowBatch) throws(ArtifactFormatError) -> Int {
        var consumed = 0
        let types = schema.map { Dictionary($0.columns.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first }) }
        while consumed < bytes.count {
            guard let newline = bytes[consumed...].firstIndex(of: UInt8(ascii: "\n")) ?? (final ? bytes.count : nil) else { break }
            line += 1
            let lineBytes = UnsafeBufferPointer(rebasing: bytes[consumed..<newline])
            consumed = min(newline + 1, bytes.count)
            var parser = JSONParser(lineBytes, line: line)
            parser.skipWhitespace()
            if parser.atEnd { continue }
            try parser.row(types: types, into: &batch)
            parser.skipWhitespace()
            guard parser.atEnd else { throw parser.failure("unexpected text after the row's closing brace") }
            batch.endRow()
        }
        return consumed
    }
}
