import JSON
import Auth
import HTTP
import Server

/// One API operation: how it is routed and how it is documented. Every route of ragd is an `Endpoint`, so the router
/// and `/openapi.json` cannot drift apart.
package struct Endpoint: Sendable {
    /// A documented response.
    package struct DocumentedResponse: Sendable {
        /// Status code.
        package let status: Int
        /// What it means.
        package let description: String
        /// Body schema (a JSON Schema object or `$ref`), if any.
        package let schema: JSONValue?
        /// Body content type.
        package let contentType: String

        /// A response with an optional JSON body schema.
        package init(_ status: Int, _ description: String, schema: JSONValue? = nil,
                     contentType: String = "application/json") {
            self.status = status
            self.description = description
            self.schema = schema
            self.contentType = contentType
        }
    }

    /// A documented query parameter.
    package struct QueryParameter: Sendable {
        package let name: String
        package let description: String
        package let schema: JSONValue

        /// A query parameter.
        package init(_ name: String, _ description: String, schema: JSONValue = ["type": "string"]) {
            self.name = name
            self.description = description
            self.schema = schema
        }
    }

    package let method: HTTPMethod
    package let path: String
    package let operationID: String
    package let summary: String
    package let tag: String
    package let execution: Execution
    package let maxBodyBytes: Int?
    /// Where the body is collected (uploads go to a file).
    package let bodyStorage: BodyStorage
    /// Checked before the body is read (see `Admission`).
    package let admission: Admission?
    package let requestSchema: JSONValue?
    /// The schema of a `multipart/form-data` body, for operations that also take uploads that way.
    package let multipartSchema: JSONValue?
    package let queryParameters: [QueryParameter]
    package let responses: [DocumentedResponse]
    /// Whether the operation takes credentials (`bearerAuth` / `apiKey`); operational endpoints do not.
    package let authenticated: Bool
    /// The permission the authorization layer requires (documented in the description).
    package let permission: Permission?
    package let handler: Handler

    /// Describes an operation.
    package init(_ method: HTTPMethod, _ path: String, operationID: String, summary: String, tag: String,
                 execution: Execution = .pool, maxBodyBytes: Int? = nil, bodyStorage: BodyStorage = .memory,
                 admission: Admission? = nil, requestSchema: JSONValue? = nil, multipartSchema: JSONValue? = nil,
                 queryParameters: [QueryParameter] = [], responses: [DocumentedResponse],
                 authenticated: Bool = true, permission: Permission? = nil, handler: @escaping Handler) {
        self.method = method
        self.path = path
        self.operationID = operationID
        self.summary = summary
        self.tag = tag
        self.execution = execution
        self.maxBodyBytes = maxBodyBytes
        self.bodyStorage = bodyStorage
        self.admission = admission
        self.requestSchema = requestSchema
        self.multipartSchema = multipartSchema
        self.queryParameters = queryParameters
        self.responses = responses
        self.authenticated = authenticated
        self.permission = permission
        self.handler = handler
    }

    /// Path parameter names in template order.
    package var pathParameters: [String] {
        path.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
    }
}

extension Router {
    /// Registers every endpoint.
    package mutating func add(_ endpoints: [Endpoint]) {
        for endpoint in endpoints {
            add(endpoint.method, endpoint.path, execution: endpoint.execution, maxBodyBytes: endpoint.maxBodyBytes,
                bodyStorage: endpoint.bodyStorage, admission: endpoint.admission, handler: endpoint.handler)
        }
    }
}
