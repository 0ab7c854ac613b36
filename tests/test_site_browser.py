"""The static site in a real browser: headless Chromium driven by Playwright, the page served over
http from 127.0.0.1 and opened from disk as file://. Skipped when Playwright or Chromium is missing."""

from __future__ import annotations

import functools
import http.server
import json
import urllib.parse
from dataclasses import replace
from pathlib import Path

import pytest

from paperlist.config import Config
from paperlist.outputs.site import site_files
from paperlist.paper import make_paper
from test_end_to_end import serve

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

try:
    from playwright import sync_api
except ImportError as exc:
    pytest.skip(f"Playwright for Python is not installed ({exc})", allow_module_level=True)
if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
expect = sync_api.expect

IMG_TITLE = "<img src=x onerror=window.__pwned=1>"
SCRIPT_TITLE = "</script><script>window.__pwned=1</script>"
FILLERS = 250  # more than the 200 the page shows at first
# Long enough that the embedded data comes in several parts, the last of them past the first screen.
FILLER_ABSTRACT = "Words that fill the page. " * 50
BETA_BIBTEX = "@inproceedings{beta,\n  title = {Process Reward Models},\n  year = {2023}\n}\n"


def papers():
    """A small list: three distinct papers, two hostile ones, and fillers dated 2015-2019."""
    listed = {
        "alpha": replace(
            make_paper(
                title="Tree Search for Reasoning",
                authors=["Zoë Ångström", "Wei Zhang"],
                date="2024-05-01",
                venue="ICML 2024",
                arxiv="2405.00001",
                abstract="We study Monte Carlo tree search at inference time.\n\nA second paragraph.",
                topics=["Search"],
            ),
            citations=(10, "2025-01-01"),
        ),
        "beta": replace(
            make_paper(title="Process Reward Models", authors=["Ada Lovelace"], date="2023-02", topics=["Verifiers"]),
            citations=(500, "2025-01-01"),
        ),
        "gamma": make_paper(
            title="Speculative Decoding Café", authors=["José Núñez"], date="2022", venue="NeurIPS", abstract="Fast."
        ),
        "hostile-img": make_paper(
            title=IMG_TITLE,
            authors=[IMG_TITLE],
            date="2021-01-01",
            abstract=SCRIPT_TITLE + " " + IMG_TITLE,
            topics=[IMG_TITLE],
            venue=SCRIPT_TITLE,
        ),
        "hostile-script": make_paper(title=SCRIPT_TITLE, authors=[SCRIPT_TITLE], date="2021-01-02", note=IMG_TITLE),
    }
    for i in range(FILLERS):
        listed[f"filler-{i:03d}"] = make_paper(
            title=f"Filler paper number {i}",
            authors=["F. Iller"],
            date=f"{2019 - i * 5 // FILLERS}-01-{1 + i % 28:02d}",
            abstract=FILLER_ABSTRACT,
        )
    return listed


def list_order(listed):
    from paperlist.store import ordered

    return [key for key, _ in ordered(listed)]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    listed = papers()
    config = Config(title="Test <List>", description="Papers & more.")
    directory = tmp_path_factory.mktemp("site")
    for name, blob in site_files(listed, list_order(listed), config, bibtex={"beta": BETA_BIBTEX}).items():
        (directory / name).write_bytes(blob)
    return directory


@pytest.fixture(scope="module")
def server(site):
    """The site's folder served over http on 127.0.0.1: yields the page's address."""
    yield from (url + "/index.html" for url in serve(functools.partial(QuietHandler, directory=str(site))))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(params=["http", "file"])
def address(request, site):
    if request.param == "http":
        return request.getfixturevalue("server")
    return (site / "index.html").as_uri()


@pytest.fixture
def visit(browser, address):
    """Open the page (with an optional ``#key``) in a fresh context; every request and error is kept
    and checked afterwards: nothing may leave the page's own origin, no error may be raised."""
    context = browser.new_context()
    requests: list[str] = []
    errors: list[str] = []
    context.on("request", lambda request: requests.append(request.url))

    def open_page(fragment: str = "", init_script: str | None = None):
        page = context.new_page()
        if init_script:
            page.add_init_script(init_script)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(address + fragment)
        page.wait_for_function("window.__ready === true")
        return page

    open_page.address = address
    open_page.requests = requests
    yield open_page
    context.close()
    assert not errors, errors
    assert_local(requests, address)


def assert_local(requests: list[str], address: str) -> None:
    origin = urllib.parse.urlsplit(address)
    for url in requests:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme in ("file", "data"):
            continue
        assert (parts.scheme, parts.netloc) == (origin.scheme, origin.netloc), f"request left the page: {url}"


def keys_shown(page) -> list[str]:
    return page.eval_on_selector_all("#_list > article", "nodes => nodes.map(n => n.id)")


def test_search_narrows_the_list_and_clearing_it_restores_the_list(visit):
    page = visit()
    total = len(papers())
    expect(page.locator("#_count")).to_have_text(f"{total} papers; showing the first 200")
    assert len(keys_shown(page)) == 200
    page.fill("#_q", "tree SEARCH")
    assert keys_shown(page) == ["alpha"]
    expect(page.locator("#_count")).to_have_text(f"1 of {total} papers match")
    page.fill("#_q", "angstrom")  # accents and case ignored, authors searched
    assert keys_shown(page) == ["alpha"]
    page.fill("#_q", "cafe neurips")  # every word, title and venue
    assert keys_shown(page) == ["gamma"]
    page.fill("#_q", "monte carlo")  # abstract
    assert keys_shown(page) == ["alpha"]
    page.fill("#_q", "tree decoding")
    assert keys_shown(page) == []
    expect(page.locator("#_empty")).to_be_visible()
    page.fill("#_q", "")
    assert len(keys_shown(page)) == 200
    expect(page.locator("#_empty")).to_be_hidden()
    page.click("#_more")
    assert len(keys_shown(page)) == total
    expect(page.locator("#_more")).to_be_hidden()


def at_ready(search: str = "") -> str:
    """An init script that notes, when the page becomes interactive, whether it had read all its data
    yet, and with ``search`` types it in that same task: before the page reads the rest of its data
    in the background."""
    return """
Object.defineProperty(window, "__ready", {
  configurable: true,
  get() { return this.__readyValue; },
  set(value) {
    this.__allReadAtReady = document.documentElement.hasAttribute("data-loaded");
    const q = document.getElementById("_q");
    if (SEARCH) { q.value = SEARCH; q.dispatchEvent(new Event("input", { bubbles: true })); }
    this.__countAtOnce = document.getElementById("_count").textContent;
    this.__shownAtOnce = document.querySelectorAll("#_list > article").length;
    this.__readyValue = value;
  },
});
""".replace("SEARCH", json.dumps(search))


def test_the_data_is_embedded_in_several_parts(site):
    assert (site / "index.html").read_bytes().count(b'class="_data"') >= 4


def test_the_first_screen_is_shown_before_every_paper_is_read_and_the_rest_follow(visit):
    page = visit(init_script=at_ready())
    assert page.evaluate("() => window.__allReadAtReady") is False
    assert len(keys_shown(page)) == 200
    page.wait_for_function("() => document.documentElement.hasAttribute('data-loaded')")
    page.fill("#_q", "number 249")
    assert keys_shown(page) == ["filler-249"]


def test_a_narrow_search_before_every_paper_is_read_reads_them_all_first(visit):
    page = visit(init_script=at_ready("number 249"))
    assert page.evaluate("() => window.__allReadAtReady") is False
    assert page.evaluate("() => window.__countAtOnce") == f"1 of {len(papers())} papers match"
    assert keys_shown(page) == ["filler-249"]  # in the last part


def test_a_broad_search_before_every_paper_is_read_shows_its_first_screen_at_once(visit):
    page = visit(init_script=at_ready("fill"))  # every filler matches: a screenful among those read
    assert page.evaluate("() => window.__allReadAtReady") is False
    counted = page.evaluate("() => window.__countAtOnce")
    assert counted.startswith("At least ") and counted.endswith(
        f" of {len(papers())} papers match; showing the first 200"
    )
    assert page.evaluate("() => window.__shownAtOnce") == 200
    fillers = [key for key in list_order(papers()) if key.startswith("filler-")]
    # The first screen was already the right one; once the rest is read only the count changes.
    expect(page.locator("#_count")).to_have_text(f"{FILLERS} of {len(papers())} papers match; showing the first 200")
    assert keys_shown(page) == fillers[:200]
    page.click("#_more")
    assert keys_shown(page) == fillers


def test_topic_and_year_filters(visit):
    page = visit()
    page.select_option("#_topic", "Verifiers")
    assert keys_shown(page) == ["beta"]
    page.select_option("#_topic", "")
    page.select_option("#_year", "2022")
    assert keys_shown(page) == ["gamma"]
    page.select_option("#_topic", "Search")
    assert keys_shown(page) == []
    page.select_option("#_year", "2024")
    assert keys_shown(page) == ["alpha"]
    page.select_option("#_topic", IMG_TITLE)
    page.select_option("#_year", "")
    assert keys_shown(page) == ["hostile-img"]


def test_sort_by_citations_puts_the_most_cited_first(visit):
    page = visit()
    assert keys_shown(page)[:3] == ["alpha", "beta", "gamma"]
    page.select_option("#_sort", "citations")
    shown = keys_shown(page)
    assert shown[:3] == ["beta", "alpha", "gamma"]  # then the rest in list order
    page.select_option("#_sort", "date")
    assert keys_shown(page)[:3] == ["alpha", "beta", "gamma"]


def test_a_permalink_shows_and_scrolls_to_its_paper_even_when_hidden(visit):
    page = visit("#filler-249")  # past the first 200
    target = page.locator("#filler-249")
    expect(target).to_be_visible()
    expect(target).to_be_in_viewport()
    expect(target).to_have_class("paper target")
    expect(target.locator(".linked")).to_be_visible()
    page.fill("#_q", "tree search")  # a new search lets the linked paper go
    assert keys_shown(page) == ["alpha"]
    page.evaluate("location.hash = '#beta'")
    expect(page.locator("#beta")).to_be_in_viewport()
    assert keys_shown(page) == ["beta", "alpha"]
    # A paper's own permalink is its record key.
    assert page.get_attribute("#alpha a.permalink", "href") == "#alpha"


def test_the_abstract_opens_and_closes_in_place(visit):
    page = visit()
    abstract = page.locator("#alpha details.abstract")
    text = abstract.locator(".abstract-text")
    expect(text).to_be_hidden()
    abstract.locator("summary").click()
    expect(text).to_be_visible()
    expect(text.locator("p")).to_have_text(
        ["We study Monte Carlo tree search at inference time.", "A second paragraph."]
    )
    abstract.locator("summary").click()
    expect(text).to_be_hidden()


def test_the_bibtex_link_gives_the_entry(visit):
    page = visit()
    page.click("#alpha details.bib summary")
    entry = page.text_content("#alpha pre.bibtex")
    assert entry.startswith("@misc{alpha,\n")
    assert "author = {Zoë Ångström and Wei Zhang}" in entry and "year = {2024}" in entry
    assert "eprint = {2405.00001}" in entry and entry.rstrip().endswith("}")
    download = page.locator("#alpha a.download")
    assert download.get_attribute("download") == "alpha.bib"
    href = download.get_attribute("href")
    assert href.startswith("data:") and urllib.parse.unquote(href.split(",", 1)[1]) == entry
    # An entry given with the list is shown as it is.
    page.click("#beta details.bib summary")
    assert page.text_content("#beta pre.bibtex") == BETA_BIBTEX
    assert urllib.parse.unquote(page.get_attribute("#beta a.download", "href").split(",", 1)[1]) == BETA_BIBTEX
    page.click("#beta button.copy")
    expect(page.locator("#beta button.copy")).to_have_text("Copied")


def test_keyboard_slash_focuses_search_and_tab_reaches_the_filters(visit):
    page = visit()
    active = "() => document.activeElement.id"
    page.keyboard.press("Tab")
    assert page.evaluate(active) == "_q"  # the search box is first in tab order
    page.locator("h1").click()
    assert page.evaluate(active) == ""
    page.keyboard.press("/")
    assert page.evaluate(active) == "_q"
    assert page.input_value("#_q") == ""  # the slash only focuses
    for expected in ("_topic", "_year", "_sort"):
        page.keyboard.press("Tab")
        assert page.evaluate(active) == expected
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    for name in ("_q", "_topic", "_year", "_sort"):  # each control has its label
        assert page.locator(f"label[for={name}]").count() == 1
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("process reward")
    assert keys_shown(page) == ["beta"]
    page.keyboard.press("Escape")
    assert page.input_value("#_q") == ""


def test_hostile_records_never_execute_and_show_as_text(visit):
    page = visit()
    page.fill("#_q", "window.__pwned")
    assert keys_shown(page) == ["hostile-script", "hostile-img"]
    for details in page.locator("#_list details").all():
        details.locator("summary").click()
    assert page.locator("#_list img, #_list script").count() == 0
    expect(page.locator("#hostile-img h2.title")).to_have_text(IMG_TITLE + " #")
    expect(page.locator("#hostile-script h2.title")).to_have_text(SCRIPT_TITLE + " #")
    expect(page.locator("#hostile-img .authors")).to_have_text(IMG_TITLE)
    expect(page.locator("#hostile-script .note")).to_have_text(IMG_TITLE)
    expect(page.locator("#hostile-img .abstract-text")).to_have_text(SCRIPT_TITLE + " " + IMG_TITLE)
    assert page.title() == "Test <List>"
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_no_request_leaves_the_page_origin(visit):
    page = visit("#gamma")
    page.fill("#_q", "reward")
    page.click("#beta details.bib summary")
    page.fill("#_q", "")
    page.click("#_more")
    assert visit.requests, "the page's own load is recorded"
    assert_local(visit.requests, visit.address)
    scheme = urllib.parse.urlsplit(visit.address).scheme
    assert all(urllib.parse.urlsplit(url).scheme in (scheme, "data") for url in visit.requests)


def test_the_page_fits_a_phone(visit):
    page = visit()
    page.set_viewport_size({"width": 360, "height": 740})
    page.click("#alpha details.abstract summary")
    page.click("#alpha details.bib summary")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_screenshots_in_light_and_dark(browser, server):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    page.goto(server)
    page.wait_for_function("window.__ready === true")
    page.click("#alpha details.abstract summary")
    page.click("#alpha details.bib summary")
    page.focus("#_q")
    for scheme, path in (("light", "/tmp/site-light.png"), ("dark", "/tmp/site-dark.png")):
        page.emulate_media(color_scheme=scheme)
        page.screenshot(path=path)
        assert Path(path).stat().st_size > 0
    context.close()


def test_a_search_that_matches_every_paper_still_says_it_is_a_search(visit):
    page = visit()
    page.fill("#_q", "e")  # in every title or author name
    total = len(papers())
    assert len(keys_shown(page)) == 200
    expect(page.locator("#_count")).to_have_text(f"{total} of {total} papers match; showing the first 200")
    page.fill("#_q", "")
    expect(page.locator("#_count")).to_have_text(f"{total} papers; showing the first 200")
