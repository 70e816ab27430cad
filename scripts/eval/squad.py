#!/usr/bin/env python3
"""Answers on SQuAD 2.0 (five dev articles) through a running ragd: ingests the 173 paragraphs as documents, asks
every question with generate:true (the knowledge base's generator, extractive by default) and reports
- answerable questions: how often a gold answer span is inside a chunk the answer cites (the issue's figure), inside
  any retrieved chunk, and inside the answer text itself, and how often the generator declined;
- unanswerable questions: how often the generator declined (the rest were answered with some confidence);
- that every citation's highlights lie inside its own chunk text;
- the server's latency_ms with and without generation (p50/p95), i.e. what generation adds on top of retrieval.

Usage: squad.py --port P [--top-k 5] [--provider local|hash] [--retrieval '{"mode":"hybrid"}']
"""
import argparse, json, os, re, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bench"))
from ingest import call  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.path.join(ROOT, "..", "shared", "data", "qa", "squad2_dev_5articles", "dev-v2.0-5articles.json")
NO_ANSWER = "I could not find an answer to this in the knowledge base."


def wait(port, token, job):
    while True:
        view = call(port, "GET", f"/v1/jobs/{job}", token=token)
        if view.get("finished_at"):
            if view["status"] != "succeeded":
                raise SystemExit(f"job {job} ended {view['status']}: {view.get('error')}")
            return
        time.sleep(0.2)


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * fraction))] if values else float("nan")


def slice_scalars(text, span):
    # Python strings index code points, the API's unit.
    return text[span[0]:span[1]] if 0 <= span[0] < span[1] <= len(text) else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--top-k", type=int, default=5)
    parser.add_argument("--provider", default="local")
    parser.add_argument("--retrieval", default='{"mode":"hybrid"}')
    parser.add_argument("--config", default="{}", help="extra knowledge-base config, e.g. parent_child chunking")
    parser.add_argument("--limit", type=int, default=0, help="ask only the first N questions")
    parser.add_argument("--answerable-only", action="store_true", help="skip SQuAD 2.0's unanswerable questions")
    parser.add_argument("--retrieval-only", action="store_true",
                        help="generate: false only (retrieval hit rates; e.g. HyDE with a slow local model)")
    args = parser.parse_args()
    retrieval = json.loads(args.retrieval)
    articles = json.load(open(DATA))["data"]
    account = {"email": f"squad{int(time.time())}@eval.example", "password": "correct horse battery"}
    token = call(args.port, "POST", "/v1/auth/register", account)["access_token"]
    model = {"local": "all-MiniLM-L6-v2", "hash": "hash-384"}[args.provider]
    config = dict(json.loads(args.config), embedding={"provider": args.provider, "model": model})
    kb = call(args.port, "POST", "/v1/knowledge-bases", {"name": "squad", "config": config}, token)["id"]
    documents, questions = [], []
    for article in articles:
        for number, paragraph in enumerate(article["paragraphs"]):
            documents.append({"external_id": f"{article['title']}-{number}", "title": article["title"],
                              "filename": f"{article['title']}-{number}.txt", "text": paragraph["context"]})
            for qa in paragraph["qas"]:
                questions.append((qa["question"], [a["text"] for a in qa["answers"]], qa["is_impossible"]))
    started = time.monotonic()
    wait(args.port, token, call(args.port, "POST", "/v1/ingest", {"kb_id": kb, "documents": documents}, token)["job_id"])
    print(f"ingested {len(documents)} paragraphs in {time.monotonic() - started:.1f} s; "
          f"{sum(not q[2] for q in questions)} answerable and {sum(q[2] for q in questions)} unanswerable questions")

    cited_hit = retrieved_hit = in_answer = declined = answerable = 0
    unanswerable_declined = unanswerable = 0
    bad_highlights = markers_without_citation = 0
    latency = {True: [], False: []}
    compressed_hit = tokens_before = tokens_after = 0
    if args.answerable_only:
        questions = [q for q in questions if not q[2]]
    if args.limit:
        questions = questions[:args.limit]
    for question, answers, impossible in questions:
        # cache: false measures the uncached path; the cache is measured on its own below.
        body = {"kb_id": kb, "query": question, "top_k": args.top_k, "retrieval": retrieval, "cache": False,
                "explain": bool(retrieval.get("compression"))}
        # The first call embeds the question (then cached), so the two measured calls differ only by generation.
        if args.retrieval_only:
            reply = call(args.port, "POST", "/v1/query", dict(body, generate=False), token)
            answerable += not impossible
            retrieved_hit += not impossible and any(a in c["text"] for a in answers for c in reply["citations"])
            latency[False].append(reply["latency_ms"])
            continue
        call(args.port, "POST", "/v1/query", dict(body, generate=False), token)
        reply = call(args.port, "POST", "/v1/query", dict(body, generate=True), token)
        latency[True].append(reply["latency_ms"])
        latency[False].append(call(args.port, "POST", "/v1/query", dict(body, generate=False), token)["latency_ms"])
        answer, citations = reply["answer"], reply["citations"]
        by_marker = {c["marker"]: c for c in citations}
        compression = (reply.get("explain") or {}).get("compression")
        kept_texts = []
        if compression:
            tokens_before += compression["tokens_before"]
            tokens_after += compression["tokens_after"]
            for entry in compression["kept"]:
                text = by_marker[entry["marker"]]["text"]
                kept_texts += [slice_scalars(text, span) or "" for span in entry["ranges"]]

        cited = [int(m) for m in re.findall(r"\[(\d+)\]", answer)]
        markers_without_citation += sum(m not in by_marker for m in cited)
        for citation in citations:
            for span in citation["highlights"]:
                if slice_scalars(citation["text"], span) is None:
                    bad_highlights += 1
        if impossible:
            unanswerable += 1
            unanswerable_declined += answer == NO_ANSWER
            continue
        answerable += 1
        declined += answer == NO_ANSWER
        cited_texts = [by_marker[m]["text"] for m in cited if m in by_marker]
        cited_hit += any(a in t for a in answers for t in cited_texts)
        retrieved_hit += any(a in c["text"] for a in answers for c in citations)
        compressed_hit += any(a in t for a in answers for t in kept_texts)
        in_answer += any(a in answer for a in answers)
    if args.retrieval_only:
        print(f"answerable ({answerable}): answer span in a retrieved chunk (top {args.top_k}) "
              f"{retrieved_hit / answerable:.1%}; server latency_ms p50 {percentile(latency[False], 0.5):.1f} "
              f"p95 {percentile(latency[False], 0.95):.1f}")
        return
    print(f"answerable ({answerable}): answer span in a cited chunk {cited_hit / answerable:.1%}, "
          f"in a retrieved chunk (top {args.top_k}) {retrieved_hit / answerable:.1%}, "
          f"in the answer text {in_answer / answerable:.1%}, declined {declined / answerable:.1%}")
    print(f"unanswerable ({unanswerable}): declined {unanswerable_declined / unanswerable:.1%}")
    print(f"highlights outside their chunk: {bad_highlights}; answer markers without a citation: {markers_without_citation}")
    for generate in (False, True):
        print(f"server latency_ms generate={str(generate).lower():5}: p50 {percentile(latency[generate], 0.5):.2f} "
              f"p95 {percentile(latency[generate], 0.95):.2f}")
    extra = [a - b for a, b in zip(latency[True], latency[False])]
    print(f"generation adds (paired, same question): p50 {percentile(extra, 0.5):.2f} ms, p95 {percentile(extra, 0.95):.2f} ms")
    if tokens_before:
        print(f"compression: context tokens {tokens_before} -> {tokens_after} "
              f"({1 - tokens_after / tokens_before:.1%} fewer); answer span in the kept text "
              f"{compressed_hit / answerable:.1%} vs in the retrieved chunks {retrieved_hit / answerable:.1%}")
    # The query cache: the same question again (exact hit), and the hit's server latency.
    hits, cached = [], []
    for question, _, _ in questions[:200]:
        body = {"kb_id": kb, "query": question, "top_k": args.top_k, "retrieval": retrieval}
        call(args.port, "POST", "/v1/query", body, token)
        reply = call(args.port, "POST", "/v1/query", body, token)
        hits.append(reply.get("cache") == "exact")
        cached.append(reply["latency_ms"])
    print(f"query cache: {sum(hits)}/{len(hits)} repeats served from the cache; hit latency_ms p50 "
          f"{percentile(cached, 0.5):.2f} p95 {percentile(cached, 0.95):.2f}")


if __name__ == "__main__":
    main()
