import Foundation

/// Turns `Encodable` values into rows. A struct's coding keys become columns; a value that is not
/// keyed (a number, a string, an array) becomes one column named `value`. Nested structs and arrays
/// stay nested. Dates become timestamps, `Decimal`s keep their digits, UUIDs and URLs become strings
/// and `Data` becomes base64 text.
public enum RowEncoder {
    /// The column that holds rows that are not structs.
    public static let valueColumn = "value"

    /// Appends one row per element to `batch`.
    public static func append<Rows: Sequence>(_ rows: Rows, to batch: inout RowBatch) throws where Rows.Element: Encodable {
        let encoder = TopLevelEncoder(batch: batch)
        batch = RowBatch()  // the encoder owns the only copy while it appends, so nothing is copied
        defer { batch = encoder.batch }
        let rowsAreSpecial = ValueEncoding.isSpecial(Rows.Element.self)
        let expected = rows.underestimatedCount
        for row in rows {
            if rowsAreSpecial, let value = try ValueEncoding.special(row) {
                try encoder.batch.set(value, at: encoder.batch.columnIndex(for: valueColumn))
            } else {
                try row.encode(to: encoder)
                try encoder.finishNestedValues()
            }
            encoder.batch.endRow()
            encoder.guess = 0
            // The first row names the columns; reserve room for the rest instead of growing step by step.
            if encoder.batch.rowCount == 1 && expected > 1 { encoder.batch.reserveCapacity(expected) }
        }
    }

    /// A batch of the given rows.
    public static func batch<Rows: Sequence>(_ rows: Rows) throws -> RowBatch where Rows.Element: Encodable {
        var batch = RowBatch()
        try append(rows, to: &batch)
        return batch
    }
}

/// The encoder a row's `encode(to:)` talks to; keyed fields go straight into the batch's columns.
final class TopLevelEncoder: Encoder {
    // Unchecked: the encoder is used by one `encode(to:)` call at a time and never reentrantly, and
    // the dynamic exclusivity check on every cell was a tenth of the cost of encoding a row.
    @exclusivity(unchecked) var batch: RowBatch
    /// The column the next key probably names: fields arrive in the same order in every row.
    var guess = 0
    /// Nested containers are filled after they are handed out; their values are stored when the row ends.
    var deferred: [() throws -> Void] = []
    let codingPath: [any CodingKey] = []
    let userInfo: [CodingUserInfoKey: Any] = [:]

    init(batch: RowBatch) { self.batch = batch }

    func column(for key: some CodingKey) -> Int {
        let name = key.stringValue
        if batch.column(guess, isNamed: name) {
            defer { guess += 1 }
            return guess
        }
        let index = batch.columnIndex(for: name)
        guess = index + 1
        return index
    }

    func finishNestedValues() throws {
        guard !deferred.isEmpty else { return }
        for store in deferred { try store() }
        deferred.removeAll(keepingCapacity: true)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(RowKeyedContainer(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let node = EncodingNode.array()
        deferred.append { [unowned self] in
            try self.batch.set(node.value, at: self.batch.columnIndex(for: RowEncoder.valueColumn))
        }
        return NodeUnkeyedContainer(node: node, codingPath: [])
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueToColumn(encoder: self)
    }
}

private struct RowKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: TopLevelEncoder
    var codingPath: [any CodingKey] { [] }

    private func put(_ value: ArtifactValue, _ key: Key) throws {
        try encoder.batch.set(value, at: encoder.column(for: key))
    }

    mutating func encodeNil(forKey key: Key) throws { try put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { try put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try put(.double(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try put(.double(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try put(.int(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try put(ValueEncoding.unsigned(UInt64(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try put(.int(Int64(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try put(.int(Int64(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try put(.int(Int64(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try put(ValueEncoding.unsigned(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try put(ValueEncoding.value(of: value, codingPath: [key]), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let node = EncodingNode.object()
        let column = encoder.column(for: key)
        encoder.deferred.append { [encoder] in try encoder.batch.set(node.value, at: column) }
        return KeyedEncodingContainer(NodeKeyedContainer(node: node, codingPath: [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let node = EncodingNode.array()
        let column = encoder.column(for: key)
        encoder.deferred.append { [encoder] in try encoder.batch.set(node.value, at: column) }
        return NodeUnkeyedContainer(node: node, codingPath: [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let nested = NodeEncoder(codingPath: [key])
        let column = encoder.column(for: key)
        encoder.deferred.append { [encoder] in try encoder.batch.set(nested.node.value, at: column) }
        return nested
    }
}

private struct SingleValueToColumn: SingleValueEncodingContainer {
    let encoder: TopLevelEncoder
    var codingPath: [any CodingKey] { [] }

    private func put(_ value: ArtifactValue) throws {
        try encoder.batch.set(value, at: encoder.batch.columnIndex(for: RowEncoder.valueColumn))
    }

    mutating func encodeNil() throws { try put(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try put(ValueEncoding.value(of: value, codingPath: []))
    }
}

extension RowEncoder {
    /// The value of anything encodable, as it would be stored in a cell: structs become objects,
    /// arrays stay arrays, Foundation types take the forms described above.
    public static func value<T: Encodable>(of value: T) throws -> ArtifactValue {
        try ValueEncoding.value(of: value, codingPath: [])
    }
}
