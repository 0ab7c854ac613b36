#!/usr/bin/env python3
"""Time paperlist's commands on large synthetic lists against a plain YAML-parse baseline.

    python benchmarks/bench.py [--sizes 1000 10000] [--repeat 5] [--seed 0]
                               [--workdir DIR [--reuse]] [--src DIR]

For each size N the script builds a list root in a temporary directory (a copy of the
repository's templates/ and N synthetic records in papers/, written with paperlist's own
writer) and then measures, each run a fresh subprocess, the median wall time over --repeat
runs and the peak resident set size of:

    python -c pass                      bare interpreter start-up
    python -m paperlist --version       interpreter + click + paperlist imports
    yaml parse (baseline)               read and yaml.load every papers/*.yaml, nothing else
    paperlist validate
    paperlist render (writes)           README.md deleted before each run, so it is written
    paperlist render (up to date)       README.md already current: rendered, compared, not written
    paperlist render --check

One untimed warm-up round (page cache, bytecode) comes first; then each timed round runs every
command once, so a slow spell of a busy machine is spread over all rows. Bytecode is cached
under the scratch directory (PYTHONPYCACHEPREFIX), never in the source tree. The output is a
markdown table, each time also as a ratio to the yaml parse baseline of the same N, and a
verdict on the targets "10,000 records (with topics) rendered in <= 1.5x the YAML parse time,
with a peak of at most 150 MB".

Needs nothing beyond the project's own dependencies; Unix only (os.posix_spawn, os.wait4).

How peak memory is measured: on Linux the ru_maxrss that wait4 reports for a child also
counts the pages of the process that spawned it (they are shared until exec). So this script
starts no command itself: a tiny launcher (``python -S -I``, about 8 MiB, less than any
measured command) starts each one, times it and reports its rusage. This script never
imports paperlist, yaml or jinja2; the synthetic list is built by a separate subprocess
(the hidden ``--build-list ROOT N`` mode).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

REPO = Path(__file__).resolve().parent.parent
TARGET_N = 10_000
TARGET_RATIO = 1.5
TARGET_PEAK_MB = 150
# Bump when the synthetic records change, so --reuse never reuses an older list.
FIXTURE_VERSION = 1
STAMP = ".bench-list.json"

# Runs one command with stdout/stderr redirected to files, then prints
# "<wall seconds> <ru_maxrss> <exit code> <user+system CPU seconds>". Started as `python -S -I`
# so that its own memory, which the command inherits in ru_maxrss, stays below the command's.
LAUNCHER = r"""
import os, sys, time
out, err, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
actions = [(os.POSIX_SPAWN_OPEN, 1, out, flags, 0o644), (os.POSIX_SPAWN_OPEN, 2, err, flags, 0o644)]
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(wall, usage.ru_maxrss, os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime)
"""

# The baseline: read and parse every record, nothing else (no validation, no rendering).
YAML_PARSE = r"""
import os, sys, yaml
Loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
directory = os.path.join(sys.argv[1], "papers")
count = 0
for name in sorted(os.listdir(directory)):
    if name.endswith(".yaml"):
        with open(os.path.join(directory, name), encoding="utf-8") as handle:
            yaml.load(handle.read(), Loader=Loader)
        count += 1
print(f"{Loader.__name__}: parsed {count} files")
"""


# --- measuring -------------------------------------------------------------------------------


@dataclass
class Case:
    """One row of the table: a command line and what a successful run prints."""

    name: str
    argv: list[str]
    expect: str  # a successful run's stdout contains this
    before_each: Callable[[], None] | None = None  # called before every run, warm-up included


@dataclass
class Result:
    name: str
    n: int
    times: list[float]
    cpu: list[float]
    peak_mib: float
    stdout: str

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def _maxrss_mib(value: int) -> float:
    # Linux reports KiB, macOS bytes.
    return value / 2**20 if sys.platform == "darwin" else value / 1024


def run_once(argv: list[str], cwd: Path, scratch: Path) -> tuple[float, float, float, int, str, str]:
    """(wall s, CPU s, peak MiB, exit code, stdout, stderr) of one run of ``argv``."""
    out, err = scratch / "stdout", scratch / "stderr"
    launched = subprocess.run(
        [sys.executable, "-S", "-I", "-c", LAUNCHER, str(out), str(err), *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    wall, maxrss, code, cpu = launched.stdout.split()
    return (
        float(wall),
        float(cpu),
        _maxrss_mib(int(maxrss)),
        int(code),
        out.read_text(encoding="utf-8", errors="replace"),
        err.read_text(encoding="utf-8", errors="replace"),
    )


def measure(all_cases: list[Case], n: int, root: Path, repeat: int, scratch: Path) -> list[Result]:
    """One untimed warm-up round, then ``repeat`` timed rounds; every run must succeed.

    Each round runs every case once, in order, so that a slow spell of the machine
    (other processes) is spread over all rows rather than landing on one.
    """
    results = [Result(case.name, n, [], [], 0.0, "") for case in all_cases]
    for round_ in range(repeat + 1):
        for case, result in zip(all_cases, results):
            if case.before_each:
                case.before_each()
            wall, cpu, mib, code, stdout, stderr = run_once(case.argv, root, scratch)
            if code != 0 or case.expect not in stdout:
                raise SystemExit(
                    f"{case.name} (N={n}) failed: exit {code}, expected {case.expect!r} in its output\n"
                    f"stdout: {stdout.strip()[:2000]}\nstderr: {stderr.strip()[:2000]}"
                )
            result.stdout = stdout.strip()
            if round_:
                result.times.append(wall)
                result.cpu.append(cpu)
                result.peak_mib = max(result.peak_mib, mib)
    return results


def cases(root: Path, n: int) -> list[Case]:
    py = sys.executable
    paperlist = [py, "-m", "paperlist", "-C", str(root)]
    readme = root / "README.md"

    def delete_readme() -> None:
        """Remove every generated file, so that render writes them all."""
        readme.unlink(missing_ok=True)
        (root / "fig" / "papers.svg").unlink(missing_ok=True)
        shutil.rmtree(root / "pages", ignore_errors=True)

    return [
        Case("`python -c pass`", [py, "-c", "pass"], ""),
        Case("`paperlist --version`", [py, "-m", "paperlist", "--version"], "paperlist, version"),
        Case("yaml parse (baseline)", [py, "-c", YAML_PARSE, str(root)], f"parsed {n} files"),
        Case("`paperlist validate`", [*paperlist, "validate"], f"{n} record"),
        Case("`paperlist render` (writes)", [*paperlist, "render"], "Wrote README.md", before_each=delete_readme),
        Case("`paperlist render` (up to date)", [*paperlist, "render"], "up to date"),
        Case("`paperlist render --check`", [*paperlist, "render", "--check"], "up to date"),
    ]


# --- the synthetic list --------------------------------------------------------------------

FIRST = (
    "Wei Jing Yuxuan Hao Xin Mei Lin Chen Zhi Ming Ananya Rahul Priya Arjun Sofia Lucas Emma Noah "
    "Olivia Liam Mia Ethan Chloé José Zoë Björn Łukasz Ahmed Fatima Omar Yuki Haruto Sakura Minji "
    "Jisoo Daniel Sarah David Laura Mateo Valentina Ivan Olga Kofi Amara Tomás Inés Pierre Élodie "
    "Giulia Marco Hannah Jonas Aisha Nikolai Ngozi Thanh Linh Kwame Rosa Samuel Grace"
).split()
LAST = tuple(
    "Wang, Li, Zhang, Liu, Chen, Yang, Huang, Zhao, Wu, Zhou, Xu, Sun, Ma, Zhu, Hu, Guo, He, Lin, Luo, Gao, "
    "Sharma, Patel, Gupta, Singh, Kumar, Smith, Johnson, Williams, Brown, Jones, Garcia, Miller, Davis, "
    "Rodriguez, Martínez, Müller, Schmidt, Schneider, Fischer, Weber, Dubois, Lefèvre, Rossi, Russo, Bianchi, "
    "Nakamura, Tanaka, Suzuki, Kim, Park, Choi, Jung, Nguyen, Tran, Ivanov, Petrov, Kowalski, Nowak, O'Brien, "
    "Okafor, Mensah, Haddad, Silva, Santos, Pereira, Costa, Andersson, Johansson, Nielsen, de la Cruz, "
    "van der Berg".split(", ")
)
TOPICS = (
    "search",
    "verification",
    "reward-models",
    "reasoning",
    "agents",
    "decoding",
    "rl",
    "distillation",
    "math",
    "code",
)
VENUES = (
    "arXiv.org",
    "arXiv.org",
    "arXiv.org",
    "NeurIPS",
    "ICLR",
    "ICML",
    "ACL",
    "EMNLP",
    "NAACL",
    "COLM",
    "AAAI",
    "CVPR",
    "Trans. Mach. Learn. Res.",
    "Conference on Empirical Methods in Natural Language Processing",
    "Annual Meeting of the Association for Computational Linguistics",
    "Nature",
    "J. Mach. Learn. Res.",
)
# Varied technical vocabulary for titles, abstracts and TL;DRs.
WORDS = (
    "inference test-time compute scaling language model models reasoning chain thought verifier verifiers "
    "reward process outcome search tree Monte Carlo beam sampling decoding self-consistency reflection "
    "refinement critique planning policy value optimisation optimal budget adaptive allocation tokens "
    "latency throughput accuracy benchmark benchmarks mathematical problems code generation agents "
    "tool retrieval augmented memory long-context distillation reinforcement learning preference "
    "alignment supervision synthetic data trajectories rollouts exploration exploitation uncertainty "
    "calibration confidence early exit speculative parallel sequential revision iterative hierarchical "
    "structured latent representation transformer attention architecture parameters pretraining "
    "fine-tuning instruction following generalisation robustness efficiency cost trade-off frontier "
    "empirical analysis theoretical framework bound guarantees evaluation human judgement aggregation "
    "voting majority best-of-N ranking selection pruning heuristic guided lookahead backtracking "
    "verification step-level dense sparse signals feedback loop environment simulator multimodal vision "
    "video audio scientific discovery theorem proving formal informal curriculum difficulty estimation "
    "routing mixture experts small large open closed source reproducible scalable lightweight "
    "novel unified simple effective general principled robust surprising emergent fundamental "
    "we propose introduce present show demonstrate find observe study analyse investigate achieve "
    "improve outperform reduce increase enable leverage combine extend evaluate compare across "
    "tasks domains settings regimes baselines methods approaches strategies techniques results "
    "performance gains improvements errors failures limitations insights implications directions "
    "while however moreover furthermore additionally specifically notably consequently therefore "
    "the a an of to in on for with by from and or that this these which under over between without"
).split()
TITLE_WORDS = [w for w in WORDS if len(w) > 3]
ODD_TOKENS = ("<think>", "Q&A", "[CLS]", "`pass@k`", "O(n log n)", "R&D", "a<b", "x_{t+1}", "\\lambda")


def _sentence(rng, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 99)}.{rng.randint(0, 9)}%")
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words)), f"({rng.choice(TITLE_WORDS)} {rng.choice(TITLE_WORDS)})")
    if rng.random() < 0.08:
        words.insert(rng.randrange(len(words)), rng.choice(ODD_TOKENS))
    if len(words) > 8 and rng.random() < 0.4:
        words[rng.randrange(2, len(words) - 2)] += rng.choice((",", ",", ";", ":"))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _abstract(rng) -> str:
    target = rng.randint(800, 1400)  # about 1,200 characters on average, a sentence past the target
    paragraphs, current, length = [], [], 0
    while length < target:
        sentence = _sentence(rng, 12, 30)
        current.append(sentence)
        length += len(sentence) + 1
        if rng.random() < 0.03:  # an occasional paragraph break, as some fetched abstracts have
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def _title(rng) -> str:
    """A title of 80 to 120 characters, sometimes with a leading acronym."""
    small = ("a", "an", "the", "of", "to", "in", "on", "for", "with", "and", "or", "by", "from")
    while True:
        target = rng.randint(80, 120)
        words: list[str] = []
        if rng.random() < 0.4:
            words.append("".join(rng.choice("ABCDEFGHIKLMNOPRSTVXZ") for _ in range(rng.randint(3, 6))) + ":")
        title = ""
        while len(title) < target:
            word = rng.choice(TITLE_WORDS if rng.random() < 0.8 else WORDS)
            words.append(word if word in small else word.capitalize())
            title = " ".join(words)
        if len(title) <= 120:
            return title


def _date(rng) -> str:
    year = rng.randint(2015, 2026)
    kind = rng.random()
    if kind < 0.05:
        return f"{year}"
    if kind < 0.15:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def synthetic_values(i: int, rng) -> dict:
    """The fields of synthetic record ``i``, drawn from ``rng``."""
    arxiv = f"{2100 + i // 100000:04d}.{i % 100000:05d}"
    values: dict = {
        "title": _title(rng),
        "authors": [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(3, 12))],
        "date": _date(rng),
        "arxiv": arxiv,
        "abstract": _abstract(rng),
    }
    if rng.random() < 0.9:
        values["venue"] = rng.choice(VENUES)
    if rng.random() < 0.25:
        values["doi"] = f"10.48550/arXiv.{arxiv}"
    if rng.random() < 0.6:
        values["semantic_scholar"] = f"{rng.getrandbits(160):040x}"
    if rng.random() < 0.3:
        owner = "".join(c for c in rng.choice(LAST).lower() if c.isascii() and c.isalnum())
        values["code"] = f"https://github.com/{owner}-lab/{rng.choice(TITLE_WORDS).lower()}-{i}"
    if rng.random() < 0.4:
        values["tldr"] = _sentence(rng, 15, 30)
    if rng.random() < 0.5:
        values["topics"] = rng.sample(TOPICS, rng.randint(1, 3))
    if rng.random() < 0.2:
        values["added"] = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if rng.random() < 0.05:
        values["note"] = "Accepted to " + rng.choice(VENUES)
    return values


def build_list(root: Path, n: int, seed: int) -> None:
    """Write N synthetic records to ``root/papers`` with paperlist's own writer.

    Runs in its own process (``--build-list``) so the measuring process stays small.
    Record i is the same for every N with the same seed: the 1,000 list is a prefix of the 10,000.
    """
    from paperlist.paper import make_paper, normalise_title, paper_key
    from paperlist.store import Store

    store = Store(root)
    store.directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    seen: set[str] = set()
    for i in range(n):
        values = synthetic_values(i, rng)
        while normalise_title(values["title"]) in seen:  # the store rejects two records of one paper
            values["title"] = _title(rng)
        seen.add(normalise_title(values["title"]))
        paper = make_paper(**values).with_fingerprints()  # as an imported record carries them
        store.write(paper_key(paper), paper)


def prepare_list(root: Path, n: int, seed: int, reuse: bool, templates: Path) -> tuple[float, bool]:
    """A list of N records at ``root`` with a fresh copy of ``templates``; (seconds, reused)."""
    stamp = {"records": n, "seed": seed, "version": FIXTURE_VERSION}
    stamp_path = root / STAMP
    if root.exists() and any(root.iterdir()) and not stamp_path.is_file():
        raise SystemExit(f"{root} exists and was not made by this script; not touching it")
    reused = (
        reuse
        and stamp_path.is_file()
        and json.loads(stamp_path.read_text()) == stamp
        and sum(1 for p in (root / "papers").iterdir() if p.suffix == ".yaml") == n
    )
    start = time.perf_counter()
    if reused:
        shutil.rmtree(root / "templates", ignore_errors=True)
        (root / "README.md").unlink(missing_ok=True)
    else:
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--build-list", str(root), str(n), "--seed", str(seed)],
            check=True,
        )
        stamp_path.write_text(json.dumps(stamp))
    shutil.copytree(templates, root / "templates")
    return time.perf_counter() - start, reused


# --- reporting -------------------------------------------------------------------------------


def _versions() -> str:
    """Installed versions of the libraries that matter, read without importing them."""
    from importlib import metadata

    found = []
    for name in ("PyYAML", "Jinja2", "click"):
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} missing")
    return ", ".join(found)


def _size_mib(directory: Path) -> float:
    return sum(p.stat().st_size for p in directory.iterdir()) / 2**20


def table(results: list[Result], baselines: dict[int, float]) -> str:
    lines = ["| command | N | median s | peak MiB | × yaml parse |", "| --- | ---: | ---: | ---: | ---: |"]
    for r in results:
        ratio = r.median / baselines[r.n]
        lines.append(f"| {r.name} | {r.n:,} | {r.median:.3f} | {r.peak_mib:.1f} | {ratio:.2f} |")
    return "\n".join(lines)


def verdict(results: list[Result], baselines: dict[int, float]) -> str:
    renders = [r for r in results if r.n == TARGET_N and r.name.startswith("`paperlist render`")]
    if not renders:
        return f"Target not measured: add {TARGET_N} to --sizes."
    worst = max(renders, key=lambda r: r.median)
    ratio = worst.median / baselines[TARGET_N]
    holds = "HOLDS" if ratio <= TARGET_RATIO else "DOES NOT HOLD"
    biggest = max(renders, key=lambda r: r.peak_mib)
    peak_mb = biggest.peak_mib * 1.048576
    fits = "HOLDS" if peak_mb <= TARGET_PEAK_MB else "DOES NOT HOLD"
    return (
        f'Target "10,000 records rendered in ≤ {TARGET_RATIO:g}× the YAML parse time": {holds} '
        f"(slowest render row, {worst.name}: {worst.median:.2f} s = {ratio:.2f}× the "
        f"{baselines[TARGET_N]:.2f} s parse).\n"
        f'Target "peak memory at most {TARGET_PEAK_MB} MB": {fits} '
        f"(largest render row, {biggest.name}: {peak_mb:.0f} MB)."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1_000, 10_000], metavar="N", help="list sizes (default: 1000 10000)"
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per command, after one warm-up (default: 5)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic records (default: 0)")
    parser.add_argument(
        "--workdir",
        type=Path,
        metavar="DIR",
        help="build the lists in DIR/n<N> and keep them (default: a temporary directory, removed at the end)",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="with --workdir: reuse a list built earlier with the same N and seed"
    )
    parser.add_argument(
        "--src",
        type=Path,
        default=REPO,
        metavar="DIR",
        help="benchmark the paperlist/ package and templates/ in DIR (default: this checkout), e.g. a snapshot "
        "made with `git archive HEAD paperlist templates | tar -x -C DIR`",
    )
    parser.add_argument("--build-list", nargs=2, metavar=("ROOT", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.build_list:
        build_list(Path(args.build_list[0]), int(args.build_list[1]), args.seed)
        return 0
    if args.repeat < 1 or any(n < 1 for n in args.sizes):
        parser.error("--repeat and --sizes must be positive")
    if args.reuse and not args.workdir:
        parser.error("--reuse needs --workdir")

    # Every subprocess imports paperlist from --src (this checkout by default), installed or not.
    src = args.src.resolve()
    if not (src / "paperlist" / "__init__.py").is_file() or not (src / "templates").is_dir():
        parser.error(f"--src {src} holds no paperlist/ package and templates/ folder")

    temporary = None
    if args.workdir:
        workdir = args.workdir.resolve()
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        temporary = tempfile.TemporaryDirectory(prefix="paperlist-bench-")
        workdir = Path(temporary.name)
    scratch = Path(tempfile.mkdtemp(prefix="paperlist-bench-out-"))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")]))
    # Measure the steady state, with compiled bytecode cached (by the warm-up round) even where
    # PYTHONDONTWRITEBYTECODE is set, and without writing __pycache__ folders into the source tree.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")

    print(f"# paperlist benchmark, {_dt.date.today().isoformat()}", flush=True)
    print(
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs; {_versions()}; paperlist from {src}; "
        f"{args.repeat} timed run(s) per command after one warm-up round; seed {args.seed}.",
        flush=True,
    )
    results: list[Result] = []
    baselines: dict[int, float] = {}
    try:
        for n in args.sizes:
            root = workdir / f"n{n}"
            seconds, reused = prepare_list(root, n, args.seed, args.reuse, src / "templates")
            how = f"reused {root}" if reused else f"built in {seconds:.1f} s"
            print(f"\nN={n:,}: {_size_mib(root / 'papers'):.1f} MiB of records, {how}.", flush=True)
            for result in measure(cases(root, n), n, root, args.repeat, scratch):
                results.append(result)
                if result.name.startswith("yaml parse"):
                    baselines[n] = result.median
                    print(f"  yaml loader: {result.stdout}", flush=True)
                runs = " ".join(f"{t:.2f}" for t in result.times)
                print(
                    f"  {result.name}: median {result.median:.3f} s (runs {runs}; median CPU "
                    f"{statistics.median(result.cpu):.3f} s), peak {result.peak_mib:.1f} MiB",
                    flush=True,
                )
            print(f"  README.md: {(root / 'README.md').stat().st_size / 2**20:.1f} MiB", flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if temporary:
            temporary.cleanup()

    print()
    print(table(results, baselines))
    print()
    print(verdict(results, baselines))
    if args.workdir:
        print(f"\nLists kept in {workdir}; profile one with:")
        print(f"  python -m cProfile -s cumtime -m paperlist -C {workdir}/n<N> render")
    return 0


if __name__ == "__main__":
    sys.exit(main())
