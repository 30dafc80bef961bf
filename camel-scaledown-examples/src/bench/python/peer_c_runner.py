"""Peer C of the benchmark: the provider's production-ready Python client, timed from submit to the last parsed result.

The client is not kept in this repository. It is read at run time from the seed file the provider published
(../shared/seed/scaledown-batch-api-prompts.txt from the repository root), whose code lost its indentation when it was
copied from a web page. The runner takes the code block that follows "Example output from the production-ready prompt"
(from `import json` to the end of the class `ScaleDownBatchClient`, before the demo), checks it is the block this
runner knows (SHA-256), restores the indentation from INDENT_LEVELS (one digit per line, four spaces a level: no
rule can recover it, e.g. two `raise` lines in a row sit at different depths) and replaces only the base URL.

Usage:
  peer_c_runner.py check SEED                              prints "ok", or why peer C cannot run (exit 3)
  peer_c_runner.py run SEED BASE_URL ITEMS_JSONL POLL_SECONDS
      SCALEDOWN_API_KEY in the environment; ITEMS_JSONL holds the benchmark's request lines. Prints one line
      "PEER-C-RESULT {json}" with the timings in nanoseconds and the peak RSS in bytes.
"""
import hashlib
import json
import resource
import sys
import time
import types

MARKER = "Example output from the production-ready prompt"
BLOCK_SHA256 = "a6b298f779c96941676c00004abfc74522cac703a882914dbbc103861973af5b"
INDENT_LEVELS = (
    "0000000000011110011110011110000001111001100001222000011223443221233423342334212222343343443212334334312223433434432"
    "322343334433321222")
PROVIDER_BASE_URL = '"https://api.scaledown.xyz/v1/batches"'
RESULT_PREFIX = "PEER-C-RESULT "


class Unavailable(Exception):
    """Peer C cannot run here; the message says why."""


def code_block(seed_path):
    try:
        with open(seed_path, encoding="utf-8") as seed:
            lines = seed.read().splitlines()
    except OSError as e:
        raise Unavailable(f"seed file {seed_path} not readable ({e.strerror})")
    markers = [k for k, line in enumerate(lines) if MARKER in line]
    if not markers:
        raise Unavailable(f"no '{MARKER}' in {seed_path}")
    starts = [k for k in range(markers[-1], len(lines)) if lines[k].strip() == "import json"]
    if not starts:
        raise Unavailable(f"no code block after '{MARKER}' in {seed_path}")
    block, seen_class = [], False
    for line in lines[starts[0]:]:
        text = line.strip()
        if seen_class and text.startswith("import "):
            break
        seen_class = seen_class or text.startswith("class ")
        block.append(text)
    digest = hashlib.sha256("\n".join(block).encode("utf-8")).hexdigest()
    if digest != BLOCK_SHA256 or len(block) != len(INDENT_LEVELS):
        raise Unavailable(f"the client in {seed_path} changed (sha256 {digest}): its indentation cannot be restored")
    return block


def provider_module(seed_path, base_url):
    block = code_block(seed_path)
    source = "\n".join("    " * int(level) + text for level, text in zip(INDENT_LEVELS, block)) + "\n"
    if source.count(PROVIDER_BASE_URL) != 1:
        raise Unavailable("the provider's BASE_URL is not where it was expected")
    source = source.replace(PROVIDER_BASE_URL, json.dumps(base_url.rstrip("/") + "/v1/batches"))
    module = types.ModuleType("scaledown_provider_client")
    sys.modules[module.__name__] = module
    exec(compile(source, "scaledown_provider_client (from the seed file)", "exec"), module.__dict__)
    return module


def check(seed_path):
    try:
        import requests  # noqa: F401  (the provider's client needs it)
    except ImportError:
        raise Unavailable("python3 has no 'requests' module")
    code_block(seed_path)


def provider_items(client_module, items_path):
    items = []
    with open(items_path, encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            body = row["body"]
            if body["model"] == "summarize":
                items.append(client_module.SummarizeItem(custom_id=row["custom_id"], text=body["text"]))
            elif body["model"] == "extract":
                items.append(client_module.ExtractItem(custom_id=row["custom_id"], text=body["text"],
                                                       entities=body["entities"]))
            else:
                items.append(client_module.ClassifyItem(custom_id=row["custom_id"], text=body["text"],
                                                        labels=body["labels"]))
    return items


def run(seed_path, base_url, items_path, poll_seconds):
    client_module = provider_module(seed_path, base_url)
    items = provider_items(client_module, items_path)
    client = client_module.ScaleDownBatchClient()
    # The same three calls as the client's run(), timed one by one.
    start = time.perf_counter_ns()
    batch_id = client.submit(items)
    submitted = time.perf_counter_ns()
    status = client.wait(batch_id, poll_interval=poll_seconds)
    output_start = time.perf_counter_ns()
    result = client.results(batch_id)
    end = time.perf_counter_ns()
    failed = [item.custom_id for item in result.items if item.error]
    if status["status"] != "completed" or len(result.items) != len(items) or failed:
        raise RuntimeError(f"batch {batch_id} {status['status']}: {len(result.items)} of {len(items)} results, "
                           f"{len(failed)} failed")
    print(RESULT_PREFIX + json.dumps({
        "items": len(result.items), "total_ns": end - start, "submit_ns": submitted - start,
        "output_ns": end - output_start, "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))


def main(args):
    try:
        if args[0] == "check":
            check(args[1])
            print("ok")
        else:
            run(args[1], args[2], args[3], float(args[4]))
    except Unavailable as e:
        print(e)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
