(function () {
  "use strict";
  // Record text only ever reaches the page through textContent and attributes set one by one.
  var PAGE = 200;
  var byId = function (id) { return document.getElementById(id); };
  // The data comes in parts (see paperlist/outputs/site.py): the first is the document, each later
  // one an array of the papers that follow, in list order. Only the parts the first screen needs are
  // read before the page is shown; the rest are read in the background, a few milliseconds at a time.
  // Until then, a search or filter whose first screen is already decided by the papers read (newest
  // first, and a screenful of them match) shows it at once and says the count is "at least"; every
  // other view (fewer matches, another sort, a permalink, "Show more") reads the rest first.
  var parts = document.querySelectorAll("script._data");
  var data = JSON.parse(parts[0].textContent);
  var papers = data.papers;
  var total = Number(parts[0].getAttribute("data-papers"));
  var nextPart = 1;
  var q = byId("_q"), topicSel = byId("_topic"), yearSel = byId("_year"), sortSel = byId("_sort");
  var list = byId("_list"), count = byId("_count"), more = byId("_more"), empty = byId("_empty");
  var HTTP = /^https?:\/\/\S+$/i, NON_ASCII = /[^\x00-\x7f]/;
  // The combining diacritical marks (a narrow class: far faster than \p{M} over 10 MB of text).
  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  var numbers = new Intl.NumberFormat("en");

  // Case and accents ignored: lower case, decomposed, combining marks dropped.
  function fold(text) {
    text = text.toLowerCase();
    return NON_ASCII.test(text) ? text.normalize("NFKD").replace(MARKS, "") : text;
  }

  // Computed once per paper as it is read: its folded search text, year, and its index by key.
  var haystack = new Array(total), years = new Array(total), index = Object.create(null);
  var indexed = 0;
  function indexRead() {
    for (; indexed < papers.length; indexed++) {
      var p = papers[indexed];
      haystack[indexed] = fold(p.title + "\n" + p.authors.join("\n") + "\n" + (p.venue || "") + "\n" + (p.abstract || ""));
      years[indexed] = p.date.slice(0, 4);
      index[p.key] = indexed;
    }
  }
  function readPart() {
    papers.push.apply(papers, JSON.parse(parts[nextPart++].textContent));
    indexRead();
    markIfLoaded();
  }
  function markIfLoaded() {
    if (nextPart === parts.length) document.documentElement.setAttribute("data-loaded", "");
  }
  function readUntil(n) {
    while (papers.length < n && nextPart < parts.length) readPart();
  }
  function readAll() {
    readUntil(Infinity);
    settle();
  }
  // Slices of about 10 ms, each its own task, so that input is never held up for long; a message
  // to itself starts the next at once (a timer would wait at least 4 ms in between).
  var slices = new MessageChannel();
  slices.port1.onmessage = readInBackground;
  function readInBackground() {
    var start = performance.now();
    while (nextPart < parts.length && performance.now() - start < 10) readPart();
    if (nextPart < parts.length) slices.port2.postMessage(null);
    else settle();
  }

  var dateOrder = new Array(total);
  for (var i = 0; i < total; i++) dateOrder[i] = i;
  var citedOrder = null;
  function citationOrder() {
    // Most cited first; papers without a count after them, in list order.
    if (!citedOrder) {
      var count = function (i) { return papers[i].citations ? papers[i].citations.count : -1; };
      citedOrder = dateOrder.slice().sort(function (a, b) { return count(b) - count(a) || a - b; });
    }
    return citedOrder;
  }

  var nodes = new Array(total);
  // provisional: results are the matches among the papers read so far, and they fill the screen.
  var results = [], shown = 0, pinned = -1, provisional = false;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(url, text, className) {
    if (!url || !HTTP.test(url)) return el("span", className, text);
    var a = el("a", className, text);
    a.href = url;
    a.rel = "noopener noreferrer";
    return a;
  }

  // BibTeX: the entry given with the list, else a minimal @misc written from the record.
  function bibEscape(text) {
    return text.replace(/[\\{}]/g, "").replace(/([%&$#_])/g, "\\$1").replace(/\s+/g, " ");
  }
  function bibtex(p) {
    if (p.bibtex) return p.bibtex;
    var lines = ["@misc{" + p.key + ","];
    var add = function (name, value) { lines.push("  " + name + " = {" + value + "},"); };
    add("title", "{" + bibEscape(p.title) + "}");
    if (p.authors.length) add("author", p.authors.map(bibEscape).join(" and "));
    add("year", p.date.slice(0, 4));
    if (p.venue) add("howpublished", bibEscape(p.venue));
    if (p.arxiv) { add("eprint", p.arxiv); add("archivePrefix", "arXiv"); }
    if (p.doi) add("doi", bibEscape(p.doi));
    if (p.link) add("url", p.link.replace(/[{}\s]/g, encodeURIComponent));
    lines[lines.length - 1] = lines[lines.length - 1].replace(/,$/, "");
    lines.push("}");
    return lines.join("\n") + "\n";
  }

  function copyText(text, pre, button) {
    var done = function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 1500);
    };
    var fallback = function () {
      window.getSelection().selectAllChildren(pre);
      try { if (document.execCommand("copy")) done(); } catch (e) { /* the text stays selected */ }
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  }

  function bibBlock(p) {
    var details = el("details", "bib");
    details.appendChild(el("summary", null, "BibTeX"));
    details.addEventListener("toggle", function () {
      if (!details.open || details.childNodes.length > 1) return;
      var text = bibtex(p);
      var pre = el("pre", "bibtex", text);
      var actions = el("p", "bib-actions");
      var button = el("button", "copy", "Copy");
      button.type = "button";
      button.addEventListener("click", function () { copyText(text, pre, button); });
      var download = el("a", "download", "Download " + p.key + ".bib");
      download.href = "data:application/x-bibtex;charset=utf-8," + encodeURIComponent(text);
      download.download = p.key + ".bib";
      actions.append(button, " ", download);
      details.append(pre, actions);
    });
    return details;
  }

  function build(i) {
    var p = papers[i];
    var article = el("article", "paper");
    article.id = p.key;
    article.tabIndex = -1;
    article.appendChild(el("p", "linked", "Shown because the address links to it."));

    var heading = el("h2", "title");
    heading.appendChild(link(p.link, p.title));
    var anchor = el("a", "permalink", "#");
    anchor.href = "#" + encodeURIComponent(p.key);
    anchor.title = "Link to this paper";
    anchor.setAttribute("aria-label", "Link to this paper");
    heading.append(" ", anchor);
    article.appendChild(heading);

    if (p.authors.length) article.appendChild(el("p", "authors", p.authors.join(", ")));

    var meta = el("p", "meta");
    var date = el("time", "date", p.date);
    date.dateTime = p.date;
    meta.appendChild(date);
    if (p.venue) meta.appendChild(el("span", "venue", p.venue));
    if (p.citations) {
      var cites = el("span", "citations", numbers.format(p.citations.count) + " citations");
      cites.title = "as of " + p.citations.date;
      meta.appendChild(cites);
    }
    (p.topics || []).forEach(function (topic) { meta.appendChild(el("span", "topic", topic)); });
    article.appendChild(meta);

    if (p.tldr) {
      var tldr = el("p", "tldr");
      tldr.append(el("strong", null, "TL;DR "), p.tldr);
      article.appendChild(tldr);
    }
    if (p.note) article.appendChild(el("p", "note", p.note));

    var links = el("div", "links");
    if (p.pdf && HTTP.test(p.pdf)) links.appendChild(link(p.pdf, "PDF", "pdf"));
    if (p.code && HTTP.test(p.code)) links.appendChild(link(p.code, "Code", "code"));
    if (p.abstract) {
      var abstract = el("details", "abstract");
      abstract.appendChild(el("summary", null, "Abstract"));
      var body = el("div", "abstract-text");
      p.abstract.split(/\n\s*\n/).forEach(function (block) { body.appendChild(el("p", null, block)); });
      abstract.appendChild(body);
      links.appendChild(abstract);
    }
    links.appendChild(bibBlock(p));
    article.appendChild(links);
    return article;
  }

  function node(i) { return nodes[i] || (nodes[i] = build(i)); }

  // The matches, in the chosen order: among every paper, or (readSoFar) among those read so far.
  function filter(readSoFar) {
    if (!readSoFar) readAll();
    var words = fold(q.value).split(/\s+/).filter(Boolean);
    var topic = topicSel.value, year = yearSel.value;
    var order = sortSel.value === "citations" && !readSoFar ? citationOrder() : dateOrder;
    var end = readSoFar ? indexed : order.length;
    var found = [];
    for (var k = 0; k < end; k++) {
      var i = order[k];
      if (year && years[i] !== year) continue;
      if (topic && !(papers[i].topics && papers[i].topics.indexOf(topic) >= 0)) continue;
      var text = haystack[i], ok = true;
      for (var w = 0; w < words.length; w++) {
        if (text.indexOf(words[w]) < 0) { ok = false; break; }
      }
      if (ok) found.push(i);
    }
    return found;
  }

  // Once every paper is read: provisional results become the full ones. The screen stays as it is
  // (the papers read first come first), only the count and "Show more" change.
  function settle() {
    if (!provisional || nextPart < parts.length) return;
    provisional = false;
    results = filter(false);
    status();
  }

  function status() {
    var filtered = provisional || Boolean(q.value.trim() || topicSel.value || yearSel.value);
    var text = filtered
      ? (provisional ? "At least " : "") + numbers.format(results.length) + " of " + numbers.format(total) + " papers match"
      : numbers.format(total) + " papers";
    if (provisional || shown < results.length) text += "; showing the first " + numbers.format(shown);
    count.textContent = text;
    var rest = results.length - shown;
    more.hidden = rest <= 0 && !provisional;
    more.textContent = provisional
      ? "Show more"
      : "Show " + numbers.format(Math.min(PAGE, rest)) + " more (" + numbers.format(rest) + " not shown)";
    empty.hidden = results.length > 0;
  }

  function render() {
    shown = Math.min(PAGE, results.length);
    var fragment = document.createDocumentFragment();
    var pin = pinned >= 0 && results.slice(0, shown).indexOf(pinned) < 0;
    if (pin) fragment.appendChild(node(pinned));
    for (var k = 0; k < shown; k++) fragment.appendChild(node(results[k]));
    list.replaceChildren(fragment);
    list.classList.toggle("has-pin", pin);
    status();
  }

  function update() {
    if (pinned >= 0) { node(pinned).classList.remove("target"); pinned = -1; }
    provisional = false;
    if (nextPart < parts.length && sortSel.value === "date") {
      var found = filter(true);
      if (found.length >= PAGE) {
        results = found;
        provisional = true;
        render();
        return;
      }
    }
    results = filter(false);
    render();
  }

  function showMore() {
    readAll();
    var fragment = document.createDocumentFragment();
    var end = Math.min(shown + PAGE, results.length);
    for (var k = shown; k < end; k++) {
      if (results[k] !== pinned || !list.classList.contains("has-pin")) fragment.appendChild(node(results[k]));
    }
    list.appendChild(fragment);
    shown = end;
    status();
  }

  // #key: show that paper (even when the search or filters hide it) and scroll to it.
  function goToHash() {
    var key;
    try { key = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    readAll();
    var i = key ? index[key] : undefined;
    if (i === undefined) return;
    if (pinned >= 0) node(pinned).classList.remove("target");
    pinned = i;
    render();
    var target = node(i);
    target.classList.add("target");
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  }

  q.addEventListener("input", update);
  [topicSel, yearSel, sortSel].forEach(function (select) { select.addEventListener("change", update); });
  byId("_controls").addEventListener("submit", function (event) { event.preventDefault(); });
  more.addEventListener("click", showMore);
  window.addEventListener("hashchange", goToHash);
  list.addEventListener("click", function (event) {
    var a = event.target.closest && event.target.closest("a.permalink");
    if (a && a.getAttribute("href") === location.hash) goToHash();  // no hashchange for the same address
  });
  q.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && q.value) { q.value = ""; update(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.closest && target.closest("input, select, textarea, [contenteditable]")) return;
    event.preventDefault();
    q.focus();
    q.select();
  });

  // The form keeps its values over a reload: start from them. Unfiltered, the first screen is the
  // first papers in list order, and only the parts that hold them are read now.
  indexRead();
  markIfLoaded();
  if (q.value || topicSel.value || yearSel.value || sortSel.value !== "date") {
    results = filter(false);
  } else {
    readUntil(PAGE);
    results = dateOrder;
  }
  render();
  if (location.hash.length > 1) goToHash();
  window.__ready = true;
  slices.port2.postMessage(null);
})();
