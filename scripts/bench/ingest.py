#!/usr/bin/env python3
"""Ingestion throughput of a running ragd: SciFact (5,183 abstracts) through POST /v1/ingest in batches, timed
from the first request to the last job finishing. Prints docs/s, chunks/s and the server's peak RSS (VmHWM).

Usage: ingest.py --port P --pid PID [--corpus ../shared/data/scifact/corpus.jsonl] [--batch 1000] [--limit N]
"""
import argparse, json, time, urllib.request

def call(port, method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read() or b"{}")

def rss(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--corpus", default="../shared/data/scifact/corpus.jsonl")
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--config", default='{"chunking":{"chunk_size":256,"chunk_overlap":32}}')
    args = parser.parse_args()
    corpus = [json.loads(line) for line in open(args.corpus)]
    if args.limit:
        corpus = corpus[: args.limit]
    token = call(args.port, "POST", "/v1/auth/register",
                 {"email": "bench@ingest.example", "password": "correct horse battery"})["access_token"]
    kb = call(args.port, "POST", "/v1/knowledge-bases", {"name": "scifact", "config": json.loads(args.config)},
              token)["id"]
    idle = rss(args.pid, "VmRSS")
    start = time.monotonic()
    jobs = []
    for offset in range(0, len(corpus), args.batch):
        documents = [{"external_id": d["_id"], "title": d["title"], "filename": d["_id"] + ".txt",
                      "text": d["title"] + "\n\n" + d["text"]} for d in corpus[offset: offset + args.batch]]
        jobs.append(call(args.port, "POST", "/v1/ingest", {"kb_id": kb, "documents": documents}, token)["job_id"])
    accepted = time.monotonic() - start
    pending = set(jobs)
    while pending:
        for job in list(pending):
            view = call(args.port, "GET", f"/v1/jobs/{job}", token=token)
            if view.get("finished_at"):
                if view["status"] != "succeeded":
                    raise SystemExit(f"job {job} ended {view['status']}: {view.get('error')}")
                pending.discard(job)
        time.sleep(0.2)
    elapsed = time.monotonic() - start
    stats = call(args.port, "GET", f"/v1/knowledge-bases/{kb}", token=token)["stats"]
    print(f"documents          {stats['documents']}")
    print(f"chunks             {stats['chunks']}")
    print(f"accepted (202) in  {accepted:.2f} s  ({len(corpus) / accepted:.0f} docs/s through intake)")
    print(f"all ready in       {elapsed:.2f} s")
    print(f"throughput         {stats['documents'] / elapsed:.0f} docs/s, {stats['chunks'] / elapsed:.0f} chunks/s")
    print(f"RSS                idle {idle:.1f} MB, peak (VmHWM) {rss(args.pid, 'VmHWM'):.1f} MB")

if __name__ == "__main__":
    main()
