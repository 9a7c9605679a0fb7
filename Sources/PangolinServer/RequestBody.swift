import Synchronization
import Foundation
import Hummingbird
import PangolinModel

/// A JSON request body with a closed set of fields: anything else the client sends is rejected,
/// so a misspelt field is an error rather than a silently ignored setting.
protocol RequestBody: Decodable, Sendable {
    /// Every field the body may carry, as spelt on the wire.
    static var fields: Set<String> { get }
}

extension RequestBody {
    /// The keys the body's decoder reads: its coding keys, not a second list of them.
    static var fields: Set<String> { RequestFields.of(Self.self) }
}

/// The fields of each body type, learned once from its decoder.
enum RequestFields {
    private static let known = Mutex<[ObjectIdentifier: Set<String>]>([:])

    static func of<Body: RequestBody>(_ type: Body.Type) -> Set<String> {
        if let fields = known.withLock({ $0[ObjectIdentifier(type)] }) { return fields }
        let fields = WireSchema.keys(of: type)
        known.withLock { $0[ObjectIdentifier(type)] = fields }
        return fields
    }
}


extension Request {
    /// Reads and decodes a JSON body in one pass, answering every client mistake with a 4xx that
    /// names it.
    func decodeBody<Body: RequestBody>(_ type: Body.Type, limit: Int) async throws -> Body {
        let data = try await collectJSON(limit: limit)
        do {
            return try requestDecoder.decode(ClosedObject<Body>.self, from: data).body
        } catch let error as PangolinError {
            throw error
        } catch is NotAnObject {
            let found = (try? JSONDecoder().decode(JSONValue.self, from: data))?.typeName ?? "something else"
            throw PangolinError.invalid("the request body must be a JSON object, not \(found)")
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            throw PangolinError.invalid("the request body is not valid JSON: \(JSONErrors.describe(DecodingError.dataCorrupted(context)))")
        } catch {
            throw PangolinError.invalid(JSONErrors.describe(error))
        }
    }

    /// Decodes a body that may carry fields this server does not read, as Iceberg clients' bodies
    /// do (each names what other servers support); client mistakes are answered with a 400.
    func decodeOpenBody<Body: Decodable>(_ type: Body.Type, limit: Int) async throws -> Body {
        let data = try await collectJSON(limit: limit)
        do {
            return try JSONDecoder().decode(Body.self, from: data)
        } catch let error as PangolinError {
            throw error
        } catch {
            throw PangolinError.invalid("the request body is not what this route reads: \(JSONErrors.describe(error))")
        }
    }

    /// The raw body, refusing non-JSON content types and bodies over `limit` bytes.
    private func collectJSON(limit: Int) async throws -> Data {
        if let type = headers[.contentType], !type.lowercased().contains("json") {
            throw PangolinError(.unsupportedMediaType, "the request body must be JSON (Content-Type: application/json), not '\(type)'")
        }
        do {
            let buffer = try await body.collect(upTo: limit)
            if buffer.readableBytes == 0 { throw PangolinError.invalid("the request needs a JSON body") }
            return Data(buffer: buffer)
        } catch let error as PangolinError {
            throw error
        } catch {
            throw PangolinError(.payloadTooLarge, "the request body is larger than the \(limit)-byte limit")
        }
    }
}

/// A body that must be a JSON object holding only `Body.fields`; checked while decoding, so the
/// body is parsed once.
private struct ClosedObject<Body: RequestBody>: Decodable {
    let body: Body

    init(from decoder: any Decoder) throws {
        let container: KeyedDecodingContainer<AnyKey>
        do {
            container = try decoder.container(keyedBy: AnyKey.self)
        } catch DecodingError.typeMismatch {
            throw NotAnObject()
        }
        let unknown = Set(container.allKeys.map(\.stringValue)).subtracting(Body.fields)
        if !unknown.isEmpty {
            throw PangolinError.invalid(
                "unknown field(s) \(unknown.sorted().map { "'\($0)'" }.joined(separator: ", ")); expected only \(Body.fields.sorted().joined(separator: ", "))")
        }
        body = try Body(from: decoder)
    }
}

private struct NotAnObject: Error {}

private let requestDecoder = PangolinJSON.decoder()

private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Turns decoding failures into sentences that name the field and what was wrong with it.
enum JSONErrors {
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing field '\(path(context.codingPath + [key]))'"
        case DecodingError.typeMismatch(let type, let context):
            return "field '\(path(context.codingPath))' must be \(typeName(type))"
        case DecodingError.valueNotFound(let type, let context):
            return "field '\(path(context.codingPath))' must be \(typeName(type)), not null"
        case DecodingError.dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            let reason = underlying ?? context.debugDescription
            return context.codingPath.isEmpty ? reason : "field '\(path(context.codingPath))': \(reason)"
        default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type, is Double.Type: "a number"
        case is [String].Type: "an array of strings"
        case is [String: String].Type: "an object whose values are strings"
        default: "of type \(type)"
        }
    }
}
