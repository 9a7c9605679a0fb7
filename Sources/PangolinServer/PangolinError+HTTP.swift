import Foundation
import Hummingbird
import PangolinModel

extension PangolinError.Code {
    /// The HTTP status each kind of failure is reported with.
    var status: HTTPResponse.Status {
        switch self {
        case .invalidInput: .badRequest
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .preconditionFailed: .preconditionFailed
        case .payloadTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .tooManyRequests: .tooManyRequests
        case .unavailable: .serviceUnavailable
        default: .internalServerError
        }
    }

    /// The code a bare HTTP status stands for, when the framework rather than a handler failed.
    static func from(_ status: HTTPResponse.Status) -> PangolinError.Code {
        switch status.code {
        case 400: .invalidInput
        case 401: .unauthenticated
        case 403: .forbidden
        case 404, 405: .notFound
        case 409: .conflict
        case 412: .preconditionFailed
        case 413: .payloadTooLarge
        case 415: .unsupportedMediaType
        case 429: .tooManyRequests
        case 503: .unavailable
        default: status.code < 500 ? .invalidInput : .internal
        }
    }
}

/// The body of every error response on Pangolin paths: `{"error": {"code", "message"}}`.
struct ErrorBody: Encodable {
    struct Detail: Encodable {
        var code: String
        var message: String
    }
    var error: Detail
}

/// The body of an error on Iceberg REST paths, as the Iceberg specification defines it.
struct IcebergErrorBody: Encodable {
    struct Detail: Encodable {
        var message: String
        var type: String
        var code: Int
    }
    var error: Detail

    init(_ error: PangolinError) {
        let status = error.code.status
        let type =
            switch error.code {
            case .notFound: error.message.contains("namespace") ? "NoSuchNamespaceException" : "NoSuchCatalogException"
            case .conflict: error.message.contains("not empty") ? "NamespaceNotEmptyException" : "AlreadyExistsException"
            case .unauthenticated: "NotAuthorizedException"
            case .forbidden: "ForbiddenException"
            case .invalidInput, .payloadTooLarge, .unsupportedMediaType: "BadRequestException"
            case .unavailable: "ServiceUnavailableException"
            default: "ServerErrorException"
            }
        self.error = Detail(message: error.message, type: type, code: Int(status.code))
    }
}
