import Foundation
import Hummingbird
import PangolinModel

/// The fields of a submitted HTML form (`application/x-www-form-urlencoded`).
struct WebForm: Sendable {
    private(set) var fields: [String: [String]] = [:]

    /// Reads the form a browser posted, refusing other bodies and bodies over `limit` bytes.
    static func read(_ request: Request, limit: Int) async throws -> WebForm {
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            throw PangolinError(.unsupportedMediaType, "this page takes a submitted form, not '\(type)'")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw PangolinError(.payloadTooLarge, "the form is larger than the \(limit)-byte limit")
        }
        return WebForm(encoded: String(buffer: buffer))
    }

    /// The fields of a form a browser sent with GET: the query string, where `+` is a space.
    init(query request: Request) {
        self.init(encoded: request.uri.query ?? "")
    }

    /// Parses `name=value&…`, with `+` for spaces and percent-escapes.
    init(encoded: String) {
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            let (name, value) = (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
            fields[name, default: []].append(value)
            pairs.append((name, value))
        }
    }

    /// Every field in the order sent, repeated names included.
    private(set) var pairs: [(name: String, value: String)] = []

    /// The field's value with surrounding white space removed; nil when it is missing or blank.
    func text(_ name: String) -> String? {
        guard let value = fields[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// The field's value, which must be present.
    func required(_ name: String, label: String? = nil) throws -> String {
        guard let value = text(name) else { throw PangolinError.invalid("fill in '\(label ?? name)'") }
        return value
    }

    /// The field's value as a whole number, when present.
    func integer(_ name: String, label: String? = nil) throws -> Int? {
        guard let value = text(name) else { return nil }
        guard let number = Int(value) else { throw PangolinError.invalid("'\(label ?? name)' must be a whole number, not '\(value)'") }
        return number
    }

    /// A checkbox: present when ticked.
    func checked(_ name: String) -> Bool { fields[name] != nil }

    /// A comma-separated list, each item trimmed, blanks dropped.
    func list(_ name: String) -> [String] {
        (text(name) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

extension Request {
    /// This request as the API handler of the same change receives it: `json` as its JSON body,
    /// at `path` (default: this request's own), so that a page and the API share one code path,
    /// with the same validation, authorization and audit.
    func forAPI(path: String? = nil, json: [String: JSONValue]? = nil) throws -> Request {
        var head = self.head
        if let path { head.path = path }
        var body = Hummingbird.RequestBody(buffer: ByteBuffer())
        if let json {
            head.headerFields[.contentType] = "application/json"
            body = .init(buffer: ByteBuffer(bytes: try JSONEncoder().encode(JSONValue.object(json))))
        } else {
            head.headerFields[.contentType] = nil
        }
        return Request(head: head, body: body)
    }
}
