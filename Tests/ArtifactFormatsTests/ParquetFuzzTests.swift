import Foundation
import Testing
@testable import ArtifactFormats

/// A small, seeded generator, so that a failing mutation can be found again.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Damaged Parquet files")
struct ParquetFuzzTests {
    /// Files to damage: the foreign fixtures and the library's own, nested and dictionary-encoded.
    static func originals() async throws -> [[UInt8]] {
        var files = try ParquetFixtures.names.map(ParquetFixtures.bytes)
        let own = try ParquetRoundTripTests.everything()
        for compression in [ArtifactCompression.snappy, .none, .zstd] {
            files.append(try await encoded(own, as: ParquetFormat(compression: compression)))
        }
        return files
    }

    static func mutate(_ file: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = file
        switch Int.random(in: 0..<6, using: &random) {
        case 0:  // flip bits here and there
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                bytes[index] ^= UInt8.random(in: 1...255, using: &random)
            }
        case 1:  // cut the file short
            bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &random)...)
        case 2:  // damage the footer, where the metadata is
            let footer = max(0, bytes.count - 400)
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                bytes[Int.random(in: footer..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
        case 3:  // extreme values where numbers are
            let index = Int.random(in: 0..<bytes.count, using: &random)
            let run = [UInt8](repeating: [0xFF, 0x7F, 0x80, 0x00].randomElement(using: &random)!, count: Int.random(in: 1...9, using: &random))
            bytes.replaceSubrange(index..<min(bytes.count, index + run.count), with: run)
        case 4:  // bytes removed from the middle
            let start = Int.random(in: 4..<max(5, bytes.count - 12), using: &random)
            bytes.removeSubrange(start..<min(bytes.count - 8, start + Int.random(in: 1...64, using: &random)))
        default:  // another part of the file copied over this one
            let from = Int.random(in: 0..<bytes.count, using: &random), to = Int.random(in: 0..<bytes.count, using: &random)
            let length = min(Int.random(in: 1...128, using: &random), bytes.count - from, bytes.count - to)
            bytes.replaceSubrange(to..<to + length, with: bytes[from..<from + length])
        }
        return bytes
    }

    @Test("mutated real files read or fail with a format error, never crash, with a fixed seed")
    func mutations() async throws {
        let originals = try await Self.originals()
        var random = SplitMix64(state: 20_261_201)
        var failures = 0, reads = 0
        // Bounded by count, and by a few seconds on a slow machine.
        let deadline = Date().addingTimeInterval(6)
        for _ in 0..<4000 where Date() < deadline {
            let damaged = Self.mutate(originals[Int.random(in: 0..<originals.count, using: &random)], &random)
            do {
                _ = try await ParquetFixtures.read(damaged)
                reads += 1
            } catch is ArtifactFormatError {
                failures += 1
            }
        }
        #expect(failures > 0)
        #expect(reads + failures > 100)
    }

    @Test("wrong magic numbers, truncations and an encrypted footer say what they are", arguments: [
        ("PAR2", "does not start and end with the magic number PAR1"),
        ("short", "too few for a Parquet file"),
        ("PARE", "encrypted"),
        ("length", "the Parquet footer claims"),
    ])
    func namedFailures(damage: String, message: String) async throws {
        var bytes = try ParquetFixtures.bytes("duckdb")
        switch damage {
        case "PAR2": bytes[3] = UInt8(ascii: "2")
        case "short": bytes = Array(bytes.prefix(10))
        case "PARE": bytes[bytes.count - 1] = UInt8(ascii: "E")
        default: bytes[bytes.count - 5] = 0x7F
        }
        let error = await #expect(throws: ArtifactFormatError.self) { try await ParquetFixtures.read(bytes) }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test("a codec the reader lacks names the column and the codec")
    func unsupportedCodec() async throws {
        let batch = try makeBatch(["amount"], [[1], [2]])
        var bytes = try await encoded(batch, as: ParquetFormat(compression: .none))
        // Rewrite the footer with LZ4 as the chunk's codec.
        let footer = try await ParquetFooter(reading: MemorySource(bytes))
        var metadata = footer.metadata
        metadata.rowGroups[0].columns[0].metaData?.codec = .lz4
        let length = Int(UInt32(bytes[bytes.count - 8]) | UInt32(bytes[bytes.count - 7]) << 8 | UInt32(bytes[bytes.count - 6]) << 16)
        bytes.removeLast(length + 8)
        let encodedFooter = metadata.encoded()
        bytes += encodedFooter + withUnsafeBytes(of: UInt32(encodedFooter.count).littleEndian) { Array($0) } + Array("PAR1".utf8)
        let error = await #expect(throws: ArtifactFormatError.self) { try await ParquetFixtures.read(bytes) }
        #expect(error?.message.contains("column 'amount' is compressed with lz4") == true, "\(error?.message ?? "")")
    }
}
