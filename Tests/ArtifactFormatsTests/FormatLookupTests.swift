import Testing
@testable import ArtifactFormats

@Suite("Format lookup")
struct FormatLookupTests {
    @Test("file extensions select their format, ignoring case", arguments: [
        ("json", "json"), ("jsonl", "json"), ("ndjson", "json"), ("JSON", "json"), ("NdJson", "json"),
        ("csv", "csv"), ("CSV", "csv"), ("Csv", "csv"), ("parquet", "parquet"), ("PARQUET", "parquet"),
        ("csv.gz", "csv.gz"), ("json.gz", "json.gz"), ("jsonl.gz", "json.gz"),
    ])
    func byExtension(fileExtension: String, name: String) async throws {
        #expect(try ArtifactFormats.format(forExtension: fileExtension).name == name)
    }

    @Test("a format is found by its name")
    func byName() async throws {
        #expect(try ArtifactFormats.format(named: "csv") is CSV)
        #expect(try ArtifactFormats.format(named: "json") is JSONLines)
        #expect(try ArtifactFormats.format(named: "parquet") is ParquetFormat)
    }

    @Test("a file's format is its longest known ending; the rest of the name is its stem", arguments: [
        ("bronze/orders.csv.gz", "csv.gz", "bronze/orders"), ("a.b/orders.v1.parquet", "parquet", "a.b/orders.v1"),
        ("events.JSON", "json", "events"), ("x.tar.gz", nil, "x.tar"), ("noextension", nil, "noextension"),
    ])
    func byFile(file: String, name: String?, stem: String) {
        #expect((try? ArtifactFormats.format(forFile: file))?.name == name)
        #expect(ArtifactFormats.droppingExtension(file) == stem)
    }

    @Test("the CSV format takes the dialect of the read options")
    func dialectFromOptions() async throws {
        let options = ReadOptions(csv: CSVDialect(delimiter: ";", hasHeader: false))
        let format = try #require(try ArtifactFormats.format(forExtension: "csv", options: options) as? CSV)
        #expect(format.dialect == CSVDialect(delimiter: ";", hasHeader: false))
    }

    @Test("an unknown extension throws unknownFormat listing the known extensions", arguments: ["xlsx", "", ".csv", "tsv", "gz"])
    func unknownExtension(fileExtension: String) {
        let error = #expect(throws: ArtifactFormatError.self) { try ArtifactFormats.format(forExtension: fileExtension) }
        #expect(error?.code == .unknownFormat)
        #expect(error?.message.contains(".json, .jsonl, .ndjson, .csv, .parquet, .json.gz") == true, "\(error?.message ?? "")")
        if !fileExtension.isEmpty {
            #expect(error?.message.contains("'.\(fileExtension)'") == true)
        }
    }
}
