import Foundation

/// Where commands write: standard output and error, or, in tests, a buffer.
public final class Console: @unchecked Sendable {
    private let lock = NSLock()
    private var captured: String?
    private var capturedErrors: String?

    /// The console commands write to; tests bind a capturing one.
    @TaskLocal public static var current = Console(capturing: false)

    public init(capturing: Bool) {
        captured = capturing ? "" : nil
        capturedErrors = capturing ? "" : nil
    }

    public func line(_ text: String) {
        lock.withLock {
            if captured != nil { captured! += text + "\n" } else { print(text) }
        }
    }

    public func error(_ text: String) {
        lock.withLock {
            if capturedErrors != nil {
                capturedErrors! += text + "\n"
            } else {
                FileHandle.standardError.write(Data((text + "\n").utf8))
            }
        }
    }

    /// What was written to standard output, when capturing.
    public var output: String { lock.withLock { captured ?? "" } }
    public var errors: String { lock.withLock { capturedErrors ?? "" } }
}

/// Aligned columns for people.
struct Table {
    var headers: [String]
    var rows: [[String]]

    func render() -> String {
        let widths = headers.indices.map { column in
            ([headers[column]] + rows.map { column < $0.count ? $0[column] : "" }).map(\.count).max() ?? 0
        }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([format(headers)] + rows.map(format)).joined(separator: "\n")
    }
}

extension Console {
    /// Prints `value` as JSON when `json` is set, else as a table.
    func show<Value: Encodable>(_ value: Value, json: Bool, table: () -> Table) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            line(String(decoding: try encoder.encode(value), as: UTF8.self))
        } else {
            let rendered = table()
            line(rendered.rows.isEmpty ? "(none)" : rendered.render())
        }
    }
}
