import Chunking
import Embedding

/// Chunk sizes in tokens are counted with the embedding model's own tokenizer, so a 256-token chunk fits the model.
extension WordPieceTokenizer: TokenCounter {}
