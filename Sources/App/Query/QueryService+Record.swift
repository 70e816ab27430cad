import Generation
import JSON
import Server
import Store

extension QueryService {
    /// Metrics, and the query with its trace queued for history (failed and canceled queries too: they cost
    /// time and sometimes tokens).
    func record(_ plan: Plan, outcome: Outcome?, error: (any Error)?) {
        let elapsed = plan.trace.elapsedMilliseconds
        let status: String
        var errorCode: String?
        switch error {
        case nil: status = "succeeded"
        case is StreamCancelled:
            status = "canceled"
            errorCode = "client_disconnected"
        case let error as HTTPError:
            status = "failed"
            errorCode = error.code
        default:
            status = "failed"
            errorCode = "internal_error"
        }
        if let outcome {
            metrics.observe(mode: plan.options.mode, seconds: elapsed / 1000, hits: outcome.retrieved.hits.count)
        }
        if plan.cacheScope != nil { metrics.observeCache(outcome?.cache ?? "miss") }
        let usage = outcome?.usage ?? plan.extraUsage + (plan.trace.unbilled ?? .init())
        let answer = outcome?.answer
        var attributes = plan.trace.attributes
        if let accuracy = outcome?.citationAccuracy { attributes.append(("citation_accuracy", .number(accuracy))) }
        if let errorCode { attributes.append(("error_code", .string(errorCode))) }
        if plan.knowledgeBases.count > 1 {
            attributes.append(("kb_ids", .array(plan.knowledgeBases.map { .string($0.id) })))
        }
        let kbIDs = JSONValue.array(plan.knowledgeBases.map { .string($0.id) }).serializedText
        let time = now()
        let query = QueryRecord(
            id: plan.queryID, orgID: plan.caller.org.rawValue, principalID: plan.caller.actorID,
            conversationID: plan.conversationID, kbIDs: kbIDs, query: plan.request.text,
            standaloneQuery: plan.standalone, answer: answer?.text,
            citations: outcome.map { Self.citationSummary($0.retrieved, answer: answer) } ?? "[]",
            provider: outcome?.provider ?? (plan.request.generate ? plan.generation.provider : "none"),
            model: answer?.model ?? "", promptName: plan.prompt?.name, promptVersion: plan.prompt?.version,
            promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, costUSD: usage.costUSD,
            latencyMilliseconds: (elapsed * 10).rounded() / 10, cache: outcome?.cache ?? "miss", status: status,
            errorCode: errorCode, traceID: plan.traceID, requestID: plan.requestID, createdAt: time)
        var record = query
        record.citationAccuracy = outcome?.citationAccuracy
        let trace = TraceRecord(
            id: plan.traceID, orgID: plan.caller.org.rawValue, principalID: plan.caller.actorID,
            requestID: plan.requestID, kbID: plan.knowledgeBases.first?.id ?? "", queryID: plan.queryID,
            spans: plan.trace.spansText, attributes: JSONValue.object(attributes).serializedText,
            totalCostUSD: usage.costUSD, totalLatencyMilliseconds: (elapsed * 1000).rounded() / 1000,
            success: error == nil, createdAt: time)
        // A conversation exists once its first turn is written; a failed first turn starts nothing.
        let starts = plan.startsConversation && error == nil
        let conversation = starts ? ConversationRecord(
            id: plan.conversationID ?? "", orgID: plan.caller.org.rawValue, principalID: plan.caller.actorID,
            title: String(plan.request.text.prefix(120)), kbIDs: kbIDs, createdAt: time, updatedAt: time) : nil
        if !starts && plan.startsConversation { record.conversationID = nil }
        recorder.record(.init(org: plan.caller.org, query: record, trace: trace, newConversation: conversation))
    }
}
