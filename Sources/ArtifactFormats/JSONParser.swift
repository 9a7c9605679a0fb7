import Foundation

/// A byte-level JSON parser over one line of a JSON Lines file (or one JSON document). An expected
/// column type, when known, decides how ambiguous text is read: numbers in decimal columns keep
/// their digits, strings in timestamp columns become timestamps.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private let line: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) {
        self.bytes = bytes
        self.line = line
    }

    var atEnd: Bool { position >= bytes.count }

    func failure(_ message: String) -> ArtifactFormatError {
        .unreadable("\(message) (at byte \(position + 1) of the line)", line: line)
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8) throws(ArtifactFormatError) {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else {
            throw failure("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        position += 1
    }

    /// Parses a row object into the batch under construction.
    mutating func row(types: [String: ColumnType]?, into batch: inout RowBatch) throws(ArtifactFormatError) {
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            let key = try string()
            try expect(UInt8(ascii: ":"))
            let value = try self.value(expecting: types?[key])
            try batch.set(value, at: batch.columnIndex(for: key))
            skipWhitespace()
            guard position < bytes.count else { throw failure("the row ends before its closing brace") }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "}") { return }
            guard byte == UInt8(ascii: ",") else { throw failure("expected ',' or '}' after a value") }
        }
    }

    mutating func value(expecting type: ColumnType?) throws(ArtifactFormatError) -> ArtifactValue {
        skipWhitespace()
        guard position < bytes.count else { throw failure("expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            let text = try string()
            switch type {
            case .timestamp:
                guard let date = Timestamp.parse(Array(text.utf8)) else { throw failure("'\(text)' is not a timestamp") }
                return .timestamp(date)
            case .date:
                guard let date = CalendarDate(parsing: text) else { throw failure("'\(text)' is not a date (YYYY-MM-DD)") }
                return .date(date.daysSince1970)
            case .uuid:
                guard let uuid = UUID(uuidString: text) else { throw failure("'\(text)' is not a UUID") }
                return .uuid(uuid)
            default:
                return .string(text)
            }
        case UInt8(ascii: "{"): return try object(expecting: type)
        case UInt8(ascii: "["): return try array(expecting: type)
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return try number(expecting: type)
        }
    }

    private mutating func literal(_ word: StaticString) throws(ArtifactFormatError) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - position >= count,
              memcmp(bytes.baseAddress! + position, word.utf8Start, count) == 0
        else { throw failure("expected '\(word)'") }
        position += count
    }

    private mutating func object(expecting type: ColumnType?) throws(ArtifactFormatError) -> ArtifactValue {
        var fieldTypes: [Column] = []
        if case .object(let columns) = type { fieldTypes = columns }
        position += 1
        var object = ArtifactObject()
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            let key = try string()
            try expect(UInt8(ascii: ":"))
            let fieldType = fieldTypes.first { $0.name == key }?.type
            object.keys.append(key)
            object.values.append(try value(expecting: fieldType))
            skipWhitespace()
            guard position < bytes.count else { throw failure("an object ends before its closing brace") }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "}") { return .object(object) }
            guard byte == UInt8(ascii: ",") else { throw failure("expected ',' or '}' in an object") }
        }
    }

    private mutating func array(expecting type: ColumnType?) throws(ArtifactFormatError) -> ArtifactValue {
        var elementType: ColumnType?
        if case .array(let element) = type { elementType = element }
        position += 1
        var elements: [ArtifactValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            elements.append(try value(expecting: elementType))
            skipWhitespace()
            guard position < bytes.count else { throw failure("an array ends before its closing bracket") }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "]") { return .array(elements) }
            guard byte == UInt8(ascii: ",") else { throw failure("expected ',' or ']' in an array") }
        }
    }

    private mutating func number(expecting type: ColumnType?) throws(ArtifactFormatError) -> ArtifactValue {
        let start = position
        var isInteger = true
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        while position < bytes.count {
            let byte = bytes[position]
            if byte >= 48 && byte <= 57 {
                position += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                        || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
                isInteger = false
                position += 1
            } else {
                break
            }
        }
        let digits = UnsafeBufferPointer(rebasing: bytes[start..<position])
        guard !digits.isEmpty, digits.last! >= 48, digits.last! <= 57 || !isInteger else { throw failure("expected a value") }
        let decimal = type?.isDecimal == true
        if isInteger, !decimal, type != .double, let int = Self.integer(digits) { return .int(int) }
        let text = String(decoding: digits, as: UTF8.self)
        if decimal, let value = Decimal(string: text) { return .decimal(value) }
        guard let double = Double(text) else { throw failure("'\(text)' is not a number") }
        return .double(double)
    }

    /// An integer from ASCII digits, or nil when it does not fit in 64 bits.
    static func integer(_ digits: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        let negative = digits.first == UInt8(ascii: "-")
        if negative { index = 1 }
        guard index < digits.count, digits.count - index <= 19 else { return nil }
        var magnitude: UInt64 = 0
        while index < digits.count {
            let digit = digits[index]
            guard digit >= 48 && digit <= 57 else { return nil }
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(digit - 48))
            if overflow1 || overflow2 { return nil }
            magnitude = sum
            index += 1
        }
        if negative {
            return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    mutating func string() throws(ArtifactFormatError) -> String {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a string") }
        position += 1
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
            position += 1
        }
        throw failure("a string is not closed")
    }

    private mutating func escapedString(from start: Int) throws(ArtifactFormatError) -> String {
        var output = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "\"") { return String(decoding: output, as: UTF8.self) }
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                continue
            }
            guard position < bytes.count else { break }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard bytes.count - position >= 6, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                        throw failure("a lone surrogate in a \\u escape")
                    }
                    position += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw failure("a high surrogate without its low surrogate in a \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw failure("an invalid \\u escape") }
                output.append(contentsOf: Array(String(Character(unicode)).utf8))
            default: throw failure("an unknown escape '\\\(Character(Unicode.Scalar(escape)))'")
            }
        }
        throw failure("a string is not closed")
    }

    private mutating func hex4() throws(ArtifactFormatError) -> UInt32 {
        guard bytes.count - position >= 4 else { throw failure("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            position += 1
            let digit: UInt32
            switch byte {
            case 48...57: digit = UInt32(byte - 48)
            case 97...102: digit = UInt32(byte - 87)
            case 65...70: digit = UInt32(byte - 55)
            default: throw failure("a \\u escape needs four hex digits")
            }
            value = value << 4 | digit
        }
        return value
    }
}
