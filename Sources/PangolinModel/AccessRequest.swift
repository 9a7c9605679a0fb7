import Foundation

/// A user's request to read an asset they cannot read yet, and its review.
public struct AccessRequest: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable, Hashable, CaseIterable {
        case pending, approved, denied

        /// Accepts any case, and Pangolin's `Rejected` for denied.
        public init(parsing text: String) throws {
            switch text.lowercased() {
            case "pending": self = .pending
            case "approved", "approve": self = .approved
            case "denied", "deny", "rejected", "reject": self = .denied
            default: throw PangolinError.invalid("unknown status \(Names.quoted(text)); expected approved or denied")
            }
        }
    }

    public var id: String
    public var tenantID: String
    public var assetID: String
    public var userID: String
    public var username: String
    public var reason: String?
    public var status: Status
    public var requestedAt: Date
    public var reviewedBy: String?
    public var reviewedAt: Date?
    public var reviewComment: String?
    /// The read grant an approval created.
    public var permissionID: String?

    public init(id: String, tenantID: String, assetID: String, userID: String, username: String, reason: String?,
                status: Status, requestedAt: Date, reviewedBy: String? = nil, reviewedAt: Date? = nil,
                reviewComment: String? = nil, permissionID: String? = nil) {
        self.id = id
        self.tenantID = tenantID
        self.assetID = assetID
        self.userID = userID
        self.username = username
        self.reason = reason
        self.status = status
        self.requestedAt = requestedAt
        self.reviewedBy = reviewedBy
        self.reviewedAt = reviewedAt
        self.reviewComment = reviewComment
        self.permissionID = permissionID
    }

    // pypangolin reads these keys dashed and `requested-at` as an ISO 8601 string, which is how
    // dates are written.
    enum CodingKeys: String, CodingKey {
        case id, username, reason, status
        case tenantID = "tenant-id", assetID = "asset-id", userID = "user-id", requestedAt = "requested-at",
             reviewedBy = "reviewed-by", reviewedAt = "reviewed-at", reviewComment = "review-comment",
             permissionID = "permission-id"
    }
}
