"""The README as GitHub shows it: rendered by cmark-gfm, GitHub's own markdown engine.

Rendering is done with raw HTML allowed (stricter than GitHub, which also sanitises),
so any tag that record text managed to smuggle into the page would show up here.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO
from paperlist.render import Templates, render_readme
from test_roundtrip import papers

# GitHub's markdown engine is in the test extra; without it these tests cannot check anything.
cmarkgfm = pytest.importorskip("cmarkgfm")
Options = pytest.importorskip("cmarkgfm.cmark").Options

TEMPLATES = Templates.from_directory(REPO / "templates")
LIST_ONLY = TEMPLATES.replace("README.md.j2", "{% for e in entries %}{{ e }}\n\n{% endfor %}")
# Every tag an entry may produce; emphasis and strikethrough from * _ ~ in titles are harmless.
ALLOWED = {"p", "a", "ul", "li", "strong", "em", "del", "details", "summary", "br"}


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.opened: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.opened.append(tag)

    def handle_data(self, data):
        self.text += data


def github_html(markdown: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


@settings(max_examples=150, deadline=None)
@given(st.lists(papers(), min_size=1, max_size=3))
def test_record_text_never_becomes_markup_on_github(records):
    tags = Tags()
    tags.feed(github_html(render_readme(records, LIST_ONLY)))
    assert set(tags.opened) <= ALLOWED
    assert tags.opened.count("details") == len(records)
    assert tags.opened.count("summary") == len(records)
    assert tags.text.count("🔹") >= len(records)


def test_the_shipped_readme_shows_every_entry_with_its_abstract():
    tags = Tags()
    tags.feed(github_html((REPO / "README.md").read_text(encoding="utf-8")))
    assert tags.opened.count("details") == 16
    assert "Enabling LLMs to improve their outputs by using more test-time computation" in tags.text
