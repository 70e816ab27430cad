import JSON
/// Builds the OpenAPI 3.1 description served at `/openapi.json` from the registered endpoints.
package enum OpenAPIDocument {
    /// The document for `endpoints`.
    package static func build(_ endpoints: [Endpoint], schemas: [(String, JSONValue)] = [], version: String) -> JSONValue {
        var paths: [(String, JSONValue)] = []
        for path in orderedUnique(endpoints.map(\.path)) {
            var operations: [(String, JSONValue)] = []
            for endpoint in endpoints where endpoint.path == path {
                operations.append((endpoint.method.description.lowercased(), operation(endpoint)))
            }
            paths.append((path, .object(operations)))
        }
        let tags = orderedUnique(endpoints.map(\.tag)).map { tag -> JSONValue in ["name": .string(tag)] }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "ragd",
                "version": .string(version),
                "description": "Retrieval-augmented generation server: knowledge bases, ingestion, hybrid search and grounded answers with citations.",
                "license": ["name": "Proprietary"],
            ],
            "servers": [["url": "/"]],
            "tags": .array(tags),
            "paths": .object(paths),
            "components": components(schemas: schemas),
        ]
    }

    private static func operation(_ endpoint: Endpoint) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("operationId", .string(endpoint.operationID)),
            ("summary", .string(endpoint.summary)),
            ("tags", [.string(endpoint.tag)]),
        ]
        if let permission = endpoint.permission {
            members.append(("description", .string("Requires the `\(permission.rawValue)` permission (see the README's matrix).")))
            members.append(("x-required-permission", .string(permission.rawValue)))
        }
        var parameters: [JSONValue] = endpoint.pathParameters.map { name in
            ["name": .string(name), "in": "path", "required": true, "schema": ["type": "string"]]
        }
        parameters += endpoint.queryParameters.map { parameter in
            ["name": .string(parameter.name), "in": "query", "required": false,
             "description": .string(parameter.description), "schema": parameter.schema]
        }
        parameters.append(["$ref": "#/components/parameters/RequestId"])
        members.append(("parameters", .array(parameters)))
        var content: [(String, JSONValue)] = []
        if let schema = endpoint.requestSchema { content.append(("application/json", ["schema": schema])) }
        if let schema = endpoint.multipartSchema { content.append(("multipart/form-data", ["schema": schema])) }
        if !content.isEmpty {
            members.append(("requestBody", ["required": true, "content": .object(content)]))
        }
        var responses: [(String, JSONValue)] = endpoint.responses.map { response in
            var body: [(String, JSONValue)] = [("description", .string(response.description))]
            if let schema = response.schema {
                let media: JSONValue = ["schema": schema]
                body.append(("content", .object([(response.contentType, media)])))
            }
            body.append(("headers", ["X-Request-Id": ["$ref": "#/components/headers/RequestId"]]))
            return (String(response.status), .object(body))
        }
        responses.append(("default", ["$ref": "#/components/responses/Error"]))
        members.append(("responses", .object(responses)))
        let security: JSONValue = endpoint.authenticated ? [["bearerAuth": []], ["apiKey": []]] : []
        members.append(("security", security))
        return .object(members)
    }

    private static func components(schemas: [(String, JSONValue)]) -> JSONValue {
        guard case .object(var members) = baseComponents, case .object(var base)? = baseComponents["schemas"] else {
            return baseComponents
        }
        base += schemas
        members = members.map { $0.0 == "schemas" ? ("schemas", .object(base)) : $0 }
        return .object(members)
    }

    private static let baseComponents: JSONValue = [
        "schemas": [
            "Error": [
                "type": "object",
                "required": ["error"],
                "properties": [
                    "error": [
                        "type": "object",
                        "required": ["code", "message", "request_id"],
                        "properties": [
                            "code": ["type": "string", "description": "Stable snake_case error code."],
                            "message": ["type": "string"],
                            "request_id": ["type": "string"],
                            "details": ["type": "object", "additionalProperties": true],
                        ],
                    ],
                ],
            ],
        ],
        "responses": [
            "Error": [
                "description": "An error: 400 invalid input, 401 credentials, 403 not allowed, 404 unknown or not visible, 405 method, 408 too slow, 409 conflict, 413 too large, 415 media type, 422 unprocessable, 429 rate limited, 431 headers too large, 500 internal, 503 not ready or overloaded.",
                "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]],
                "headers": ["X-Request-Id": ["$ref": "#/components/headers/RequestId"]],
            ],
        ],
        "parameters": [
            "RequestId": [
                "name": "X-Request-Id", "in": "header", "required": false,
                "description": "Echoed back when it is at most 128 characters of A-Z a-z 0-9 - _ . : + = / ~ @; generated otherwise.",
                "schema": ["type": "string", "maxLength": 128],
            ],
        ],
        "headers": [
            "RequestId": ["description": "The request id, also in logs and error bodies.", "schema": ["type": "string"]],
        ],
        "securitySchemes": [
            "bearerAuth": ["type": "http", "scheme": "bearer",
                           "description": "An access token from /v1/auth/login or an API key (rag_…)."],
            "apiKey": ["type": "apiKey", "in": "header", "name": "X-API-Key"],
        ],
    ]

    private static func orderedUnique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
