"""The static site as bytes: its files, its data, and that no record text becomes markup in it."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import replace

import pytest

from paperlist.config import Config
from paperlist.outputs.site import PAGE_FIELDS, PART_CHARS, SITE_FILES, embed_json, site_files
from paperlist.paper import Paper, make_paper

HOSTILE = "</script><script>alert(1)</script> <img src=x onerror=alert(1)> \"q\" 'a' & &amp; <!-- 🚀 推理 —"
DATA = re.compile(rb'<script type="application/json" class="_data"(?: data-papers="\d+")?>(.*?)</script>', re.S)


def full_paper(**changes) -> Paper:
    values = dict(
        title="Scaling LLM Test-Time Compute Optimally",
        authors=["Charlie Snell", "Jaehoon Lee"],
        date="2024-08-06",
        venue="ICLR 2025",
        arxiv="2408.03314",
        doi="10.48550/arXiv.2408.03314",
        code="https://github.com/example/code",
        abstract="First paragraph.\n\nSecond paragraph.",
        tldr="Compute-optimal scaling of inference.",
        topics=["Search", "Verifiers"],
        note="Oral.",
    )
    values.update(changes)
    paper = make_paper(**values)
    return replace(paper, citations=(120, "2025-06-01"))


def sample() -> tuple[dict[str, Paper], list[str]]:
    papers = {
        "2408.03314": full_paper(),
        "hostile": make_paper(
            title=HOSTILE,
            authors=[HOSTILE, "Zoë Ångström", "李华"],
            date="2023",
            venue=HOSTILE,
            abstract=HOSTILE,
            topics=[HOSTILE],
            note=HOSTILE,
            tldr=HOSTILE,
        ),
        "plain": make_paper(title="A Plain Paper", authors=["A. Author"], date="2022-05"),
    }
    return papers, ["2408.03314", "hostile", "plain"]


def build(config: Config | None = None, **kwargs) -> dict[str, bytes]:
    papers, order = sample()
    return site_files(
        papers, order, config or Config(title="My <b>List</b> & Co", description="Para one.\n\nPara <two>."), **kwargs
    )


def embedded_parts(html: bytes) -> list[bytes]:
    parts = DATA.findall(html)
    assert parts, "no embedded data"
    return parts


def embedded_document(html: bytes) -> dict:
    """The embedded data put back together: the first part's document, with every later part's papers."""
    first, *rest = (json.loads(part) for part in embedded_parts(html))
    for papers in rest:
        first["papers"].extend(papers)
    return first


def outside_data(html: bytes) -> str:
    return DATA.sub(b"", html).decode("utf-8")


def test_the_files_are_the_page_and_its_data():
    files = build()
    assert tuple(files) == SITE_FILES == ("index.html", "papers.json")
    assert all(isinstance(blob, bytes) and blob for blob in files.values())
    assert files["index.html"].startswith(b"<!doctype html>")
    json.loads(files["papers.json"])


def test_the_json_has_every_paper_in_list_order_with_the_fields_the_page_uses():
    document = json.loads(build()["papers.json"])
    assert [p["key"] for p in document["papers"]] == ["2408.03314", "hostile", "plain"]
    assert document["title"] == "My <b>List</b> & Co"
    full = document["papers"][0]
    assert tuple(full) == tuple(name for name in PAGE_FIELDS if name != "bibtex")
    assert full["link"] == "https://arxiv.org/abs/2408.03314"
    assert full["pdf"] == "https://arxiv.org/pdf/2408.03314"
    assert full["citations"] == {"count": 120, "date": "2025-06-01"}
    assert full["topics"] == ["Search", "Verifiers"]
    plain = document["papers"][2]
    assert plain == {"key": "plain", "title": "A Plain Paper", "authors": ["A. Author"], "date": "2022-05"}
    assert document["topics"] == [HOSTILE, "Search", "Verifiers"]  # none configured: alphabetical


def test_the_embedded_data_is_the_json_file_with_nothing_that_can_end_the_script():
    files = build()
    for part in embedded_parts(files["index.html"]):
        for unsafe in (b"<", b">", b"&", "\u2028".encode(), "\u2029".encode()):
            assert unsafe not in part
    document = embedded_document(files["index.html"])
    assert document == json.loads(files["papers.json"])
    hostile = document["papers"][1]
    assert hostile["title"] == HOSTILE and hostile["authors"][1:] == ["Zoë Ångström", "李华"]


def test_the_embedded_data_is_ascii_so_the_browser_parses_it_fast():
    parts = embedded_parts(build()["index.html"])
    assert all(part.isascii() for part in parts)
    assert b"Zo\\u00eb \\u00c5ngstr\\u00f6m" in b"".join(parts)


def test_a_large_list_is_embedded_in_parts_of_about_the_same_size_in_list_order():
    papers = {
        f"p{i:04d}": make_paper(title=f"Paper {i}", authors=["A. Author"], date="2024-01-01", abstract="x" * 2000)
        for i in range(200)
    }
    order = sorted(papers)
    html = site_files(papers, order, Config(title="Big"))["index.html"]
    parts = embedded_parts(html)
    assert len(parts) == pytest.approx(200 * 2100 / PART_CHARS, rel=0.2)
    assert all(len(part) < PART_CHARS + 2200 for part in parts)  # a part ends at the first paper past the size
    assert [p["key"] for p in embedded_document(html)["papers"]] == order
    assert html.count(b'data-papers="200"') == 1


def test_embed_json_escapes_every_character_that_matters_in_a_script_element():
    text = json.dumps({"a": "</script><!--<script>&\u2028\u2029"}, ensure_ascii=False)
    safe = embed_json(text)
    assert not re.search("[<>&\u2028\u2029]", safe)
    assert json.loads(safe) == json.loads(text)


def test_record_and_settings_text_never_becomes_markup_in_the_html():
    html = build()["index.html"]
    page = outside_data(html)
    # The page's own script and its data, and only those.
    assert html.count(b"<script") == html.count(b"</script>") == len(embedded_parts(html)) + 1
    assert html.count(b"<script>") == 1
    assert "<img" not in page and "<b>" not in page and "<two>" not in page
    assert "<title>My &lt;b&gt;List&lt;/b&gt; &amp; Co</title>" in page
    assert '<p class="description">Para &lt;two&gt;.</p>' in page
    # The hostile topic is an <option>, escaped in its value and its text.
    assert (
        '<option value="&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; &#34;q&#34;'
        in page
    )


def test_the_same_input_gives_the_same_bytes():
    papers, order = sample()
    again = dict(reversed(list(papers.items())))
    config = Config(title="T")
    assert site_files(papers, order, config) == site_files(again, list(order), config)


def test_nothing_is_loaded_from_another_host():
    html = build()["index.html"]
    page = outside_data(html).lower()
    assert not re.search(r"<script[^>]*\bsrc\s*=", page)
    assert not re.search(r"<link\b", page)
    assert "@import" not in page and "url(" not in page
    assert "http://" not in page and "https://" not in page and "//" + "cdn" not in page
    policy = re.search(r'http-equiv="content-security-policy" content="([^"]*)"', page)
    assert policy and "default-src 'none'" in policy.group(1)


def test_the_security_policy_allows_exactly_the_inline_script_and_style():
    page = outside_data(build()["index.html"])
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"

    assert f"script-src {digest(script)};" in page
    assert f"style-src {digest(style)};" in page


def test_only_http_urls_are_linked():
    paper = make_paper(title="T", authors=["A"], date="2024", code="https://example.org/c")
    sneaky = replace(paper, url="javascript:alert(1)", pdf="data:text/html,<b>x</b>", code="ftp://example.org/x")
    document = json.loads(site_files({"k": sneaky}, ["k"], Config())["papers.json"])
    assert not {"link", "pdf", "code"} & set(document["papers"][0])


def test_bibtex_entries_given_are_in_the_data_and_absent_ones_left_to_the_page():
    entry = "@article{snell2024,\n  title = {Scaling </script> LLM},\n}\n"
    files = build(bibtex={"2408.03314": entry})
    papers = json.loads(files["papers.json"])["papers"]
    assert papers[0]["bibtex"] == entry
    assert "bibtex" not in papers[1] and "bibtex" not in papers[2]
    assert b"</script> LLM" not in b"".join(embedded_parts(files["index.html"]))


def test_filters_list_the_topics_and_years_with_their_counts():
    page = outside_data(build()["index.html"])
    assert '<option value="Search">Search (1)</option>' in page
    years = re.findall(r'<option value="(\d{4})">\d{4} \((\d+)\)</option>', page)
    assert years == [("2024", "1"), ("2023", "1"), ("2022", "1")]
    assert "Most cited first (1 with counts)" in page


def test_an_empty_list_still_makes_a_page():
    files = site_files({}, [], Config())
    assert json.loads(files["papers.json"])["papers"] == []
    assert b"0 papers" in files["index.html"]
