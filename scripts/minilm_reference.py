#!/usr/bin/env python3
"""Reference all-MiniLM-L6-v2 embeddings, independent of ragd's Swift implementation.

Token ids come from the HuggingFace `tokenizers` library reading the model's tokenizer.json; the forward pass is
plain numpy reading model.safetensors by hand (BERT encoder, mean pooling over the attention mask, L2 norm).

  fixture mode (default): float64 forward pass with math.erf, one text at a time; writes
      Tests/EmbeddingTests/Fixtures/minilm-reference.json — 200 texts, their ids, their vectors (base64 of
      little-endian float32).
  --bench: float32 batches padded to the batch's longest text with an attention mask, the way sentence-transformers
      runs; prints tokens/s and sentences/s (figures for scripts/bench/embed.sh, never a test).

Usage: minilm_reference.py [--model-dir DIR] [--out FILE]
       minilm_reference.py --bench --texts FILE --tokens 128 [--batch 32] [--rounds 3]
Needs numpy and tokenizers (scripts/bench/embed.sh makes a venv under /tmp with both, and threadpoolctl).
"""
import argparse
import base64
import contextlib
import json
import math
import os
import struct
import sys
import time

import numpy as np
from tokenizers import Tokenizer

try:  # optional: lets the benchmark run attention's many small products on one BLAS thread
    from threadpoolctl import threadpool_limits
except ImportError:
    threadpool_limits = None

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_TOKENS = 256
HEADS = 12
EPS = 1e-12


def read_safetensors(path):
    """name -> numpy array, for the F32 and I64 tensors of a safetensors file."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    base = 8 + length
    dtypes = {"F32": "<f4", "I64": "<i8"}
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(data[base + begin:base + end], dtype=dtypes[entry["dtype"]]).reshape(entry["shape"])
    return tensors


class Encoder:
    """The BERT encoder of all-MiniLM-L6-v2 in numpy, in the given float dtype. Dense layers run as one 2-D product
    over all tokens with pre-transposed contiguous weights, and attention on contiguous per-head arrays: numpy hands
    those to BLAS, while strided or broadcast operands fall back to its slow generic loops."""

    def __init__(self, model_dir, dtype, erf):
        raw = read_safetensors(os.path.join(model_dir, "model.safetensors"))
        self.dtype, self.erf = dtype, erf
        self.t = {k: v.astype(dtype) for k, v in raw.items() if v.dtype.kind == "f"}
        self.layers = 0
        while f"encoder.layer.{self.layers}.attention.self.query.weight" in self.t:
            self.layers += 1
        self.dense_weights = {}
        for name in list(self.t):
            if name.endswith(".weight") and self.t[name].ndim == 2 and name.startswith("encoder."):
                self.dense_weights[name[:-len(".weight")]] = np.ascontiguousarray(self.t[name].T)

    @staticmethod
    def one_blas_thread():
        """Attention is hundreds of 128×32 products: OpenBLAS's threads cost more than they give there (tens of
        times more when the cores are shared), so they are limited to one when threadpoolctl is installed."""
        return threadpool_limits(limits=1, user_api="blas") if threadpool_limits else contextlib.nullcontext()

    def layer_norm(self, x, prefix):
        mean = x.mean(-1, keepdims=True)
        centered = x - mean
        var = (centered * centered).mean(-1, keepdims=True)
        return centered / np.sqrt(var + EPS) * self.t[prefix + ".weight"] + self.t[prefix + ".bias"]

    def dense(self, x, prefix):
        """x: [tokens, in] -> [tokens, out]."""
        return x @ self.dense_weights[prefix] + self.t[prefix + ".bias"]

    def __call__(self, ids, mask):
        """ids, mask: [batch, length] ints -> [batch, 384] unit vectors."""
        t = self.t
        batch, length = ids.shape
        x = t["embeddings.word_embeddings.weight"][ids] + t["embeddings.position_embeddings.weight"][:length] \
            + t["embeddings.token_type_embeddings.weight"][0]
        hidden = x.shape[-1]
        x = self.layer_norm(x.reshape(batch * length, hidden), "embeddings.LayerNorm")
        size = hidden // HEADS
        scale = self.dtype(1 / math.sqrt(size))
        # Masked keys get a large negative score, so their softmax weight is exactly 0 in float32 and float64.
        bias = np.where(mask[:, None, None, :] > 0, 0.0, -1e9).astype(self.dtype)

        def heads(y, order):
            return np.ascontiguousarray(y.reshape(batch, length, HEADS, size).transpose(order))

        for i in range(self.layers):
            p = f"encoder.layer.{i}"
            q = heads(self.dense(x, p + ".attention.self.query"), (0, 2, 1, 3))
            k = heads(self.dense(x, p + ".attention.self.key"), (0, 2, 3, 1))  # already transposed: [b, h, d, l]
            v = heads(self.dense(x, p + ".attention.self.value"), (0, 2, 1, 3))
            with self.one_blas_thread():
                scores = np.matmul(q, k) * scale + bias
                scores -= scores.max(-1, keepdims=True)
                np.exp(scores, out=scores)
                scores /= scores.sum(-1, keepdims=True)
                context = np.matmul(scores, v).transpose(0, 2, 1, 3).reshape(batch * length, hidden)
            x = self.layer_norm(self.dense(context, p + ".attention.output.dense") + x, p + ".attention.output.LayerNorm")
            h = self.dense(x, p + ".intermediate.dense")
            h = h * (0.5 * (1.0 + self.erf(h * self.dtype(1 / math.sqrt(2)))))  # exact (erf) GELU
            x = self.layer_norm(self.dense(h, p + ".output.dense") + x, p + ".output.LayerNorm")
        m = mask.reshape(batch * length, 1).astype(self.dtype)
        pooled = (x * m).reshape(batch, length, hidden).sum(1) / m.reshape(batch, length).sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=-1, keepdims=True)


def erf64(x):
    """math.erf elementwise: exact to double precision, slow, for the fixture."""
    return np.frompyfunc(math.erf, 1, 1)(x).astype(np.float64)


def erf32(x):
    """A fast elementwise erf for the benchmark: erfc(z) = t·exp(-z² + P(t)), t = 1/(1 + z/2), with P fitted by
    least squares to math.erfc on z in [0, 10] (the same form ragd uses); |error| < 4e-7. In-place Horner steps keep
    the number of full passes over the array low."""
    z = np.abs(x)
    t = z * x.dtype.type(0.5)
    t += 1
    np.reciprocal(t, out=t)
    coefficients = ERFC_COEFFICIENTS.astype(x.dtype)
    poly = np.full_like(x, coefficients[-1])
    for c in coefficients[-2::-1]:
        poly *= t
        poly += c
    z *= z
    poly -= z
    np.exp(poly, out=poly)
    poly *= t  # erfc(|x|)
    np.subtract(1, poly, out=poly)
    return np.copysign(poly, x, out=poly)


def fit_erfc_coefficients(degree=9):
    """Coefficients c0..c_degree of P in erfc(z) = t·exp(-z² + P(t)), fitted at Chebyshev-spaced z in [0, 10]."""
    nodes = (1 - np.cos(np.linspace(0, np.pi, 2000))) * 5.0
    t = 1.0 / (1.0 + 0.5 * nodes)
    target = np.array([math.log(math.erfc(z) / tz) + z * z for z, tz in zip(nodes, t)])
    return np.polynomial.polynomial.polyfit(t, target, degree)


ERFC_COEFFICIENTS = fit_erfc_coefficients()


def texts_for_fixture():
    """200 texts covering what the tokenizer and the encoder must agree on."""
    base = [
        "Hello world",
        "The quick brown fox jumps over the lazy dog.",
        "Protein folding in yeast cells is regulated by chaperones.",
        "What is the capital of France?",
        "a",
        "I",
        " ",
        "   \t\n  ",
        ".",
        "!!!",
        "Hello, world! How are you doing today? I'm fine — thanks.",
        "UPPERCASE TEXT SHOULD BE LOWERCASED BY THE TOKENIZER",
        "MiXeD CaSe WoRdS aNd AcRoNyMs LiKe NASA, FBI and GPU.",
        "Crème brûlée, naïve café, façade, jalapeño, Zürich, Ångström.",
        "Die Straße ist naß und die Füße sind kalt. Größe, Maß, Spaß.",
        "Ελληνικά: Η γρήγορη καφέ αλεπού πηδάει πάνω από τον τεμπέλη σκύλο. ΣΟΦΙΑ ΟΔΟΣ",
        "Русский текст: Съешь же ещё этих мягких французских булок, да выпей чаю. ЁЛКА",
        "中文文本：我们今天去公园散步，天气非常好。",
        "日本語のテキスト：今日はとても良い天気ですね。がぎぐげご パピプペポ",
        "カタカナとひらがなと漢字が混ざった文章です。ｶﾀｶﾅ半角もあります。",
        "한국어 텍스트: 오늘 날씨가 정말 좋네요.",
        "النص العربي: مرحبا بالعالم، كيف حالك اليوم؟",
        "עברית: שלום עולם, מה שלומך?",
        "हिन्दी पाठ: नमस्ते दुनिया, आप कैसे हैं?",
        "ภาษาไทย: สวัสดีชาวโลก",
        "Emoji: 😀😃😄 👍🏽 ❤️ 🎉 🇫🇷 👨‍👩‍👧‍👦 🫠 🥰",
        "Control\x00chars\x01in\x02the\x7fmiddle\x1b[31m of text",
        "Zero\u200bwidth\u200cjoiners\u200dand\ufeffBOM and soft\u00adhyphen",
        "Non\u00a0breaking\u2003spaces\u2028line\u2029separators\u3000ideographic",
        "Replacement \ufffd character and private use \ue000 \U000F0000 here",
        "Punctuation!!! ??? ... --- ((( ))) [[[ ]]] {{{ }}} <<< >>> ### $$$ %%% ^^^ &&& *** @@@ ~~~ ``` ||| \\\\",
        "Unicode punctuation: «quotes» „German“ ‘single’ “double” — en–dash … ¿Qué? ¡Hola! 、。・「」『』【】",
        "def embed(texts: list[str]) -> np.ndarray:\n    return model.encode(texts, batch_size=32)  # TODO",
        "for (int i = 0; i < n; ++i) { sum += a[i] * b[i]; } // dot product",
        "SELECT id, name FROM users WHERE email LIKE '%@example.com' ORDER BY created_at DESC LIMIT 10;",
        "<html><body><p class=\"x\">Hello &amp; goodbye</p></body></html>",
        "https://example.com/path/to/page?query=value&other=123#fragment",
        "Contact me at john.doe+tag@example.co.uk or +1 (555) 123-4567.",
        "Numbers: 3.14159, 2.71828, 1,000,000, 1e-12, -42, 0x1F, 007, 12:30, 2024-01-15",
        "Prices: $19.99, €25,00, £10, ¥1000, ₹500, ₿0.001",
        "Math: ∑ᵢ xᵢ² ≤ ∫₀^∞ e^(−x) dx, α + β = γ, √2 ≈ 1.414, ∞ ∈ ℝ",
        "supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
        "x" * 150,
        "ab" * 60 + " short words after a very long one",
        "é" * 120,
        "Full-width: ＡＢＣ　ｄｅｆ　１２３　！？",
        "Ligatures ﬁ ﬂ ﬀ and compatibility characters ① ② ™ ℃ ½",
        "Compatibility ideographs: 豈 更 車 and 丽 乸 and unified 豈 更",
        "Combining sequences: e\u0301 a\u0300 o\u0308 n\u0303 c\u0327 and precomposed é à ö ñ ç",
        "Turkish: İstanbul, ılık, IĞDIR, şeker",
        "Vietnamese: Tiếng Việt có dấu, Hà Nội, Thành phố Hồ Chí Minh",
        "Polish and Czech: Zażółć gęślą jaźń. Příliš žluťoučký kůň úpěl ďábelské ódy.",
        "Nordic: Æble, Øl, Ål, Þorn, Ðóra",
        "Tabs\tand\nnewlines\r\nand\rcarriage returns",
        "mixed中文and English混合text",
        "数字123和字母abc混合",
        "COVID-19 vaccines reduced hospitalization by 90% (95% CI: 85-94%).",
        "BRCA1/BRCA2 mutations; TP53; IL-6; TNF-α; NF-κB signaling.",
        "The patient's HbA1c was 7.2% and eGFR < 60 mL/min/1.73m².",
        "She said: \"It's not my fault!\" — and left.",
        "Don't won't can't shouldn't y'all'd've",
        "e.g. i.e. etc. vs. Mr. Mrs. Dr. Prof. U.S.A.",
        "#hashtag @mention $TICKER !important",
        "tab\tseparated\tvalues\t1\t2\t3",
        "key=value; other_key: 'quoted value', list=[1, 2, 3]",
        "{\"json\": true, \"nested\": {\"array\": [1, 2.5, null]}}",
        "Ünïcödé wïth ümläüts everywhere",
        "ＨＡＬＦ and ｆｕｌｌ width latin",
        "Ⅰ Ⅱ Ⅲ Ⅳ roman numerals and ⅰ ⅱ ⅲ",
        "Byzantine musical symbols 𝅘𝅥𝅮 and math bold 𝐀𝐁𝐂 𝒜",
        "Old italic 𐌀𐌁𐌂 and Gothic 𐌰𐌱𐌲",
        "Devanagari with nukta: क़ ख़ ग़ and matras कि की कु",
        "Armenian: Բարեւ Ձեզ. Georgian: გამარჯობა",
        "Amharic: ሰላም ልዑል",
        "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ αβγδεζηθικλμνξοπρστυφχψω ς",
        "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
        "Ǆ ǅ ǆ title case digraphs and ẞ capital sharp s",
        "   leading and trailing spaces   ",
        "multiple     internal      spaces",
        "\n\n\nnewlines\n\n\n",
        "a.b.c.d.e.f.g",
        "under_score and kebab-case and camelCase and PascalCase",
        "C++ C# F# .NET Node.js Vue.js ASP.NET",
        "1+1=2 2*3=6 10/2=5 2^10=1024 7%3=1",
        "😀",
        "🇺🇸🇬🇧🇯🇵",
        "\u00a0",
        "\u200b",
        "\x00",
    ]
    long_english = (
        "Retrieval-augmented generation combines a retriever that finds relevant passages with a generator that "
        "writes an answer grounded in them. The retriever embeds the query and compares it with precomputed "
        "embeddings of document chunks, usually by cosine similarity, and returns the closest ones. "
    )
    scientific = (
        "Mitochondrial dysfunction has been implicated in a wide range of neurodegenerative diseases, including "
        "Parkinson's disease, Alzheimer's disease and amyotrophic lateral sclerosis. Reactive oxygen species "
        "produced by the electron transport chain damage lipids, proteins and DNA, and impaired mitophagy allows "
        "damaged organelles to accumulate. "
    )
    texts = list(base)
    texts += [long_english * n for n in (1, 2, 4, 8)]  # 8 copies is well past 256 tokens
    texts += [scientific * n for n in (1, 3, 6)]
    texts.append("word " * 300)
    texts.append("Ünïcödé " * 100)
    texts.append("中文" * 200)
    texts.append(("日本語のテキストです。" * 40))
    texts.append("Привет, мир! " * 60)
    texts.append("!?" * 200)
    # Deterministic mixes of fragments: sentences of every script, punctuation and case changes.
    rng = np.random.default_rng(20240521)
    fragments = [t for t in base if 3 < len(t) < 120]
    while len(texts) < 200:
        count = int(rng.integers(1, 5))
        picks = [fragments[int(i)] for i in rng.integers(0, len(fragments), count)]
        text = " ".join(picks)
        style = int(rng.integers(0, 4))
        if style == 1:
            text = text.upper()
        elif style == 2:
            text = text.replace(" ", "")
        elif style == 3:
            text = text[: int(rng.integers(1, max(2, len(text))))]
        if text not in texts:
            texts.append(text)
    assert len(texts) == 200 and len(set(texts)) == len(texts), "fixture texts must be 200 distinct strings"
    specials = ("[CLS]", "[SEP]", "[PAD]", "[UNK]", "[MASK]")
    assert not any(s in t for t in texts for s in specials), "ragd keeps special-token spellings as text"
    return texts


def load_tokenizer(model_dir, max_tokens):
    tokenizer = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=max_tokens)
    return tokenizer


def write_fixture(model_dir, out):
    tokenizer = load_tokenizer(model_dir, MAX_TOKENS)
    encoder = Encoder(model_dir, np.float64, erf64)
    cases = []
    for text in texts_for_fixture():
        ids = tokenizer.encode(text).ids
        vector = encoder(np.array([ids]), np.ones((1, len(ids)), dtype=np.int64))[0].astype("<f4")
        cases.append({"text": text, "ids": ids, "vector": base64.b64encode(vector.tobytes()).decode("ascii")})
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"model": "all-MiniLM-L6-v2", "max_tokens": MAX_TOKENS, "dimensions": 384, "cases": cases}, f,
                  ensure_ascii=True, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(cases)} cases to {out} ({os.path.getsize(out)} bytes)")


def bench(model_dir, texts_file, tokens, batch, rounds):
    """Best-of-`rounds` time to turn the texts into vectors, tokenization included (as ragd's is)."""
    tokenizer = load_tokenizer(model_dir, tokens)
    encoder = Encoder(model_dir, np.float32, erf32)
    with open(texts_file, encoding="utf-8") as f:
        texts = [json.loads(line) for line in f if line.strip()]
    total = sum(len(e.ids) for e in tokenizer.encode_batch(texts))
    best = best_cpu = float("inf")
    for _ in range(rounds):
        start, cpu_start = time.perf_counter(), time.process_time()
        encoded = [e.ids for e in tokenizer.encode_batch(texts)]
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))  # length buckets, as ragd does
        for b in range(0, len(order), batch):
            chunk = [encoded[i] for i in order[b:b + batch]]
            width = max(len(e) for e in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, e in enumerate(chunk):
                ids[row, :len(e)] = e
                mask[row, :len(e)] = 1
            encoder(ids, mask)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - cpu_start)
    print(f"tool=numpy tokens={tokens} texts={len(texts)} total_tokens={total} seconds={best:.3f} cpu_seconds={best_cpu:.3f} "
          f"tokens_per_s={total / best:.1f} sentences_per_s={len(texts) / best:.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model-dir", default=os.environ.get("RAGD_MODEL_DIR", os.path.join(ROOT, "models", "all-MiniLM-L6-v2")))
    parser.add_argument("--out", default=os.path.join(ROOT, "Tests", "EmbeddingTests", "Fixtures", "minilm-reference.json"))
    parser.add_argument("--bench", action="store_true")
    parser.add_argument("--texts")
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.bench:
        if not args.texts:
            sys.exit("--bench needs --texts FILE (one JSON string per line)")
        bench(args.model_dir, args.texts, args.tokens, args.batch, args.rounds)
    else:
        write_fixture(args.model_dir, args.out)


if __name__ == "__main__":
    main()
