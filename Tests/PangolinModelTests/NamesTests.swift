import Testing
@testable import PangolinModel

@Suite("Name validation")
struct NamesTests {
    @Test("accepts ordinary names, including dots in asset names", arguments: [
        ("customer_churn_v1.0.0", Names.Kind.asset), ("ml_models", .catalog), ("production", .namespace),
        ("data-scientist@company.com", .username), ("Ünïcødé", .tenant),
    ])
    func acceptsOrdinaryNames(name: String, kind: Names.Kind) throws {
        #expect(try Names.validate(name, as: kind) == name)
    }

    @Test("rejects bad names with a message naming the problem", arguments: [
        ("", Names.Kind.asset, "must not be empty"),
        ("a/b", .asset, "path separator"),
        ("a\\b", .catalog, "path separator"),
        ("tab\there", .asset, "control character"),
        ("nul\u{0}", .namespace, "control character"),
        ("lake.house", .catalog, "contains '.'"),
        ("ml.prod", .namespace, "contains '.'"),
        ("..", .asset, "'.' or '..'"),
        ("what?", .asset, "in a URL path"),
        ("50%", .catalog, "in a URL path"),
        (" padded", .asset, "whitespace"),
        (String(repeating: "x", count: 256), .asset, "limit is 255"),
        (String(repeating: "x", count: 129), .catalog, "limit is 128"),
    ])
    func rejectsBadNames(name: String, kind: Names.Kind, fragment: String) {
        let error = #expect(throws: PangolinError.self) { try Names.validate(name, as: kind) }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "")")
    }

    @Test("quotes control characters visibly in messages")
    func quotesControlCharacters() {
        #expect(Names.quoted("a\u{1}b") == "'a\\u{1}b'")
    }
}

@Suite("Namespace paths")
struct NamespacePathTests {
    @Test("parses dotted and unit-separated forms alike")
    func parsesBothSeparators() throws {
        #expect(try NamespacePath(parsing: "ml.prod").segments == ["ml", "prod"])
        #expect(try NamespacePath(parsing: "ml\u{1F}prod").segments == ["ml", "prod"])
        #expect(try NamespacePath(parsing: "ml").parent == nil)
        #expect(try NamespacePath(parsing: "a.b.c").parent?.dotted == "a.b")
    }

    @Test("rejects empty segments")
    func rejectsEmptySegments() {
        #expect(throws: PangolinError.self) { try NamespacePath(parsing: "ml..prod") }
        #expect(throws: PangolinError.self) { try NamespacePath([]) }
    }
}

@Suite("Asset kinds")
struct AssetKindTests {
    @Test("there are Pangolin's seventeen kinds, spelt in SCREAMING_SNAKE case")
    func seventeenKinds() {
        #expect(AssetKind.allCases.count == 17)
        #expect(AssetKind.allCases.allSatisfy { $0.rawValue == $0.rawValue.uppercased() })
        #expect(AssetKind.mlModel.rawValue == "ML_MODEL")
        #expect(AssetKind.dbConnString.rawValue == "DB_CONN_STRING")
    }

    @Test("an unknown kind lists the valid ones")
    func unknownKindListsValidOnes() {
        let error = #expect(throws: PangolinError.self) { try AssetKind(parsing: "ml_model") }
        #expect(error?.message.contains("ML_MODEL") == true)
        #expect(error?.message.contains("'ml_model'") == true)
    }
}
