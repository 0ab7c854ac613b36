#!/usr/bin/env python3
"""Time the static site (``paperlist.outputs.site``) on a large synthetic list in headless Chromium.

    python benchmarks/site_bench.py [--papers 10000] [--runs 5] [--seed 0] [--keep DIR]

Builds N synthetic papers in memory (the records of bench.py, 60 % with a citation count),
times ``site_files``, writes index.html and papers.json to a temporary folder, and opens the
page in headless Chromium (/usr/bin/chromium, driven by Playwright), from disk (file://) and
served from 127.0.0.1. It measures:

- time to interactive: from navigation start until the page sets ``window.__ready`` (the parts
  of the data the first screen needs read and indexed, the first 200 papers rendered, every
  control answering), the median of --runs fresh loads after one warm-up load;
- every paper read: until the page has read and indexed the rest of its data in the background
  (it marks ``<html data-loaded>``);
- a keystroke the moment the page is interactive, before the background is done: a broad one
  ("m", which a screenful of the papers read match) is answered from them; a narrow one (no
  match) reads the rest first;
- a search keystroke: one character appended to the search box and an ``input`` event
  dispatched, timed in the page with ``performance.now()`` around the handler (which filters
  and re-renders synchronously), and until the next frame has been laid out and painted;
  the median (and the slowest) over every keystroke of a few queries typed one character at
  a time, then erased one at a time;
- the sizes of index.html and papers.json.

Prints a markdown table and the verdict on the targets: interactive within 1 s, a keystroke
under 100 ms. Needs Playwright for Python and Chromium; never runs ``playwright install``.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import platform
import random
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench import _title, synthetic_values  # noqa: E402 (bench.py runs nothing on import)

from paperlist.config import Config  # noqa: E402
from paperlist.outputs.exports import bibtex_entries  # noqa: E402
from paperlist.outputs.site import site_files  # noqa: E402
from paperlist.paper import make_paper, normalise_title, paper_key  # noqa: E402
from paperlist.store import ordered  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TARGET_READY_MS = 1000
TARGET_KEY_MS = 100
QUERIES = ("monte carlo tree search", "reward model verifiers", "zoë", "transformer attention 2.5%")

# Notes when the page's script starts (its first call of JSON.parse, on the embedded data) and
# when it sets window.__ready, without changing the page (init scripts are not subject to its
# Content-Security-Policy).
READY_PROBE = """
const parse = JSON.parse;
JSON.parse = function (...args) {
  if (window.__scriptAt === undefined) window.__scriptAt = performance.now();
  return parse.apply(this, args);
};
new MutationObserver((changes, observer) => {
  if (document.documentElement.hasAttribute("data-loaded")) {
    window.__loadedAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { attributes: true, attributeFilter: ["data-loaded"], subtree: true });
Object.defineProperty(window, "__ready", {
  configurable: true,
  get() { return this.__readyValue; },
  set(value) { this.__readyValue = value; this.__readyAt = performance.now(); },
});
"""

# One keystroke the moment the page is interactive, before the background has read every paper.
FIRST_KEY = """
(query) => {
  const q = document.getElementById("_q");
  q.value = query;
  const start = performance.now();
  q.dispatchEvent(new Event("input", { bubbles: true }));
  const took = performance.now() - start;
  q.value = "";
  q.dispatchEvent(new Event("input", { bubbles: true }));
  return took;
}
"""

# Types each query one character at a time, then erases it; returns [handler ms, to-next-frame ms] per keystroke.
TYPE_QUERIES = """
async (queries) => {
  const q = document.getElementById("_q");
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const times = [];
  const key = async (value) => {
    q.value = value;
    const start = performance.now();
    q.dispatchEvent(new Event("input", { bubbles: true }));
    const handled = performance.now();
    await frame();
    times.push([handled - start, performance.now() - start]);
  };
  for (const query of queries) {
    for (let i = 1; i <= query.length; i++) await key(query.slice(0, i));
    for (let i = query.length - 1; i >= 0; i--) await key(query.slice(0, i));
  }
  return times;
}
"""


def synthetic_papers(n: int, seed: int):
    """N papers as bench.py makes them, 60 % with a citation count."""
    rng = random.Random(seed)
    papers, seen = {}, set()
    for i in range(n):
        values = synthetic_values(i, rng)
        while normalise_title(values["title"]) in seen:
            values["title"] = _title(rng)
        seen.add(normalise_title(values["title"]))
        paper = make_paper(**values)
        if rng.random() < 0.6:
            paper = replace(paper, citations=(int(rng.paretovariate(1.2)) - 1, "2026-01-01"))
        papers[paper_key(paper)] = paper
    return papers


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def measure_page(browser, address: str, runs: int) -> dict:
    ready, script, loaded, shown = [], [], [], 0
    first: dict[str, list[float]] = {"broad": [], "narrow": []}
    keys: list[list[float]] = []
    for run in range(runs + 1):  # the first load warms the caches and is not counted
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.add_init_script(READY_PROBE)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        page.goto(address)
        page.wait_for_function("window.__ready === true", timeout=30_000)
        if run % 2:  # every other load: a keystroke at once, so loaded includes what it read
            kind = "broad" if run % 4 == 1 else "narrow"
            first[kind].append(page.evaluate(FIRST_KEY, "m" if kind == "broad" else "zqxj"))
        page.wait_for_function("() => window.__loadedAt !== undefined", timeout=30_000)
        if errors:
            raise SystemExit(f"the page raised: {errors}")
        if run:
            ready.append(page.evaluate("window.__readyAt"))
            script.append(page.evaluate("window.__readyAt - window.__scriptAt"))
            if not run % 2:
                loaded.append(page.evaluate("window.__loadedAt"))
            keys.extend(page.evaluate(TYPE_QUERIES, list(QUERIES)))
        shown = page.locator("#_list > article").count()
        context.close()
    return {
        "ready": statistics.median(ready),
        "ready_max": max(ready),
        "script": statistics.median(script),
        "loaded": statistics.median(loaded) if loaded else float("nan"),
        "broad": statistics.median(first["broad"]) if first["broad"] else float("nan"),
        "narrow": statistics.median(first["narrow"]) if first["narrow"] else float("nan"),
        "key": statistics.median(k[0] for k in keys),
        "key_max": max(k[0] for k in keys),
        "frame": statistics.median(k[1] for k in keys),
        "frame_max": max(k[1] for k in keys),
        "keystrokes": len(keys),
        "shown": shown,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=10_000, help="how many synthetic papers (default 10000)")
    parser.add_argument("--runs", type=int, default=5, help="timed page loads per way of opening it (default 5)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic records (default 0)")
    parser.add_argument("--keep", type=Path, help="write the site into this folder and keep it")
    args = parser.parse_args()

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("needs Playwright for Python: pip install playwright (Chromium from the system)", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"needs Chromium at {CHROMIUM}", file=sys.stderr)
        return 2

    print(f"Making {args.papers:,} synthetic papers...", flush=True)
    papers = synthetic_papers(args.papers, args.seed)
    order = [key for key, _ in ordered(papers)]
    config = Config(title="Synthetic list", description=f"{args.papers:,} synthetic papers for the benchmark.")
    start = time.perf_counter()
    # As `paperlist site` builds it: each paper with its BibTeX entry (without a second abstract).
    files = site_files(papers, order, config, bibtex=bibtex_entries(papers, order, abstracts=False))
    build_s = time.perf_counter() - start

    temporary = None if args.keep else tempfile.TemporaryDirectory(prefix="paperlist-site-")
    folder = args.keep or Path(temporary.name)
    folder.mkdir(parents=True, exist_ok=True)
    for name, blob in files.items():
        (folder / name).write_bytes(blob)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            version = browser.version
            results = {}
            for how, address in (
                ("file://", (folder / "index.html").as_uri()),
                ("http://127.0.0.1", f"http://127.0.0.1:{httpd.server_address[1]}/index.html"),
            ):
                print(f"Opening the page from {how}, {args.runs} timed loads...", flush=True)
                results[how] = measure_page(browser, address, args.runs)
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
        if temporary:
            temporary.cleanup()

    mib = 2**20
    print()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"{args.papers:,} papers; {os.cpu_count()} CPUs, load average {load:.1f} at the end; Chromium {version} headless; Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}; medians of {args.runs} loads"
    )
    print()
    print("| measure | file:// | http://127.0.0.1 | target |")
    print("| --- | ---: | ---: | ---: |")
    f, h = results["file://"], results["http://127.0.0.1"]
    print(
        f"| time to interactive (ms, median / slowest) | {f['ready']:.0f} / {f['ready_max']:.0f} "
        f"| {h['ready']:.0f} / {h['ready_max']:.0f} | < {TARGET_READY_MS} |"
    )
    print(
        f"| of which the page's script: read the first parts of the data, render the first screen (ms) "
        f"| {f['script']:.0f} | {h['script']:.0f} | |"
    )
    print(
        f"| of which before it: Chromium reads and parses the HTML (ms) "
        f"| {f['ready'] - f['script']:.0f} | {h['ready'] - h['script']:.0f} | |"
    )
    print(f"| every paper read and indexed, in the background (ms) | {f['loaded']:.0f} | {h['loaded']:.0f} | |")
    print(
        f"| a keystroke the moment it is interactive, matching a screenful among the papers read (ms) "
        f"| {f['broad']:.0f} | {h['broad']:.0f} | |"
    )
    print(
        f"| a keystroke the moment it is interactive, matching fewer: reads the rest first (ms) "
        f"| {f['narrow']:.0f} | {h['narrow']:.0f} | |"
    )
    print(
        f"| search keystroke, handler (ms, median / slowest of {f['keystrokes']}) | {f['key']:.1f} / "
        f"{f['key_max']:.1f} | {h['key']:.1f} / {h['key_max']:.1f} | < {TARGET_KEY_MS} |"
    )
    print(
        f"| search keystroke, to the next frame (ms, median / slowest) | {f['frame']:.1f} / "
        f"{f['frame_max']:.1f} | {h['frame']:.1f} / {h['frame_max']:.1f} | |"
    )
    print(f"| papers rendered at first | {f['shown']} | {h['shown']} | |")
    print()
    print("| file | size |")
    print("| --- | ---: |")
    print(f"| index.html (page and embedded data) | {len(files['index.html']) / mib:.1f} MiB |")
    print(f"| papers.json | {len(files['papers.json']) / mib:.1f} MiB |")
    print(f"| `site_files` in Python | {build_s:.2f} s |")
    print()
    slowest_ready = max(f["ready"], h["ready"])
    slowest_key = max(f["key"], h["key"])
    ok = slowest_ready < TARGET_READY_MS and slowest_key < TARGET_KEY_MS
    print(
        f"Targets: {'both hold' if ok else 'MISSED'}: interactive in {slowest_ready:.0f} ms (target {TARGET_READY_MS}), "
        f"a keystroke in {slowest_key:.1f} ms (target {TARGET_KEY_MS})."
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
