import Foundation

/// How CSV is written and read.
public struct CSVDialect: Sendable, Hashable {
    /// The byte between cells.
    public var delimiter: UInt8
    /// Whether the first line names the columns.
    public var hasHeader: Bool

    /// A dialect; the default is RFC 4180 with a header line.
    public init(delimiter: Character = ",", hasHeader: Bool = true) {
        self.delimiter = delimiter.asciiValue ?? UInt8(ascii: ",")
        self.hasHeader = hasHeader
    }
}

/// RFC 4180 CSV. A null is an empty cell and an empty string is `""`, so the two stay distinct;
/// nested values are written as JSON text. Cells are quoted only when they need it. `.csv.gz`
/// files are gzip-compressed.
public struct CSV: ArtifactFormat, TextFormat {
    public let compression: ArtifactCompression
    public var name: String { compression == .gzip ? "csv.gz" : "csv" }
    public var fileExtensions: [String] { Self.extensions(["csv"], compression) }
    public let catalogKind = "CSV_TABLE"
    /// The dialect written and read.
    public let dialect: CSVDialect

    /// A CSV format of a dialect; `.gzip` compresses whole files (other compressions are not for text).
    public init(dialect: CSVDialect = CSVDialect(), compression: ArtifactCompression = .none) {
        self.dialect = dialect
        self.compression = compression == .gzip ? .gzip : .none
    }

    public func compressed(_ compression: ArtifactCompression) throws(ArtifactFormatError) -> any ArtifactFormat {
        try Self.checkTextCompression(compression, "CSV")
        return CSV(dialect: dialect, compression: compression)
    }

    public func encodedHeader(for schema: Schema) -> [UInt8] {
        guard dialect.hasHeader, !schema.columns.isEmpty else { return [] }
        var bytes: [UInt8] = []
        for (index, column) in schema.columns.enumerated() {
            if index > 0 { bytes.append(dialect.delimiter) }
            appendText(column.name, quoteEmpty: false, to: &bytes)
        }
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    public func encode(_ batch: RowBatch, into bytes: inout [UInt8]) {
        let columnCount = batch.schema.columns.count
        guard columnCount > 0 else { return }
        var scratch: [UInt8] = []
        bytes.reserveCapacity(bytes.count + batch.rowCount * columnCount * 12)
        for row in 0..<batch.rowCount {
            for column in 0..<columnCount {
                if column > 0 { bytes.append(dialect.delimiter) }
                switch batch.value(row: row, column: column) {
                case .null: break
                case .bool(let bool): bytes.append(contentsOf: bool ? "true".utf8 : "false".utf8)
                case .int(let int): JSONLines.appendInteger(int, to: &bytes)
                case .double(let double): bytes.append(contentsOf: JSONLines.doubleText(double).utf8)
                case .decimal(let decimal): bytes.append(contentsOf: decimal.description.utf8)
                case .string(let string): appendText(string, quoteEmpty: true, to: &bytes)
                case .timestamp(let date): Timestamp.append(date, to: &bytes)
                case .date, .uuid: bytes.append(contentsOf: batch.value(row: row, column: column).text.utf8)
                case let nested:
                    scratch.removeAll(keepingCapacity: true)
                    JSONLines.appendValue(nested, to: &scratch)
                    appendText(String(decoding: scratch, as: UTF8.self), quoteEmpty: true, to: &bytes)
                }
            }
            bytes.append(UInt8(ascii: "\n"))
        }
    }

    private func appendText(_ text: String, quoteEmpty: Bool, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            if utf8.isEmpty {
                if quoteEmpty { bytes.append(contentsOf: #""""#.utf8) }
                return
            }
            let delimiter = dialect.delimiter
            let needsQuotes = utf8.contains { $0 == delimiter || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            guard needsQuotes else {
                bytes.append(contentsOf: utf8)
                return
            }
            bytes.append(UInt8(ascii: "\""))
            for byte in utf8 {
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// CSV cells are positional and their text does not change when a column widens, so rows can
    /// be reused exactly when the columns are the same, in the same order.
    public func canReuse(rowsEncodedAs written: Schema, for target: Schema) -> Bool {
        written.names == target.names
    }

    public func makeDecoder(schema: Schema?, options: ReadOptions) -> any ArtifactDecoder {
        CSVDecoder(dialect: dialect, schema: schema)
    }
}

/// Reads CSV records, converting each cell by its column's recorded type; without a schema a
/// cell's type is inferred from its text.
struct CSVDecoder: ArtifactDecoder {
    let dialect: CSVDialect
    let schema: Schema?
    private var header: [String]?
    private var types: [ColumnType?] = []
    private var columnIndexes: [Int] = []
    private var line = 0

    init(dialect: CSVDialect, schema: Schema?) {
        self.dialect = dialect
        self.schema = schema
    }

    private struct Cell {
        var range: Range<Int>
        var quoted: Bool
        var unescaped: [UInt8]?
    }

    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool, into batch: inout RowBatch) throws(ArtifactFormatError) -> Int {
        var consumed = 0
        var cells: [Cell] = []
        while consumed < bytes.count {
            cells.removeAll(keepingCapacity: true)
            guard let end = try record(bytes, from: consumed, final: final, cells: &cells) else { break }
            line += 1
            // An empty line is a row whose only cell is null when there is one column, else nothing.
            let blank = cells.count == 1 && cells[0].range.isEmpty && !cells[0].quoted
            consumed = end
            if blank && (header == nil || columnIndexes.count != 1) { continue }
            if header == nil {
                try start(with: cells, bytes: bytes, into: &batch)
                if dialect.hasHeader { continue }
            }
            guard cells.count == columnIndexes.count else {
                throw .unreadable("expected \(columnIndexes.count) cells, found \(cells.count)", line: line)
            }
            for (position, cell) in cells.enumerated() {
                let value = try convert(cell, bytes: bytes, type: types[position])
                try batch.set(value, at: batch.columnIndex(for: header![position]))
            }
            batch.endRow()
        }
        return consumed
    }

    private mutating func start(with cells: [Cell], bytes: UnsafeBufferPointer<UInt8>, into batch: inout RowBatch) throws(ArtifactFormatError) {
        let names: [String]
        if dialect.hasHeader {
            names = cells.map { text($0, bytes) }
        } else if let schema, schema.columns.count == cells.count {
            names = schema.names
        } else {
            names = (1...cells.count).map { "column\($0)" }
        }
        header = names
        let recorded = Dictionary((schema?.columns ?? []).map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        types = names.map { recorded[$0] }
        columnIndexes = names.map { batch.columnIndex(for: $0) }
    }

    /// Finds the cells of the record starting at `start`; returns where the next record starts, or
    /// nil when the record is not complete and more bytes may come.
    private func record(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, final: Bool, cells: inout [Cell]) throws(ArtifactFormatError) -> Int? {
        var position = start
        let delimiter = dialect.delimiter
        while true {
            if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
                var unescaped: [UInt8]?
                let contentStart = position + 1
                var cursor = contentStart
                while true {
                    guard cursor < bytes.count else {
                        if final { throw .unreadable("a quoted cell is not closed", line: line + 1) }
                        return nil
                    }
                    if bytes[cursor] == UInt8(ascii: "\"") {
                        if cursor + 1 < bytes.count, bytes[cursor + 1] == UInt8(ascii: "\"") {
                            if unescaped == nil { unescaped = Array(UnsafeBufferPointer(rebasing: bytes[contentStart..<cursor])) }
                            unescaped!.append(UInt8(ascii: "\""))
                            cursor += 2
                            continue
                        }
                        if cursor + 1 >= bytes.count && !final { return nil }
                        break
                    }
                    unescaped?.append(bytes[cursor])
                    cursor += 1
                }
                cells.append(Cell(range: contentStart..<cursor, quoted: true, unescaped: unescaped))
                position = cursor + 1
            } else {
                var cursor = position
                while cursor < bytes.count, bytes[cursor] != delimiter, bytes[cursor] != 0x0A, bytes[cursor] != 0x0D { cursor += 1 }
                cells.append(Cell(range: position..<cursor, quoted: false, unescaped: nil))
                position = cursor
            }
            guard position < bytes.count else { return final ? position : nil }
            let byte = bytes[position]
            if byte == delimiter {
                position += 1
                continue
            }
            if byte == 0x0D {
                if position + 1 < bytes.count { return bytes[position + 1] == 0x0A ? position + 2 : position + 1 }
                return final ? position + 1 : nil
            }
            if byte == 0x0A { return position + 1 }
            throw .unreadable("unexpected text after a quoted cell", line: line + 1)
        }
    }

    private func text(_ cell: Cell, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if let unescaped = cell.unescaped { return String(decoding: unescaped, as: UTF8.self) }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[cell.range]), as: UTF8.self)
    }

    private func convert(_ cell: Cell, bytes: UnsafeBufferPointer<UInt8>, type: ColumnType?) throws(ArtifactFormatError) -> ArtifactValue {
        if cell.range.isEmpty && !cell.quoted { return .null }
        let raw = UnsafeBufferPointer(rebasing: bytes[cell.range])
        switch type {
        case .string: return .string(text(cell, bytes))
        case .int:
            guard let int = JSONParser.integer(raw) else { throw mismatch(cell, bytes, "an integer") }
            return .int(int)
        case .double, .decimal:
            let string = text(cell, bytes)
            if type?.isDecimal == true, let decimal = Decimal(string: string) { return .decimal(decimal) }
            guard let double = Double(string) else { throw mismatch(cell, bytes, "a number") }
            return .double(double)
        case .bool:
            switch text(cell, bytes) {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw mismatch(cell, bytes, "true or false")
            }
        case .timestamp:
            guard let date = Timestamp.parse(raw) else { throw mismatch(cell, bytes, "a timestamp") }
            return .timestamp(date)
        case .date:
            guard let date = CalendarDate(parsing: text(cell, bytes)) else { throw mismatch(cell, bytes, "a date (YYYY-MM-DD)") }
            return .date(date.daysSince1970)
        case .uuid:
            guard let uuid = UUID(uuidString: text(cell, bytes)) else { throw mismatch(cell, bytes, "a UUID") }
            return .uuid(uuid)
        case .array, .object:
            let json = cell.unescaped ?? Array(raw)
            return try json.withUnsafeBufferPointer { buffer throws(ArtifactFormatError) in
                var parser = JSONParser(buffer, line: line)
                let value = try parser.value(expecting: type)
                parser.skipWhitespace()
                guard parser.atEnd else { throw .unreadable("unexpected text after the JSON value of a nested cell", line: line) }
                return value
            }
        case .null, nil:
            if cell.quoted { return .string(text(cell, bytes)) }
            if let int = JSONParser.integer(raw) { return .int(int) }
            let string = text(cell, bytes)
            if string == "true" { return .bool(true) }
            if string == "false" { return .bool(false) }
            if let double = Double(string), string.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return .double(double) }
            return .string(string)
        }
    }

    private func mismatch(_ cell: Cell, _ bytes: UnsafeBufferPointer<UInt8>, _ expected: String) -> ArtifactFormatError {
        .unreadable("expected \(expected), found '\(text(cell, bytes))'", line: line)
    }
}
