import Foundation
import Hummingbird
import Mustache

/// The interface's templates and static files, read once from the package's resources, and
/// the HTML responses made from them.
struct PageRenderer: Sendable {
    private let library: MustacheLibrary
    /// Static files by name, with their content type.
    private let files: [String: (type: String, bytes: ByteBuffer)]

    /// The interface's files, read once per process.
    static let bundled = Result { try PageRenderer() }

    /// Loads `Templates/*.mustache` and `Static/*` from the server's resource bundle.
    init() throws {
        guard let root = Bundle.module.resourceURL else {
            throw PageRendererError(message: "the server's resource bundle holds no files; reinstall pangolin-server with its resources")
        }
        var library = MustacheLibrary()
        let templates = root.appendingPathComponent("Templates")
        for name in try FileManager.default.contentsOfDirectory(atPath: templates.path) where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: templates.appendingPathComponent(name), encoding: .utf8)
            do {
                try library.register(text, named: String(name.dropLast(".mustache".count)))
            } catch {
                throw PageRendererError(message: "template \(name) does not parse: \(error)")
            }
        }
        self.library = library
        var files: [String: (String, ByteBuffer)] = [:]
        let statics = root.appendingPathComponent("Static")
        for name in try FileManager.default.contentsOfDirectory(atPath: statics.path) {
            let type = name.hasSuffix(".css") ? "text/css; charset=utf-8" : name.hasSuffix(".js") ? "text/javascript; charset=utf-8" : "application/octet-stream"
            files[name] = (type, ByteBuffer(bytes: try Data(contentsOf: statics.appendingPathComponent(name))))
        }
        self.files = files
    }

    /// The page `template` renders from `view`, as an HTML response.
    func page(_ template: String, _ view: Any, status: HTTPResponse.Status = .ok) -> Response {
        guard let html = library.render(view, withTemplate: template) else {
            return Response(status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "the page template '\(template)' is missing from the server's resources")))
        }
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A static file of the interface, or nil when there is none of that name.
    func file(_ name: String) -> Response? {
        guard let file = files[name] else { return nil }
        return Response(status: .ok, headers: [.contentType: file.type, .cacheControl: "max-age=3600"], body: .init(byteBuffer: file.bytes))
    }

    /// A `303 See Other` to `location`, the answer to a form that changed something.
    static func redirect(to location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }
}

/// The interface's files could not be read.
struct PageRendererError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
