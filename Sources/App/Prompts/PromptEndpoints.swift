import Auth
import JSON
import Server
import Store

/// `/v1/prompts`: versioned templates and their A/B experiments.
enum PromptEndpoints {
    static func make(access: AccessControl, service: PromptService, jsonLimit: Int) -> [Endpoint] {
        let prompt: JSONValue = ["type": "object", "properties": [
            "name": ["type": "string"], "version": ["type": "integer"], "template": ["type": "string"],
            "description": ["type": "string"], "created_by": ["type": "string"], "created_at": ["type": "string"],
        ]]
        let experiment: JSONValue = ["type": "object", "properties": [
            "name": ["type": "string"], "started_at": ["type": "string"],
            "variants": ["type": "array", "items": ["type": "object", "properties": [
                "version": ["type": "integer"], "weight": ["type": "number"], "queries": ["type": "integer"],
                "failures": ["type": "integer"], "latency_ms_mean": ["type": "number"],
                "feedback": ["type": "object"], "cost_usd": ["type": "number"],
                "evaluation": ["type": "object", "description": "Online scores: citation_accuracy (mean)."],
            ]]],
        ]]
        // Another organization's prompt is a 404 before any permission check, like every other object.
        let visible = ResourceGuard(parameter: "name", noun: "prompt") { name, caller in
            try service.exists(name, for: caller)
        }
        return [
            Endpoint(.post, "/v1/prompts", operationID: "createPrompt",
                     summary: "Add a prompt template; posting an existing name adds its next version. Templates place "
                         + "{{question}} and {{sources}} (and optionally {{history}}).",
                     tag: "prompts", maxBodyBytes: jsonLimit,
                     requestSchema: ["type": "object", "required": ["name", "template"], "properties": [
                         "name": ["type": "string"], "template": ["type": "string"], "description": ["type": "string"],
                     ]],
                     responses: [.init(201, "The new version.", schema: prompt)], permission: .manageKnowledgeBases,
                     // Prompts shape every knowledge base's answers that names them: the same right as its config.
                     handler: access.protected(.manageKnowledgeBases) { request, caller in
                         let body = try JSONBody(request, allowing: ["name", "template", "description"])
                         return JSONCoding.response(json: view(try service.create(caller, body: body)), status: .created)
                     }),
            Endpoint(.get, "/v1/prompts", operationID: "listPrompts",
                     summary: "The latest version of each prompt, by name.", tag: "prompts",
                     queryParameters: KnowledgeSchemas.pageParameters,
                     responses: [.init(200, "A page of prompts.", schema: ["type": "object"])], permission: .read,
                     handler: access.protected(.read) { request, caller in
                         let page = try service.latest(caller, page: try Pagination(request))
                         return JSONCoding.list(page.items.map(view), next: page.next)
                     }),
            Endpoint(.get, "/v1/prompts/{name}", operationID: "getPrompt",
                     summary: "A prompt's versions, oldest first (paginated like lists: limit, cursor).", tag: "prompts",
                     queryParameters: KnowledgeSchemas.pageParameters,
                     responses: [.init(200, "The prompt.", schema: ["type": "object"])], permission: .read,
                     handler: access.protected(.read, resource: visible) { request, caller in
                         let name = request.parameters["name"] ?? ""
                         let page = try service.versions(caller, name: name, page: try Pagination(request))
                         return JSONCoding.response(json: [
                             "name": .string(name), "versions": .array(page.items.map(view)),
                             "next_cursor": Pagination.encode(page.next).map(JSONValue.string) ?? .null,
                         ])
                     }),
            Endpoint(.get, "/v1/prompts/{name}/versions/{v}", operationID: "getPromptVersion",
                     summary: "One version of a prompt.", tag: "prompts",
                     responses: [.init(200, "The version.", schema: prompt)], permission: .read,
                     handler: access.protected(.read, resource: visible) { request, caller in
                         JSONCoding.response(json: view(try service.version(
                             caller, name: request.parameters["name"] ?? "", version: request.parameters["v"] ?? "")))
                     }),
            Endpoint(.put, "/v1/prompts/{name}/experiment", operationID: "setPromptExperiment",
                     summary: "Split the traffic of queries that name this prompt without a version between versions, "
                         + "by weight; each query records the version that served it.",
                     tag: "prompts", maxBodyBytes: jsonLimit,
                     requestSchema: ["type": "object", "required": ["variants"], "properties": [
                         "variants": ["type": "array", "items": ["type": "object", "properties": [
                             "version": ["type": "integer"], "weight": ["type": "number"],
                         ]]],
                     ]],
                     responses: [.init(200, "The experiment.", schema: experiment)],
                     permission: .manageKnowledgeBases,
                     handler: access.protected(.manageKnowledgeBases, resource: visible) { request, caller in
                         let name = request.parameters["name"] ?? ""
                         _ = try service.setExperiment(caller, name: name, body: try JSONBody(request, allowing: ["variants"]))
                         let (record, figures) = try service.experiment(caller, name: name)
                         return JSONCoding.response(json: view(record, figures: figures))
                     }),
            Endpoint(.get, "/v1/prompts/{name}/experiment", operationID: "getPromptExperiment",
                     summary: "Per-variant counts, mean latency, feedback, cost and online evaluation scores since the "
                         + "experiment started.",
                     tag: "prompts", responses: [.init(200, "The experiment.", schema: experiment)], permission: .read,
                     handler: access.protected(.read, resource: visible) { request, caller in
                         let (record, figures) = try service.experiment(caller, name: request.parameters["name"] ?? "")
                         return JSONCoding.response(json: view(record, figures: figures))
                     }),
        ]
    }

    static func view(_ record: PromptRecord) -> JSONValue {
        [
            "name": .string(record.name), "version": .number(Double(record.version)),
            "template": .string(record.template), "description": .string(record.description),
            "created_by": .string(record.createdBy), "created_at": .string(Timestamp.format(milliseconds: record.createdAt)),
        ]
    }

    static func view(_ record: PromptExperimentRecord, figures: [PromptVariantFigures]) -> JSONValue {
        let variants = JSONParser.parse(record.variants)?.arrayValue ?? []
        return [
            "name": .string(record.name), "started_at": .string(Timestamp.format(milliseconds: record.startedAt)),
            "variants": .array(variants.map { variant in
                let version = variant["version"]?.integerValue ?? 0
                let figure = figures.first { $0.version == version } ?? PromptVariantFigures(version: version)
                return [
                    "version": .number(Double(version)), "weight": variant["weight"] ?? 1,
                    "queries": .number(Double(figure.queries)), "failures": .number(Double(figure.failures)),
                    "latency_ms_mean": .number((figure.latencyMillisecondsMean * 10).rounded() / 10),
                    "feedback": ["positive": .number(Double(figure.positiveFeedback)),
                                 "negative": .number(Double(figure.negativeFeedback))],
                    "cost_usd": .number(figure.costUSD),
                    "evaluation": ["citation_accuracy": figure.citationAccuracy.map { .number($0) } ?? .null],
                ]
            }),
        ]
    }
}
