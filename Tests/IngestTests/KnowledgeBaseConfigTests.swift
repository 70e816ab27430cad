import Chunking
@testable import Ingest
import JSON
import Testing

@Suite("Knowledge-base config")
struct KnowledgeBaseConfigTests {
    @Test func storedConfigsRoundTrip() throws {
        var config = KnowledgeBaseConfig()
        config.chunking = ChunkingOptions(strategy: .parentChild, chunkSize: 200, chunkOverlap: 20, unit: .tokens,
                                          parentChunkSize: 900)
        config.retrieval.topK = 9
        config.generation.prompt = "support@2"
        #expect(KnowledgeBaseConfig.stored(config.json.serializedText) == config)
        #expect(KnowledgeBaseConfig.stored("not json") == KnowledgeBaseConfig())
    }

    @Test func patchesChangeOnlyWhatTheyName() throws {
        let base = KnowledgeBaseConfig()
        let patched = try base.applying(["chunking": ["chunk_size": 512], "retrieval": ["mode": "lexical", "alpha": .number(0.25)]])
        #expect(patched.chunking.chunkSize == 512)
        #expect(patched.chunking.chunkOverlap == base.chunking.chunkOverlap)
        #expect(patched.retrieval.mode == "lexical")
        #expect(patched.retrieval.alpha == 0.25)
        #expect(patched.generation == base.generation)
        #expect(try base.applying([:]) == base)
        #expect(try base.applying(["chunking": .null]) == base)
    }

    @Test(arguments: [
        (["chunkin": [:]] as JSONValue, "config.chunkin"),
        (["chunking": ["size": 5]], "config.chunking.size"),
        (["chunking": ["chunk_size": 8]], "config.chunking.chunk_size"),
        (["chunking": ["chunk_size": .number(100.5)]], "config.chunking.chunk_size"),
        (["chunking": ["chunk_size": "256"]], "config.chunking.chunk_size"),
        (["chunking": ["chunk_overlap": 200]], "config.chunking.chunk_overlap"),
        (["chunking": ["strategy": "parent_child", "parent_chunk_size": 100]], "config.chunking.parent_chunk_size"),
        (["chunking": ["strategy": "semantic"]], "config.chunking.strategy"),
        (["chunking": ["unit": "words"]], "config.chunking.unit"),
        (["embedding": ["provider": "openai", "model": "text-embedding-3-small"]], "config.embedding.provider"),
        (["embedding": ["provider": "local", "model": "bge-large"]], "config.embedding.model"),
        (["embedding": ["provider": "hash", "model": "hash-3"]], "config.embedding.model"),
        (["embedding": ["model": "hash-0384"]], "config.embedding.model"),
        (["embedding": ["provider": "cohere", "model": "x"]], "config.embedding.provider"),
        (["retrieval": ["top_k": 0]], "config.retrieval.top_k"),
        (["retrieval": ["alpha": .number(1.5)]], "config.retrieval.alpha"),
        (["retrieval": ["fusion": "max"]], "config.retrieval.fusion"),
        (["generation": ["temperature": -1]], "config.generation.temperature"),
        (["generation": ["max_tokens": 0]], "config.generation.max_tokens"),
        (["generation": ["prompt": "no version"]], "config.generation.prompt"),
        (["generation": ["prompt": "name@0"]], "config.generation.prompt"),
        (["generation": ["model": "a\u{0}b"]], "config.generation.model"),
        ("not an object", "config"),
        (["retrieval": [1, 2]], "config.retrieval"),
    ] as [(JSONValue, String)])
    func invalidPatchesNameTheirField(patch: JSONValue, field: String) {
        #expect(throws: ConfigProblem.self) { try KnowledgeBaseConfig().applying(patch) }
        do {
            _ = try KnowledgeBaseConfig().applying(patch)
        } catch {
            #expect(error.field == field)
            #expect(!error.message.isEmpty)
        }
    }

    @Test func validPromptsAndModels() throws {
        let config = try KnowledgeBaseConfig().applying([
            "generation": ["prompt": "support-answer_v2.x@12"], "embedding": ["model": "hash-768"],
        ])
        #expect(config.generation.prompt == "support-answer_v2.x@12")
        #expect(config.embedding.model == "hash-768")
        #expect(try KnowledgeBaseConfig().applying(["generation": ["prompt": ""]]).generation.prompt == "")
    }

    @Test func onlyChunkingAndEmbeddingChangesNeedAReindex() throws {
        let base = KnowledgeBaseConfig()
        #expect(try base.applying(["chunking": ["chunk_size": 300]]).needsReindex(comparedTo: base))
        #expect(try base.applying(["embedding": ["model": "hash-128"]]).needsReindex(comparedTo: base))
        #expect(!(try base.applying(["retrieval": ["top_k": 20], "generation": ["temperature": .number(0.5)]]).needsReindex(comparedTo: base)))
        #expect(!(try base.applying(["chunking": ["chunk_size": 256]]).needsReindex(comparedTo: base)))
    }
}
