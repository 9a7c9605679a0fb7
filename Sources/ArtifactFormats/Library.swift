/// The name and version of this library, as files and catalog entries it writes name their producer.
public enum Library {
    /// The package's name.
    public static let name = "pangolin-swift"
    /// The package's version.
    public static let version = "0.1.0"
}
