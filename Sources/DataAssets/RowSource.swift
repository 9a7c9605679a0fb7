import ArtifactFormats

/// What an asset's function produced, as a stream of row batches: one batch for an array or a
/// single value, none for nothing, one per element of an asynchronous sequence of batches.
public struct RowSource: Sendable {
    /// Hands each batch to `consume`, in order.
    let produce: @Sendable (_ consume: (RowBatch) async throws -> Void) async throws -> Void

    /// One batch of rows.
    public static func rows<Row: Encodable & Sendable>(_ rows: [Row]) -> RowSource {
        RowSource { consume in try await consume(try RowEncoder.batch(rows)) }
    }

    /// One row.
    public static func value<Row: Encodable & Sendable>(_ value: Row) -> RowSource {
        RowSource { consume in try await consume(try RowEncoder.batch(CollectionOfOne(value))) }
    }

    /// No rows at all.
    public static let nothing = RowSource { _ in }

    /// One batch per element of an asynchronous sequence; only one batch is in memory at a time.
    public static func batches<Batches: AsyncSequence & Sendable>(_ batches: Batches) -> RowSource
    where Batches.Element: Sequence, Batches.Element.Element: Encodable {
        RowSource { consume in
            for try await batch in batches {
                try await consume(try RowEncoder.batch(batch))
            }
        }
    }
}
