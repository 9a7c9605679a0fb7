import ObjectStorage
import Testing

@Suite("File extensions of keys")
struct ObjectKeyExtensionTests {
    @Test("the extension is the text after the last dot of the last segment", arguments: [
        ("a/b.json", "json", "a/b"), ("v1.2/orders.final.csv", "csv", "v1.2/orders.final"),
        ("v1.2/orders", "", "v1.2/orders"), (".hidden", "", ".hidden"), ("dir/.hidden", "", "dir/.hidden"), ("x.", "", "x"),
    ])
    func extensions(key: String, fileExtension: String, stem: String) {
        #expect(ObjectKey.fileExtension(of: key) == fileExtension)
        #expect(ObjectKey.droppingExtension(key) == stem)
    }
}
