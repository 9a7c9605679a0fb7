/// A failure of an object store, naming the key and what went wrong.
public struct ObjectStorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// The key is empty, absolute, or climbs out of the store with `..`.
        case invalidKey = "invalid_key"
        /// No object exists under the key.
        case notFound = "not_found"
        /// The operating system refused the operation.
        case io
        /// A location names a kind of storage this library cannot reach.
        case unsupportedLocation = "unsupported_location"
        /// The store refused the credentials or the operation (S3's 403).
        case denied
        /// The bucket does not exist.
        case noSuchBucket = "no_such_bucket"
        /// The bucket is in another region than the one requests were signed for.
        case wrongRegion = "wrong_region"
        /// The store could not be reached.
        case unavailable
    }

    /// The kind of failure.
    public var code: Code
    /// The key the operation was about.
    public var key: String
    /// A sentence for the reader.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, key: String, _ message: String) {
        self.code = code
        self.key = key
        self.message = message
    }

    public var description: String { message }
}
