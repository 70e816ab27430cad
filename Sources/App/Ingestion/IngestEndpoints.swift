import Auth
import Ingest
import JSON
import Server

/// Ingestion (`/v1/ingest`, `/v1/knowledge-bases/{kb}/documents`), documents and jobs.
enum IngestEndpoints {
    static func make(access: AccessControl, service: IngestService, knowledgeBases: KnowledgeBaseService,
                     uploadDirectory: String, maxRequestBytes: Int) -> [Endpoint] {
        let kb = ResourceGuard(parameter: "kb", noun: "knowledge base") { id, caller in
            try knowledgeBases.isVisible(id, to: caller)
        }
        let document = ResourceGuard(parameter: "id", noun: "document") { id, caller in
            try service.isDocumentVisible(id, to: caller)
        }
        let job = ResourceGuard(parameter: "id", noun: "job") { id, caller in
            try service.isJobVisible(id, to: caller)
        }
        let accepted: [Endpoint.DocumentedResponse] = [
            .init(202, "Accepted: the documents are stored and queued; follow the job.",
                  schema: KnowledgeSchemas.reference("IngestAccepted")),
        ]
        let ingest: @Sendable (Request, Caller, String?) throws -> Response = { request, caller, pathKB in
            let receipt = try service.ingest(caller, request: request, pathKB: pathKB)
            let documents: [JSONValue] = receipt.documents.map { document in
                ["id": .string(document.id), "status": .string(document.status),
                 "external_id": document.externalID.map(JSONValue.string) ?? .null,
                 "deduplicated": .bool(document.deduplicated)]
            }
            return JSONCoding.response(json: ["job_id": .string(receipt.job.id), "documents": .array(documents)],
                                       status: .accepted, headers: ["Location": "/v1/jobs/\(receipt.job.id)"])
        }
        let uploads = BodyStorage.file(directory: uploadDirectory)
        return [
            Endpoint(.post, "/v1/ingest", operationID: "ingest",
                     summary: "Upload documents to a knowledge base (kb_id in the body): JSON with text or base64 "
                         + "content, or multipart/form-data with file parts.",
                     tag: "ingestion", maxBodyBytes: maxRequestBytes, bodyStorage: uploads,
                     admission: access.admission(.write),
                     requestSchema: KnowledgeSchemas.reference("IngestRequest"),
                     multipartSchema: KnowledgeSchemas.reference("IngestUpload"), responses: accepted,
                     permission: .write,
                     handler: access.protected(.write) { request, caller in try ingest(request, caller, nil) }),
            Endpoint(.post, "/v1/knowledge-bases/{kb}/documents", operationID: "addDocuments",
                     summary: "Upload documents to this knowledge base (same bodies as /v1/ingest, kb_id optional).",
                     tag: "ingestion", maxBodyBytes: maxRequestBytes, bodyStorage: uploads,
                     admission: access.admission(.write, resource: kb),
                     requestSchema: KnowledgeSchemas.reference("IngestRequest"),
                     multipartSchema: KnowledgeSchemas.reference("IngestUpload"), responses: accepted,
                     permission: .write,
                     handler: access.protected(.write, resource: kb) { request, caller in
                         try ingest(request, caller, request.parameters["kb"])
                     }),
            Endpoint(.get, "/v1/knowledge-bases/{kb}/documents", operationID: "listDocuments",
                     summary: "Documents of a knowledge base, oldest first, optionally by status.", tag: "documents",
                     queryParameters: KnowledgeSchemas.pageParameters + [
                         .init("status", "Only documents with this status.",
                               schema: ["type": "string", "enum": .array(IngestService.statuses.map(JSONValue.string))]),
                     ],
                     responses: [.init(200, "A page of documents.", schema: KnowledgeSchemas.list(of: "Document"))],
                     permission: .read,
                     handler: access.protected(.read, resource: kb) { request, caller in
                         let page = try service.documents(caller, kb: request.parameters["kb"] ?? "",
                                                          status: request.query("status"), page: try Pagination(request))
                         return JSONCoding.list(page.items.map(KnowledgeViews.document), next: page.next)
                     }),
            Endpoint(.get, "/v1/documents/{id}", operationID: "getDocument",
                     summary: "A document: status, error, metadata, version, counts.", tag: "documents",
                     responses: [.init(200, "The document.", schema: KnowledgeSchemas.reference("Document"))],
                     permission: .read,
                     handler: access.protected(.read, resource: document) { request, caller in
                         let record = try service.document(caller, id: request.parameters["id"] ?? "")
                         return JSONCoding.response(json: KnowledgeViews.document(record))
                     }),
            Endpoint(.get, "/v1/documents/{id}/chunks", operationID: "listChunks",
                     summary: "A document's chunks in order, with pages, offsets and parents.", tag: "documents",
                     queryParameters: KnowledgeSchemas.pageParameters,
                     responses: [.init(200, "A page of chunks.", schema: KnowledgeSchemas.list(of: "Chunk"))],
                     permission: .read,
                     handler: access.protected(.read, resource: document) { request, caller in
                         let page = try service.chunks(caller, document: request.parameters["id"] ?? "",
                                                       page: try Pagination(request))
                         return JSONCoding.list(page.items.map(KnowledgeViews.chunk), next: page.next)
                     }),
            Endpoint(.delete, "/v1/documents/{id}", operationID: "deleteDocument",
                     summary: "Delete a document; its chunks leave every index before the response.", tag: "documents",
                     responses: [.init(204, "Deleted.")], permission: .write,
                     handler: access.protected(.write, resource: document) { request, caller in
                         try service.delete(caller, document: request.parameters["id"] ?? "")
                         return Response(status: .noContent)
                     }),
            Endpoint(.get, "/v1/jobs/{id}", operationID: "getJob",
                     summary: "A background job with its progress and the status of each document.", tag: "jobs",
                     responses: [.init(200, "The job.", schema: KnowledgeSchemas.reference("Job"))],
                     permission: .read,
                     handler: access.protected(.read, resource: job) { request, caller in
                         let (record, tasks) = try service.job(caller, id: request.parameters["id"] ?? "")
                         return JSONCoding.response(json: KnowledgeViews.job(record, tasks: tasks))
                     }),
            Endpoint(.post, "/v1/jobs/{id}/cancel", operationID: "cancelJob",
                     summary: "Cancel a job: queued documents are canceled at once, running ones stop at their next "
                         + "step; documents already ready stay.",
                     tag: "jobs", responses: [.init(202, "Cancel accepted.", schema: KnowledgeSchemas.reference("Job")),
                                              .init(409, "The job already finished.")],
                     permission: .write,
                     handler: access.protected(.write, resource: job) { request, caller in
                         let id = request.parameters["id"] ?? ""
                         _ = try service.cancel(caller, job: id)
                         let (record, tasks) = try service.job(caller, id: id)
                         return JSONCoding.response(json: KnowledgeViews.job(record, tasks: tasks), status: .accepted)
                     }),
        ]
    }
}
