"""Lay a list out as markdown: README.md with topics, a table of contents and recently added
papers and, past the page budget, one page per topic (split by year when needed). Pure: text out."""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from paperlist.config import Config
from paperlist.paper import Paper
from paperlist.render import PAGE_TEMPLATE, README_TEMPLATE, Renderer, entry_data, escape_inline

#: The first line of every page paperlist writes: only files that carry it are ever replaced or removed.
MARKER = "<!-- paperlist: generated page; edit papers/ and run 'paperlist render' -->"
OTHER = "Other"
ALL_PAPERS = "All papers"
# What a page's own lines (title, links, marker) may take beyond its entries, when estimating.
_PAGE_SLACK = 2048


@dataclass
class Layout:
    """README.md's bytes, the pages' bytes by path, and what the curator should know."""

    readme: bytes
    pages: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    layout: str = "flat"


def github_anchor(text: str, seen: dict[str, int]) -> str:
    """The id GitHub gives a heading with this text (lower case, punctuation dropped, spaces as
    dashes), numbered like GitHub's when a page repeats a heading."""
    slug = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
    n = seen.get(slug, 0)
    seen[slug] = n + 1
    return slug if n == 0 else f"{slug}-{n}"


def file_slug(name: str, taken: set[str]) -> str:
    """A file name stem for a topic: ASCII letters, digits and dashes; unique among ``taken``."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    slug = "-".join(re.findall(r"[a-z0-9]+", text))[:60].strip("-")
    if not slug:
        slug = "topic-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    base, n = slug, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    taken.add(slug)
    return slug


# Entries are kept as UTF-8 bytes: with their emoji, a Python str of one takes four bytes a character.
# Templates see a placeholder as each entry's ``text``, which is swapped for its bytes after rendering.
_PLACEHOLDER = re.compile(rb"\x00(\d+)\x00")


def _placeholder(i: int) -> str:
    return f"\x00{i}\x00"


def _fill(text: str, blobs: list[bytes]) -> bytes:
    """Rendered template text with every entry placeholder replaced by the entry's bytes."""
    return _PLACEHOLDER.sub(lambda m: blobs[int(m.group(1))], text.encode("utf-8"))


def topic_order(papers: dict[str, Paper], config: Config) -> list[str]:
    """Topics in display order: the configured ones that papers use, then the others alphabetically."""
    used = {topic for paper in papers.values() for topic in paper.topics}
    configured = [name for name in config.topic_order() if name in used]
    others = sorted(used - set(configured), key=lambda t: (t.casefold(), t))
    return configured + others


def unknown_topics(papers: dict[str, Paper], config: Config) -> list[str]:
    """Warnings for topics records use that paperlist.yaml does not list (when it lists any)."""
    if not config.topics:
        return []
    known = set(config.topic_order())
    where: dict[str, list[str]] = {}
    for key in sorted(papers):
        for topic in papers[key].topics:
            if topic not in known:
                where.setdefault(topic, []).append(key)
    return [
        f"topic '{topic}' (papers/{keys[0]}.yaml{' and ' + str(len(keys) - 1) + ' more' if len(keys) > 1 else ''}) "
        "is not in paperlist.yaml's topics; it is listed under its own name"
        for topic, keys in sorted(where.items())
    ]


def lay_out(
    papers: dict[str, Paper],
    order: list[str],
    config: Config,
    renderer: Renderer,
    *,
    figure: str = "",
    links: list[dict[str, str]] | None = None,
) -> Layout:
    """README.md (and pages) for ``papers`` (by key), given in list ``order``."""
    entries = {key: entry_data(papers[key], key, **config.entry_switches()) for key in order}
    blobs = renderer.entry_blobs(list(entries.values()))
    for i, (entry, blob) in enumerate(zip(entries.values(), blobs)):
        entry["text"] = _placeholder(i)
        entry["size"] = len(blob)
    listed = list(entries.values())
    warnings = unknown_topics(papers, config)

    topics = topic_order(papers, config)
    sections: list[dict[str, Any]] = []
    if topics:
        members: dict[str, list[dict[str, Any]]] = {name: [] for name in [*topics, OTHER]}
        for key in order:
            for topic in papers[key].topics or (OTHER,):
                members[topic].append(entries[key])
        seen: dict[str, int] = {}
        slugs: set[str] = set()
        for name in [*topics, OTHER]:
            if members[name]:
                title = escape_inline(name)
                sections.append(
                    {
                        "name": name,
                        "title": title,
                        "description": config.description_of(name) or "",
                        "count": len(members[name]),
                        "anchor": github_anchor(title, seen),
                        "slug": file_slug(name, slugs),
                        "papers": members[name],
                        "parts": [],
                    }
                )
        for section in sections:
            section["link"] = "#" + section["anchor"]

    with_added = [entries[key] for key in order if papers[key].added]
    with_added.sort(key=lambda e: e["added"], reverse=True)  # stable: list order within a day
    recent = with_added[: config.recently_added]
    cited = [entries[key] for key in order if papers[key].citations]
    cited.sort(key=lambda e: -e["citation_count"])  # stable: list order among equal counts
    most_cited = cited[: config.most_cited]

    context = {
        "list": {"title": config.title, "description": config.description},
        "papers": listed,
        "entries": [e["text"] for e in listed],
        "count": len(listed),
        "sections": sections,
        "toc": bool(sections),
        "recent": recent,
        "most_cited": most_cited,
        "figure": figure,
        "links": links or [],
        "pages_dir": config.pages_dir,
    }
    layout = "topics" if sections else "flat"
    # The entries alone already weigh this much: past the budget, the whole README is never built.
    shown = sum(e["size"] + 2 for section in sections for e in section["papers"]) if sections else None
    if shown is None:
        shown = sum(e["size"] + 2 for e in listed)
    if shown <= config.page_budget:
        readme = _fill(renderer.render(README_TEMPLATE, layout=layout, **context), blobs)
        if len(readme) <= config.page_budget:
            return Layout(readme, {}, warnings, layout)

    # Past the budget: README.md keeps the introduction, the contents and recently added; the papers go to pages.
    if not sections:
        sections = [
            {
                "name": ALL_PAPERS,
                "title": ALL_PAPERS,
                "description": "",
                "count": len(listed),
                "anchor": "",
                "slug": "papers",
                "papers": listed,
                "parts": [],
            }
        ]
    pages: dict[str, str] = {}
    home = posixpath.relpath("README.md", config.pages_dir)
    for section in sections:
        parts = _paginate(section, config, renderer, context, home, warnings)
        for part in parts:
            part["link"] = f"{config.pages_dir}/{part['file']}"
        section["link"] = parts[0]["link"]
        section["parts"] = parts if len(parts) > 1 else []
        for i, part in enumerate(parts):
            page = {
                "title": part["title"],
                "label": part["label"],
                "section": section["title"],
                "description": section["description"],
                "papers": part["papers"],
                "count": len(part["papers"]),
                "home": home,
                "previous": _neighbour(parts, i - 1),
                "next": _neighbour(parts, i + 1),
            }
            pages[f"{config.pages_dir}/{part['file']}"] = _page(renderer, context, page, blobs)
    context["toc"] = True
    split = {**context, "sections": sections, "papers": [], "entries": []}
    readme = _fill(renderer.render(README_TEMPLATE, layout="split", **split), blobs)
    if len(readme) > config.page_budget:
        warnings.append(
            f"README.md is {len(readme) // 1024} KiB even with the papers on pages, over page_budget_kib "
            f"({config.page_budget_kib}): show fewer recently added papers or shorten the description"
        )
    return Layout(readme, pages, warnings, "split")


def _neighbour(parts: list[dict[str, Any]], i: int) -> dict[str, str] | None:
    if 0 <= i < len(parts):
        return {"label": parts[i]["label"], "link": parts[i]["file"]}
    return None


def _page(renderer: Renderer, context: dict[str, Any], page: dict[str, Any], blobs: list[bytes]) -> bytes:
    return _fill(MARKER + "\n" + renderer.render(PAGE_TEMPLATE, list=context["list"], page=page), blobs)


def _paginate(
    section: dict[str, Any],
    config: Config,
    renderer: Renderer,
    context: dict[str, Any],
    home: str,
    warnings: list[str],
) -> list[dict[str, Any]]:
    """One section's pages: all its papers on one page when they fit, else a page per year, and a
    year that does not fit alone in numbered parts. Each part has file, label, title and papers."""
    budget = config.page_budget
    papers = section["papers"]
    slug, title = section["slug"], section["title"]

    def cost(entries: list[dict[str, Any]]) -> int:
        return _PAGE_SLACK + sum(e["size"] + 2 for e in entries)

    if cost(papers) <= budget:
        return [{"file": f"{slug}.md", "label": title, "title": title, "papers": papers}]
    years: dict[int, list[dict[str, Any]]] = {}
    for entry in papers:
        years.setdefault(entry["year"], []).append(entry)
    parts = []
    for year, chunk in years.items():
        if cost(chunk) <= budget:
            parts.append(
                {"file": f"{slug}-{year}.md", "label": str(year), "title": f"{title}: {year}", "papers": chunk}
            )
            continue
        pieces: list[list[dict[str, Any]]] = [[]]
        used = _PAGE_SLACK
        for entry in chunk:
            if pieces[-1] and used + entry["size"] + 2 > budget:
                pieces.append([])
                used = _PAGE_SLACK
            pieces[-1].append(entry)
            used += entry["size"] + 2
        for n, piece in enumerate(pieces, 1):
            parts.append(
                {
                    "file": f"{slug}-{year}-{n}.md",
                    "label": f"{year} ({n})",
                    "title": f"{title}: {year} ({n} of {len(pieces)})",
                    "papers": piece,
                }
            )
    for part in parts:
        if len(part["papers"]) == 1 and cost(part["papers"]) > budget:
            key = part["papers"][0]["key"]
            warnings.append(
                f"papers/{key}.yaml alone is {part['papers'][0]['size'] // 1024} KiB rendered, "
                f"more than a page may be (page_budget_kib: {config.page_budget_kib}): shorten its abstract"
            )
    return parts
