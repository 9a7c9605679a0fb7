import Foundation
import ArtifactFormats

/// A text with `{placeholders}` filled from an asset's parameters: `{field}`, `{a.b}` for nested
/// fields, `{d[key]}` for dictionary entries (and `{list[0]}` for array elements). `{{` and `}}`
/// stand for literal braces.
struct Template: Sendable, Hashable {
    let text: String

    /// Fills every placeholder whose value is known and leaves the others as they are.
    func resolvingKnown(from parameters: ArtifactValue) -> Template {
        Template(text: (try? render(parameters, strict: false, escapeOutput: true)) ?? text)
    }

    /// Fills every placeholder; a placeholder without a value is an error that names it and lists
    /// the keys that exist.
    func resolved(from parameters: ArtifactValue, what: String) throws -> String {
        try render(parameters, strict: true, escapeOutput: false, what: what)
    }

    private func render(_ parameters: ArtifactValue, strict: Bool, escapeOutput: Bool, what: String = "") throws -> String {
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "{" || character == "}", next < text.endIndex, text[next] == character {
                output.append(escapeOutput ? "\(character)\(character)" : "\(character)")
                index = text.index(after: next)
                continue
            }
            guard character == "{", let close = text[next...].firstIndex(of: "}") else {
                output.append(character)
                index = next
                continue
            }
            let key = String(text[next..<close])
            if let value = Self.lookup(key, in: parameters), value.columnType.isScalar, !value.isNull {
                let rendered = value.text
                output += escapeOutput ? rendered.replacingOccurrences(of: "{", with: "{{").replacingOccurrences(of: "}", with: "}}") : rendered
            } else if strict {
                throw DataAssetError(.unresolvedPlaceholder,
                    "placeholder '{\(key)}' in \(what) '\(text)' has no value; available keys: \(Self.keys(of: parameters).joined(separator: ", "))"
                        + (Self.keys(of: parameters).isEmpty ? "(none — bind arguments with with(arguments:))" : ""))
            } else {
                output += "{\(key)}"
            }
            index = text.index(after: close)
        }
        return output
    }

    /// The value at a placeholder path such as `a.b`, `d[key]` or `list[0]`.
    static func lookup(_ path: String, in root: ArtifactValue) -> ArtifactValue? {
        var current = root
        var remaining = Substring(path)
        while !remaining.isEmpty {
            let segmentEnd = remaining.firstIndex { $0 == "." || $0 == "[" } ?? remaining.endIndex
            let name = remaining[..<segmentEnd]
            if !name.isEmpty {
                guard case .object(let object) = current, let value = object[String(name)] else { return nil }
                current = value
            }
            remaining = remaining[segmentEnd...]
            if remaining.first == "." {
                remaining = remaining.dropFirst()
            } else if remaining.first == "[" {
                guard let close = remaining.firstIndex(of: "]") else { return nil }
                let key = remaining[remaining.index(after: remaining.startIndex)..<close]
                    .trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
                switch current {
                case .object(let object):
                    guard let value = object[key] else { return nil }
                    current = value
                case .array(let elements):
                    guard let position = Int(key), elements.indices.contains(position) else { return nil }
                    current = elements[position]
                default: return nil
                }
                remaining = remaining[remaining.index(after: close)...]
                if remaining.first == "." { remaining = remaining.dropFirst() }
            } else if !remaining.isEmpty {
                return nil
            }
        }
        return current
    }

    /// Every placeholder path that has a scalar value, for error messages.
    static func keys(of value: ArtifactValue, prefix: String = "") -> [String] {
        guard case .object(let object) = value else { return [] }
        return zip(object.keys, object.values).flatMap { key, child -> [String] in
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            if case .object = child { return keys(of: child, prefix: path) }
            return [path]
        }
    }
}
