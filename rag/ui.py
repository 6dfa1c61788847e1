"""What the web UI (app.py) shows: answers with linked [n] markers, each answer's sources, the export file.

Everything that came from the corpus, the question or the model is HTML-escaped before it reaches
the page, so markup in an abstract or an answer is displayed as text, never run.

Each answer keeps its own sources. Answer ``t`` (the ``t``-th reply in the chat) links its markers to
``#src-t-n``, and the sources panel holds one section per answer (``#sources-t``), the latest shown.
The page script in :data:`HEAD` switches the panel to the clicked answer's section, so [1] in an
earlier answer shows that answer's source 1, and every source links back to its answer.

When an answer's list stopped at k (``Answer.capped``), the chat offers "More results": each click
adds the next page of the search, after the papers already shown, as a reply of its own with its own
sources section (:func:`more_offer`, :func:`more_page`).
"""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path
from typing import Any

#: [1]  [1, 3]  [1;2]: the marker forms an answer can carry after renumbering.
_MARKER = re.compile(r"\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\](?!\()")
_SAFE_URL = re.compile(r"^https?://[^\s\"'<>`]+$")
#: Sections of earlier answers kept in the panel; older answers' markers then link to nothing.
MAX_ANSWERS_KEPT = 50

CSS = """
.src-scroll { max-height: 72vh; overflow-y: auto; padding-right: 4px; }
.src-answer:not(.active) { display: none; }
.src-for { font-size: 0.9em; padding: 4px 0 6px 0; position: sticky; top: 0; z-index: 1;
  background: var(--background-fill-primary); }
.src-nav { font-size: 0.9em; margin-left: 6px; white-space: nowrap; }
.src-nav a, .src-nav b { margin: 0 3px; }
.src-list { list-style: none; padding-left: 0; margin: 0; }
.src-item { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px; margin: 0 0 8px 0;
  scroll-margin-top: 4em; }
.src-item:target { outline: 2px solid var(--color-accent); }
.src-head { font-weight: 600; }
.src-n { text-decoration: none; margin-right: 4px; }
.src-passage { margin: 6px 0; padding-left: 8px; font-size: 0.92em;
  border-left: 3px solid var(--border-color-primary); }
.src-passage mark { background: #fff3a3; color: inherit; padding: 0 1px; }
.src-meta { font-size: 0.85em; color: var(--body-text-color-subdued); }
.src-abstract { font-size: 0.85em; }
.src-back { font-size: 0.85em; white-space: nowrap; }
.badge { display: inline-block; font-size: 0.75em; font-weight: 600; border-radius: 999px;
  padding: 1px 8px; margin-left: 6px; }
.badge.ok { background: #dcfce7; color: #166534; }
.badge.no { background: #fee2e2; color: #991b1b; }
.badge.warn { background: #fef3c7; color: #92400e; }
.src-empty { color: var(--body-text-color-subdued); }
.src-summary { font-size: 0.85em; color: var(--body-text-color-subdued); margin-bottom: 6px; }
#index-banner { border: 1px solid #f59e0b; background: #fffbeb; border-radius: 8px; padding: 4px 12px; }
#question-note { color: #991b1b; }
#chat table { border-collapse: collapse; font-size: 0.85em; display: block; overflow-x: auto; }
#chat th, #chat td { border: 1px solid var(--border-color-primary); padding: 4px 6px; vertical-align: top; }
#chat td:first-child { min-width: 7em; }
/* A phone: the panel is not a scroll area inside the page scroll, and [n] / "back to answer" move between them. */
@media (max-width: 768px) {
  .src-scroll { max-height: none; overflow: visible; }
  .src-for { position: static; }
  .src-item { scroll-margin-top: 8px; }
}
"""

# Markdown links in the chat would open a new tab, so the page handles three kinds of in-page link:
# #src-t-n (show answer t's sources, scroll to source n), #sources-t (show answer t's sources) and
# #answer-t (scroll back to the t-th reply in the chat).
HEAD = """
<script>
function ragShowAnswer(turn) {
  const section = document.getElementById("sources-" + turn);
  if (!section) return null;
  document.querySelectorAll(".src-answer.active").forEach(function (s) { s.classList.remove("active"); });
  section.classList.add("active");
  return section;
}
document.addEventListener("click", function (event) {
  const kinds = 'a[href^="#src-"], a[href^="#sources-"], a[href^="#answer-"]';
  const link = event.target.closest && event.target.closest(kinds);
  if (!link) return;
  const href = link.getAttribute("href");
  let target = null;
  let m;
  if ((m = href.match(/^#src-(\\d+)-\\d+$/))) {
    if (ragShowAnswer(m[1])) target = document.getElementById(href.slice(1));
  } else if ((m = href.match(/^#sources-(\\d+)$/))) {
    target = ragShowAnswer(m[1]);
  } else if ((m = href.match(/^#answer-(\\d+)$/))) {
    target = document.querySelectorAll('#chat [data-testid="bot"]')[Number(m[1]) - 1] || null;
  }
  event.preventDefault();
  event.stopPropagation();
  if (!target) return;
  target.scrollIntoView({ behavior: "smooth", block: "start" });
  target.classList.add("src-flash");
  setTimeout(function () { target.classList.remove("src-flash"); }, 1200);
}, true);
// A paper file dropped anywhere on the page goes to the upload box, as if dropped on it.
document.addEventListener("dragover", function (event) {
  if (document.querySelector("#upload input[type=file]") && event.dataTransfer
      && Array.from(event.dataTransfer.types || []).includes("Files")) event.preventDefault();
});
document.addEventListener("drop", function (event) {
  const input = document.querySelector("#upload input[type=file]");
  const files = event.dataTransfer && event.dataTransfer.files;
  if (!input || !files || !files.length || (event.target.closest && event.target.closest("#upload"))) return;
  event.preventDefault();
  const one = new DataTransfer();
  one.items.add(files[0]);
  input.files = one.files;
  input.dispatchEvent(new Event("change", { bubbles: true }));
});
</script>
<style>.src-flash { background: #eef2ff; }</style>
"""

EMPTY_SOURCES = '<p class="src-empty">Ask a question: the papers cited in the answer are listed here.</p>'


# ----------------------------------------------------------------------------- escaping and markers
def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def md_text(text: str) -> str:
    """Markdown whose HTML is shown as text: `<img onerror=...>` reaches the page as `&lt;img ...`."""
    return html.escape(text or "", quote=False)


def linkify(text: str, turn: int) -> str:
    """Turn [1] and [1, 3] markers of answer ``turn`` into links to that answer's sources."""

    def repl(m: re.Match[str]) -> str:
        nums = [n for n in re.split(r"\s*[,;]\s*", m.group(1)) if n]
        return "".join(f"[\\[{int(n)}\\]](#src-{turn}-{int(n)})" for n in nums)

    return _MARKER.sub(repl, text)


def display_answer(text: str, turn: int, notices: list[str] | None = None) -> str:
    shown = linkify(md_text(text), turn)
    for notice in notices or []:
        shown += f"\n\n> ⚠️ {md_text(notice)}"
    return shown


def display_error(message: str) -> str:
    return f"⚠️ **{md_text(message)}**"


# ----------------------------------------------------------------------------- one source
def _highlight(abstract: str, passage: str, context_words: int = 30) -> str:
    """The passage marked inside a little of its surrounding abstract, escaped."""
    abstract = abstract or ""
    passage = (passage or "").strip()
    if not passage:
        words = abstract.split()
        return esc(" ".join(words[:60]) + (" …" if len(words) > 60 else ""))
    at = abstract.find(passage)
    if at < 0:
        return f"<mark>{esc(passage)}</mark>"
    before = abstract[:at].split()
    after = abstract[at + len(passage) :].split()
    pre = ("… " if len(before) > context_words else "") + " ".join(before[-context_words:])
    post = " ".join(after[:context_words]) + (" …" if len(after) > context_words else "")
    return f"{esc(pre)} <mark>{esc(passage)}</mark> {esc(post)}".strip()


def _title_of(item: Any) -> str:
    title = getattr(item, "title", None)
    if title:
        return title
    words = (getattr(item, "abstract", "") or "").split()
    return "untitled abstract: " + " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def _link(url: str, label: str) -> str:
    if not _SAFE_URL.match(url):
        return ""
    return f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer nofollow">{esc(label)}</a>'


def _meta_html(meta: dict[str, Any]) -> str:
    parts: list[str] = []
    sources = [s for s in str(meta.get("sources", "")).split(",") if s]
    if sources:
        pages = []
        for s in sources[:3]:
            file, _, line = s.rpartition(":")
            pages.append(f"{esc(file)} line {esc(line)}" if file else esc(s))
        more = f" (+{len(sources) - 3} more)" if len(sources) > 3 else ""
        parts.append("source: " + ", ".join(pages) + more)
    names = [n for n in str(meta.get("author_names", "")).split("; ") if n]
    if names:
        parts.append(esc(", ".join(names[:3])) + (" et al." if len(names) > 3 else ""))
    elif meta.get("authors"):
        n = meta["authors"]
        parts.append(f"{esc(n)} author{'s' if str(n) != '1' else ''}")
    if meta.get("date"):
        parts.append(esc(meta["date"]))
    elif meta.get("year"):
        parts.append(esc(meta["year"]))
    if meta.get("venue"):
        parts.append(esc(meta["venue"]))
    links = [
        _link(f"https://doi.org/{meta['doi']}", "DOI") if meta.get("doi") else "",
        _link(f"https://arxiv.org/abs/{meta['arxiv_id']}", "arXiv") if meta.get("arxiv_id") else "",
        next((x for url in str(meta.get("github", "")).split() if (x := _link(url, "GitHub"))), ""),
    ]
    parts += [x for x in links if x]
    return " · ".join(parts)


def _verdict_badges(citation: Any) -> str:
    """Two badges, shown apart: does the cited text state the claim, and does the paper answer the question."""
    support = getattr(citation, "support", None)
    relevance = getattr(citation, "relevance", None)
    support_score = f" {support:.2f}" if isinstance(support, int | float) else ""
    relevance_score = f" {relevance:.2f}" if isinstance(relevance, int | float) else ""
    if getattr(citation, "supported", False):
        badges = f'<span class="badge ok" title="support score{support_score}">supported</span>'
    else:
        badges = f'<span class="badge no" title="support score{support_score}">not supported</span>'
    if getattr(citation, "relevant", False):
        badges += f'<span class="badge ok" title="relevance{relevance_score}">answers the question</span>'
    else:
        badges += f'<span class="badge warn" title="relevance{relevance_score}">does not answer it</span>'
    return badges


# ----------------------------------------------------------------------------- one answer's sources
def _summary(answer: Any) -> str:
    parts = []
    if getattr(answer, "generator", None):
        name = {"offline": "the offline drafter", "llm": "the LLM"}.get(answer.generator, answer.generator)
        parts.append(f"answered by {esc(name)}")
    timings = getattr(answer, "timings", None) or {}
    total = timings.get("total_ms") or timings.get("total")
    if isinstance(total, int | float):
        parts.append(f"{total / 1000:.1f} s")
    return f'<div class="src-summary">{" · ".join(parts)}</div>' if parts else ""


def render_sources(answer: Any, turn: int = 1) -> str:
    """Answer ``turn``'s sources: the cited papers, or the closest papers when it refused."""
    back = f'<a class="src-back" href="#answer-{turn}">↩ back to answer</a>'
    citations = list(getattr(answer, "citations", None) or [])
    if citations:
        items = []
        for c in citations:
            n = int(c.n)
            items.append(
                f'<li class="src-item" id="src-{turn}-{n}">'
                f'<div class="src-head"><a class="src-n" href="#src-{turn}-{n}">[{n}]</a>'
                f'<span class="src-title">{esc(_title_of(c))}</span>{_verdict_badges(c)}</div>'
                f'<div class="src-passage">{_highlight(c.abstract, c.passage)}</div>'
                f'<div class="src-meta">{_meta_html(getattr(c, "metadata", None) or {})}</div>'
                f'<details class="src-abstract"><summary>abstract</summary>{esc(c.abstract)}</details>'
                f"{back}</li>"
            )
    closest = list(getattr(answer, "closest", None) or [])
    closest_items = "".join(
        f'<li class="src-item"><div class="src-head">{esc(_title_of(h))}</div>'
        f'<div class="src-passage">{_highlight(h.abstract, h.passage)}</div>'
        f'<div class="src-meta">{_meta_html(getattr(h, "metadata", None) or {})}</div>{back}</li>'
        for h in closest
    )
    if citations:
        # A message of several questions may cite papers for some and have none for another.
        unanswered = (
            '<p class="src-empty">For the part no paper answers, the closest papers (they do not answer it):</p>'
            f'<ol class="src-list">{closest_items}</ol>'
            if closest and not getattr(answer, "refused", False)
            else ""
        )
        return f'{_summary(answer)}<ol class="src-list">{"".join(items)}</ol>{unanswered}'
    if closest:
        return (
            f'{_summary(answer)}<p class="src-empty">No paper in the corpus answers this question.'
            f' The closest papers (they do not answer it):</p><ol class="src-list">{closest_items}</ol>'
        )
    return f'{_summary(answer)}<p class="src-empty">No sources for this answer.</p>'


def answer_section(answer: Any, turn: int, question: str) -> dict[str, Any]:
    """What the panel keeps of one answer: its turn, its question and its rendered sources, and for
    "More results" whether its list was capped and which papers it cited."""
    return {
        "turn": turn,
        "question": question,
        # what "More results" pages: the capped part's search when the message asked several questions
        "paged": getattr(answer, "capped_question", "") or question,
        "html": render_sources(answer, turn),
        "capped": bool(getattr(answer, "capped", False)),
        "cited": [str(c.paper_id) for c in getattr(answer, "citations", None) or [] if getattr(c, "paper_id", None)],
    }


def render_panel(sections: list[dict[str, Any]]) -> str:
    """Every kept answer's sources, one section each; the latest is shown until a marker picks another.

    Each section's header names its answer and question, links back to it, and links to the other
    answers' sections; it stays at the top of the panel while the sources scroll under it.
    """
    if not sections:
        return EMPTY_SOURCES
    latest = sections[-1]["turn"]
    blocks = []
    for s in sections:
        turn = s["turn"]
        question = s["question"] if len(s["question"]) <= 160 else s["question"][:160] + "…"
        others = " ".join(
            f'<a href="#sources-{o["turn"]}" title="{esc(o["question"][:200])}">{o["turn"]}</a>'
            if o["turn"] != turn
            else f"<b>{turn}</b>"
            for o in sections
        )
        nav = f'<span class="src-nav">answers: {others}</span>' if len(sections) > 1 else ""
        blocks.append(
            f'<section class="src-answer{" active" if turn == latest else ""}" id="sources-{turn}">'
            f'<div class="src-for">Answer {turn}: <em>{esc(question)}</em> '
            f'<a class="src-back" href="#answer-{turn}">↩ back to answer</a> {nav}</div>{s["html"]}</section>'
        )
    return f'<div class="src-scroll">{"".join(blocks)}</div>'


def keep_section(sections: list[dict[str, Any]], section: dict[str, Any]) -> list[dict[str, Any]]:
    return [*sections, section][-MAX_ANSWERS_KEPT:]


# ----------------------------------------------------------------------------- more results
MORE_LABEL = "More results"


def more_offer(sections: list[dict[str, Any]], k: int, filters: dict[str, Any] | None) -> dict[str, Any] | None:
    """After an answer: what "More results" pages through when the answer's list was capped, else ``None``.

    Paging follows the search ranking from the top, skipping the papers the answer cited, so a paper
    the answer left out only because of k is on the first page of more.
    """
    if not sections or not sections[-1].get("capped"):
        return None
    last = sections[-1]
    question = last.get("paged") or last["question"]
    return {"question": question, "filters": filters, "k": max(1, int(k)), "offset": 0, "shown": last["cited"]}


def more_page(assistant: Any, state: dict[str, Any], turn: int) -> tuple[str, dict[str, Any], dict[str, Any] | None]:
    """The next page of search results as reply ``turn``: (chat markdown, its sources section, the state
    for the page after it, or ``None`` when the search has no more)."""
    k, shown = int(state["k"]), list(state["shown"])
    skip = set(shown)
    want = k + len(skip)  # enough to fill a page even if every shown paper falls inside it
    result = assistant.search_detailed(state["question"], k=want, filters=state["filters"], offset=state["offset"])
    fresh, used = [], 0
    for hit in result.hits:
        if len(fresh) == k:
            break
        used += 1
        if hit.paper_id not in skip:
            fresh.append(hit)
    offset = int(state["offset"]) + used
    more = len(result.hits) > used or len(result.hits) == want
    if result.total_matches:
        more = more and offset < result.total_matches
    question = state["question"]
    if not fresh:
        text = f"No more results for “{md_text(question)}”."
        return text, {"turn": turn, "question": f"{MORE_LABEL}: {question}", "html": render_hits([], turn)}, None
    first = len(shown) + 1
    lines = [
        f"{MORE_LABEL} for “{md_text(question)}”, papers {first}–{first + len(fresh) - 1} by search rank "
        "(not checked as answers; see each source):"
    ]
    for n, hit in enumerate(fresh, start=1):
        value = f" — {md_text(hit.value)}" if getattr(hit, "value", "") else ""
        lines.append(f"- **{md_text(_title_of(hit))}**{value}: {md_text(hit.passage)} [{n}]")
    text = linkify("\n".join(lines), turn)
    section = {"turn": turn, "question": f"{MORE_LABEL}: {question}", "html": render_hits(fresh, turn)}
    following = {**state, "offset": offset, "shown": shown + [h.paper_id for h in fresh]} if more else None
    return text, section, following


def render_hits(hits: list[Any], turn: int) -> str:
    """Search hits as reply ``turn``'s sources: numbered like its [n] markers, each linking back to it."""
    if not hits:
        return '<p class="src-empty">No more papers match this search.</p>'
    back = f'<a class="src-back" href="#answer-{turn}">↩ back to answer</a>'
    items = [
        f'<li class="src-item" id="src-{turn}-{n}">'
        f'<div class="src-head"><a class="src-n" href="#src-{turn}-{n}">[{n}]</a>'
        f'<span class="src-title">{esc(_title_of(h))}</span></div>'
        f'<div class="src-passage">{_highlight(h.abstract, h.passage)}</div>'
        f'<div class="src-meta">{_meta_html(getattr(h, "metadata", None) or {})}</div>'
        f'<details class="src-abstract"><summary>abstract</summary>{esc(h.abstract)}</details>'
        f"{back}</li>"
        for n, h in enumerate(hits, start=1)
    ]
    return f'<ol class="src-list">{"".join(items)}</ol>'


# ----------------------------------------------------------------------------- export
def write_export(answer: Any, question: str) -> str:
    """The answer as a markdown file; ``Answer.to_markdown`` already heads it with the question, once."""
    folder = Path(tempfile.mkdtemp(prefix="rag-answer-"))
    slug = re.sub(r"[^a-z0-9]+", "-", question.lower()).strip("-")[:48] or "answer"
    path = folder / f"{slug}.md"
    body = answer.to_markdown() if hasattr(answer, "to_markdown") else f"## {question.strip()}\n\n{answer.text}\n"
    path.write_text(body, encoding="utf-8")
    return str(path)
