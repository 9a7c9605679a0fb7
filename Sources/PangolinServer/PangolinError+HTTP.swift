import Foundation
import Hummingbird
import PangolinModel

extension PangolinError.Code {
    /// The HTTP status each kind of failure is reported with (the table is `httpStatus`).
    var status: HTTPResponse.Status { HTTPResponse.Status(code: httpStatus) }

    /// The code a bare HTTP status stands for, when the framework rather than a handler failed:
    /// an unknown route or method is reported as missing.
    static func from(_ status: HTTPResponse.Status) -> PangolinError.Code {
        status.code == 405 ? .notFound : PangolinError.Code(httpStatus: status.code)
    }
}

/// The body of an error on Iceberg REST paths, as the Iceberg specification defines it.
struct IcebergErrorBody: Codable {
    struct Detail: Codable {
        var message: String
        var type: String
        var code: Int
    }
    var error: Detail

    init(_ error: PangolinError) {
        let status = error.code.status
        let type =
            switch error.code {
            case .notFound:
                switch error.resource {
                case .namespace: "NoSuchNamespaceException"
                case .table: "NoSuchTableException"
                case .catalog, .warehouse: "NoSuchCatalogException"
                default: "NotFoundException"
                }
            case .conflict:
                switch (error.resource, error.conflict) {
                case (.namespace, .notEmpty): "NamespaceNotEmptyException"
                case (_, .exists): "AlreadyExistsException"
                default: "CommitFailedException"
                }
            case .unauthenticated: "NotAuthorizedException"
            case .forbidden: "ForbiddenException"
            case .invalidInput, .payloadTooLarge, .unsupportedMediaType: "BadRequestException"
            case .unavailable: "ServiceUnavailableException"
            default: "ServerErrorException"
            }
        self.error = Detail(message: error.message, type: type, code: Int(status.code))
    }
}
