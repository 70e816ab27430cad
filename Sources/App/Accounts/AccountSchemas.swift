import JSON
/// JSON Schemas of the account API, for `/openapi.json`.
enum AccountSchemas {
    static func reference(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    private static let text: JSONValue = ["type": "string"]
    private static let time: JSONValue = ["type": "string", "format": "date-time"]
    private static let role: JSONValue = ["type": "string", "enum": ["owner", "admin", "member", "viewer"]]

    static let all: [(String, JSONValue)] = [
        ("User", ["type": "object",
                  "required": ["id", "email", "name", "role", "disabled", "created_at", "updated_at"],
                  "properties": ["id": text, "email": ["type": "string", "format": "email"], "name": text, "role": role,
                                 "disabled": ["type": "boolean"], "created_at": time, "updated_at": time]]),
        ("OrganizationSummary", ["type": "object", "required": ["id", "name", "tier"],
                                 "properties": ["id": text, "name": text, "tier": text]]),
        ("Tokens", ["type": "object",
                    "required": ["user", "org", "access_token", "refresh_token", "token_type", "expires_in"],
                    "properties": ["user": reference("User"), "org": reference("OrganizationSummary"),
                                   "access_token": text, "refresh_token": text, "token_type": ["const": "Bearer"],
                                   "expires_in": ["type": "integer"]]]),
        ("APIKey", ["type": "object",
                    "required": ["id", "name", "prefix", "scopes", "kb_ids", "expires_at", "last_used_at", "created_at"],
                    "properties": ["id": text, "name": text, "prefix": text,
                                   "key": ["type": "string", "description": "Only in the response that created the key."],
                                   "scopes": ["type": "array", "items": ["type": "string", "enum": ["read", "write", "admin"]]],
                                   "kb_ids": ["type": ["array", "null"], "items": text],
                                   "expires_at": ["type": ["string", "null"], "format": "date-time"],
                                   "last_used_at": ["type": ["string", "null"], "format": "date-time"],
                                   "created_by": ["type": ["string", "null"]], "created_at": time]]),
        ("Register", ["type": "object", "required": ["email", "password"], "additionalProperties": false,
                      "properties": ["email": text, "password": ["type": "string", "minLength": 8, "maxLength": 1024],
                                     "name": text, "org_name": text]]),
        ("Login", ["type": "object", "required": ["email", "password"], "additionalProperties": false,
                   "properties": ["email": text, "password": text]]),
        ("Refresh", ["type": "object", "required": ["refresh_token"], "additionalProperties": false,
                     "properties": ["refresh_token": text]]),
        ("ChangePassword", ["type": "object", "required": ["current_password", "new_password"],
                            "additionalProperties": false,
                            "properties": ["current_password": text,
                                           "new_password": ["type": "string", "minLength": 8, "maxLength": 1024]]]),
        ("CreateAPIKey", ["type": "object", "required": ["name", "scopes"], "additionalProperties": false,
                          "properties": ["name": text,
                                         "scopes": ["type": "array", "minItems": 1,
                                                    "items": ["type": "string", "enum": ["read", "write", "admin"]]],
                                         "kb_ids": ["type": "array", "items": text, "maxItems": 100],
                                         "expires_at": time]]),
        ("CreateUser", ["type": "object", "required": ["email", "password", "role"], "additionalProperties": false,
                        "properties": ["email": text, "password": text, "name": text, "role": role]]),
        ("UpdateUser", ["type": "object", "additionalProperties": false,
                        "properties": ["role": role, "name": text, "disabled": ["type": "boolean"]]]),
        ("AuditEntry", ["type": "object", "required": ["id", "action", "actor", "created_at"],
                        "properties": ["id": text, "action": text,
                                       "actor": ["type": "object", "properties": ["type": text, "id": ["type": ["string", "null"]]]],
                                       "target": ["type": ["object", "null"]],
                                       "client_ip": ["type": ["string", "null"]], "request_id": ["type": ["string", "null"]],
                                       "details": ["type": "object", "additionalProperties": text], "created_at": time]]),
    ]

    /// `{"data": [Item], "next_cursor": string|null}`.
    static func list(of item: String) -> JSONValue {
        ["type": "object", "required": ["data", "next_cursor"],
         "properties": ["data": ["type": "array", "items": reference(item)],
                        "next_cursor": ["type": ["string", "null"]]]]
    }

    static let pageParameters: [Endpoint.QueryParameter] = [
        .init("limit", "Page size, 1–500 (default 50).", schema: ["type": "integer", "minimum": 1, "maximum": 500]),
        .init("cursor", "The next_cursor of the previous page."),
    ]
}
