#!/usr/bin/env python3
"""Retrieval quality of a running ragd on SciFact (BEIR): ingests the 5,183 abstracts through the API into a new
knowledge base, runs the 300 test queries through POST /v1/query in each mode, writes TREC run files and scores
them with ../shared/tools/ir_eval.py (nDCG@10, Recall@10, Recall@100, MRR@10). Document ids are the corpus ids,
sent as external_id; a chunk hit counts for its document at the document's best rank.

Usage: scifact.py --port P [--pid PID] [--modes lexical,dense,hybrid] [--provider local] [--out DIR] [--reuse]
With --reuse, the knowledge base and account of DIR/session.json (an earlier run on the same data directory) are used
instead of ingesting again.
"""
import argparse, json, os, re, subprocess, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bench"))
from ingest import call, rss  # noqa: E402  (the same tiny HTTP client as the ingestion benchmark)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SHARED = os.path.join(ROOT, "..", "shared")


def ingest(port, token, corpus, config, batch):
    kb = call(port, "POST", "/v1/knowledge-bases", {"name": f"scifact-{int(time.time())}", "config": config}, token)["id"]
    start = time.monotonic()
    jobs = []
    for offset in range(0, len(corpus), batch):
        documents = [{"external_id": d["_id"], "title": d["title"], "filename": d["_id"] + ".txt",
                      "text": d["title"] + "\n\n" + d["text"]} for d in corpus[offset: offset + batch]]
        jobs.append(call(port, "POST", "/v1/ingest", {"kb_id": kb, "documents": documents}, token)["job_id"])
    pending = set(jobs)
    while pending:
        for job in list(pending):
            view = call(port, "GET", f"/v1/jobs/{job}", token=token)
            if view.get("finished_at"):
                if view["status"] != "succeeded":
                    raise SystemExit(f"job {job} ended {view['status']}: {view.get('error')}")
                pending.discard(job)
        time.sleep(0.25)
    return kb, time.monotonic() - start


def metric(port, name):
    """A value from GET /metrics (unauthenticated in the eval's default configuration)."""
    import urllib.request
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics").read().decode()
    return sum(float(line.split()[-1]) for line in text.splitlines() if line.split(" ")[0].split("{")[0] == name)


def external_ids(port, token, kb):
    """document id → corpus id, read back through the documents list."""
    mapping, cursor = {}, None
    while True:
        page = call(port, "GET", f"/v1/knowledge-bases/{kb}/documents?limit=500" + (f"&cursor={cursor}" if cursor else ""),
                    token=token)
        for document in page["data"]:
            mapping[document["id"]] = document["external_id"]
        cursor = page.get("next_cursor")
        if not cursor:
            return mapping


def run_queries(port, token, kb, queries, mode, k, ids, path):
    latencies = []
    with open(path, "w") as run:
        for query_id, text in queries:
            start = time.monotonic()
            reply = call(port, "POST", "/v1/query", {"kb_id": kb, "query": text, "top_k": k, "generate": False,
                                                     "retrieval": {"mode": mode}}, token)
            latencies.append((time.monotonic() - start) * 1000)
            seen = []
            for citation in reply["citations"]:
                doc = ids[citation["document_id"]]
                if doc not in seen:
                    seen.append(doc)
            for rank, doc in enumerate(seen, 1):
                run.write(f"{query_id} Q0 {doc} {rank} {1.0 / rank:.6f} ragd-{mode}\n")
    latencies.sort()
    return latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.95)]


def score(qrels, run):
    out = subprocess.run([sys.executable, os.path.join(SHARED, "tools", "ir_eval.py"), qrels, run, "--k", "10"],
                         check=True, capture_output=True, text=True).stdout
    return {name: float(value) for name, value in re.findall(r"([\w@]+)\s*[:=]\s*([0-9.]+)", out)}, out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pid", type=int, default=0)
    parser.add_argument("--modes", default="lexical,dense,hybrid")
    parser.add_argument("--provider", default="local")
    parser.add_argument("--model", default="")
    parser.add_argument("--k", type=int, default=100)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--out", default="/tmp/ragd-eval-scifact")
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    data = os.path.join(SHARED, "data", "scifact")
    corpus = [json.loads(line) for line in open(os.path.join(data, "corpus.jsonl"))]
    qrels = os.path.join(data, "qrels", "test.tsv")
    tested = {line.split("\t")[0] for line in open(qrels).read().splitlines()[1:] if line.strip()}
    queries = [(q["_id"], q["text"]) for q in map(json.loads, open(os.path.join(data, "queries.jsonl")))
               if q["_id"] in tested]
    os.makedirs(args.out, exist_ok=True)
    model = args.model or {"local": "all-MiniLM-L6-v2", "hash": "hash-384"}.get(args.provider, "")
    config = {"chunking": {"chunk_size": 256, "chunk_overlap": 32},
              "embedding": {"provider": args.provider, "model": model}}
    session_path = os.path.join(args.out, "session.json")
    if args.reuse:
        saved = json.load(open(session_path))
        account, kb = saved["account"], saved["kb"]
        token = call(args.port, "POST", "/v1/auth/login", account)["access_token"]
        stats = call(args.port, "GET", f"/v1/knowledge-bases/{kb}", token=token)["stats"]
        print(f"reusing {kb}: {stats['documents']} documents, {stats['chunks']} chunks")
    else:
        account = {"email": f"eval{int(time.time())}@scifact.example", "password": "correct horse battery"}
        token = call(args.port, "POST", "/v1/auth/register", account)["access_token"]
        idle = rss(args.pid, "VmRSS") if args.pid else 0
        kb, seconds = ingest(args.port, token, corpus, config, args.batch)
        token = call(args.port, "POST", "/v1/auth/login", account)["access_token"]  # ingestion may outlast a token
        stats = call(args.port, "GET", f"/v1/knowledge-bases/{kb}", token=token)["stats"]
        print(f"ingested {stats['documents']} documents, {stats['chunks']} chunks, {stats['tokens']} tokens "
              f"in {seconds:.1f} s: {stats['documents'] / seconds:.1f} docs/s, {stats['tokens'] / seconds:.0f} tokens/s")
        embedding, processing = (metric(args.port, f"ragd_ingest_{part}_seconds_total") for part in ("embedding", "processing"))
        print(f"embedding {embedding / max(processing, 1e-9):.1%} of worker time on documents "
              f"({embedding:.0f} of {processing:.0f} worker-seconds)")
        if args.pid:
            print(f"RSS idle {idle:.1f} MB, peak (VmHWM) {rss(args.pid, 'VmHWM'):.1f} MB")
    ids = external_ids(args.port, token, kb)
    print(f"{'mode':8} {'nDCG@10':>8} {'R@10':>7} {'R@100':>7} {'MRR@10':>7} {'p50 ms':>7} {'p95 ms':>7}")
    for mode in filter(None, args.modes.split(",")):
        path = os.path.join(args.out, f"run-{mode}.trec")
        p50, p95 = run_queries(args.port, token, kb, queries, mode, args.k, ids, path)
        metrics, raw = score(qrels, path)
        def pick(*names):
            for name in names:
                for key, value in metrics.items():
                    if key.lower() == name.lower():
                        return value
            return float("nan")
        print(f"{mode:8} {pick('nDCG@10', 'ndcg@10'):8.4f} {pick('Recall@10', 'recall@10'):7.4f} "
              f"{pick('Recall@100', 'recall@100'):7.4f} {pick('MRR@10', 'mrr@10'):7.4f} {p50:7.1f} {p95:7.1f}")
    # What the load test (scripts/bench/query.lua) needs: the knowledge base, a fresh token and the query texts.
    token = call(args.port, "POST", "/v1/auth/login", account)["access_token"]
    with open(session_path, "w") as session:
        json.dump({"port": args.port, "kb": kb, "token": token, "account": account,
                   "queries": [text for _, text in queries]}, session)
    print(f"run files in {args.out}; kb {kb}")


if __name__ == "__main__":
    main()
