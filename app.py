"""Web UI: a chat that answers questions about the paper corpus, citing the paper behind every claim.

    python app.py [--host 127.0.0.1] [--port 7860] [--index-dir data/index]

The index is opened once at startup and shared by every browser tab (the
assistant is thread-safe); ``demo.queue`` caps concurrent answers at
``RAG_UI_CONCURRENCY``. The server binds 127.0.0.1 unless told otherwise,
never creates a share link, sends no analytics and makes the browser fetch
nothing from other hosts (system fonts only). Set ``RAG_UI_AUTH=user:password``
to require a login.

Everything the app shows that came from the corpus, the question or the model
is HTML-escaped before it reaches the page, so markup in an abstract or an
answer is displayed as text, never run.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import logging
import re
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rag.config import Settings, get_settings, offline_environment
from rag.corpus import files_of

offline_environment()  # before gradio (and chromadb, llama-index) are imported

import gradio as gr  # noqa: E402

log = logging.getLogger("rag.app")

TITLE = "Research paper assistant"
EXAMPLES = [
    "which papers distill CLIP?",
    "How can LLM agents use tools more reliably?",
    "Which papers study retrieval-augmented generation?",
    "Which papers study mixture-of-experts models?",
    "What methods reduce hallucination in vision-language models?",
    "Which papers propose benchmarks for code generation?",
]
ANY = "Any"
INGEST_HINT = "Run `rag ingest` (or `python ingest.py`) to build it, then ask again."
#: [1]  [1, 3]  [1;2]: the marker forms an answer can carry after renumbering.
_MARKER = re.compile(r"\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\](?!\()")
_SAFE_URL = re.compile(r"^https?://[^\s\"'<>`]+$")
_STREAM_INTERVAL = 0.05  # seconds between UI refreshes while an answer streams

THEME = gr.themes.Default(
    primary_hue="indigo",
    # Plain family names only: a GoogleFont (or the stock theme fonts) would make the browser fetch fonts.
    font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
    font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Liberation Mono", "monospace"],
)

CSS = """
.src-scroll { max-height: 72vh; overflow-y: auto; padding-right: 4px; }
.src-list { list-style: none; padding-left: 0; margin: 0; }
.src-item { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px; margin: 0 0 8px 0; }
.src-item:target { outline: 2px solid var(--color-accent); }
.src-head { font-weight: 600; }
.src-n { text-decoration: none; margin-right: 4px; }
.src-passage { margin: 6px 0; padding-left: 8px; font-size: 0.92em;
  border-left: 3px solid var(--border-color-primary); }
.src-passage mark { background: #fff3a3; color: inherit; padding: 0 1px; }
.src-meta { font-size: 0.85em; color: var(--body-text-color-subdued); }
.src-abstract { font-size: 0.85em; }
.badge { display: inline-block; font-size: 0.75em; font-weight: 600; border-radius: 999px;
  padding: 1px 8px; margin-left: 6px; }
.badge.ok { background: #dcfce7; color: #166534; }
.badge.no { background: #fee2e2; color: #991b1b; }
.src-empty { color: var(--body-text-color-subdued); }
.src-summary { font-size: 0.85em; color: var(--body-text-color-subdued); margin-bottom: 6px; }
#index-banner { border: 1px solid #f59e0b; background: #fffbeb; border-radius: 8px; padding: 4px 12px; }
"""

# Citation links in the chat point at #src-n entries of the sources panel. Markdown links open in a new tab
# in Gradio, so scroll to the entry in place instead.
HEAD = """
<script>
document.addEventListener("click", function (event) {
  const link = event.target.closest && event.target.closest('a[href^="#src-"]');
  if (!link) return;
  const target = document.getElementById(link.getAttribute("href").slice(1));
  if (!target) return;
  event.preventDefault();
  event.stopPropagation();
  target.scrollIntoView({ behavior: "smooth", block: "center" });
  target.classList.add("src-flash");
  setTimeout(function () { target.classList.remove("src-flash"); }, 1200);
}, true);
</script>
<style>.src-flash { background: #eef2ff; }</style>
"""


# ----------------------------------------------------------------------------- the shared assistant
class AssistantHolder:
    """Opens the index once and shares the assistant; retries when the index was empty or unreachable.

    A retry lets a user run ``rag ingest`` while the app is up and simply ask again.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.assistant: Any = None
        self.error: str | None = None
        self._lock = threading.Lock()
        self._status: tuple[float, str] | None = None

    def load(self) -> Any:
        from rag.assistant import Assistant
        from rag.index import EmptyIndexError, IndexError_

        with self._lock:
            if self.assistant is not None:
                return self.assistant
            try:
                self.assistant = Assistant(self.settings)
                self.error = None
            except EmptyIndexError as exc:
                self.error = f"The index is empty ({exc}). {INGEST_HINT}"
            except IndexError_ as exc:
                self.error = f"The index cannot be opened: {exc}. {INGEST_HINT}"
            return self.assistant

    def get(self) -> Any:
        return self.assistant if self.assistant is not None else self.load()

    def llm_status(self, max_age: float = 60.0) -> str:
        if self.assistant is None:
            return "unknown (no index loaded)"
        now = time.monotonic()
        if self._status is None or now - self._status[0] > max_age:
            try:
                text = str(self.assistant.llm_status())
            except Exception as exc:  # the status line must never break the page
                text = f"unknown ({type(exc).__name__}: {exc})"
            self._status = (now, text)
        return self._status[1]

    def corpus_choices(self) -> tuple[list[str], list[str]]:
        """(source files, years) found in the papers' metadata, for the filter dropdowns."""
        if self.assistant is None:
            return [], []
        files: set[str] = set()
        years: set[int] = set()
        for paper in self.assistant.retriever.papers.values():
            meta = paper.metadata
            files.update(files_of(str(meta.get("sources", ""))))
            if isinstance(meta.get("year"), int):
                years.add(meta["year"])
        return sorted(files), [str(y) for y in sorted(years, reverse=True)]


# ----------------------------------------------------------------------------- rendering (all escaped)
def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def md_text(text: str) -> str:
    """Markdown whose HTML is shown as text: `<img onerror=...>` reaches the page as `&lt;img ...`."""
    return html.escape(text or "", quote=False)


def linkify(text: str) -> str:
    """Turn [1] and [1, 3] markers into links to the sources panel entries."""

    def repl(m: re.Match[str]) -> str:
        nums = [n for n in re.split(r"\s*[,;]\s*", m.group(1)) if n]
        return "".join(f"[\\[{int(n)}\\]](#src-{int(n)})" for n in nums)

    return _MARKER.sub(repl, text)


def display_answer(text: str, notices: list[str] | None = None) -> str:
    shown = linkify(md_text(text))
    for notice in notices or []:
        shown += f"\n\n> ⚠️ {md_text(notice)}"
    return shown


def display_error(message: str) -> str:
    return f"⚠️ **{md_text(message)}**"


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


def _meta_html(meta: dict[str, Any]) -> str:
    parts: list[str] = []
    sources = [s for s in str(meta.get("sources", "")).split(",") if s]
    if sources:
        pages = []
        for s in sources[:3]:
            file, _, line = s.rpartition(":")
            pages.append(f"{esc(file)} line {esc(line)}" if file else esc(s))
        more = f" (+{len(sources) - 3} more)" if len(sources) > 3 else ""
        parts.append("source page: " + ", ".join(pages) + more)
    if meta.get("date"):
        parts.append(esc(meta["date"]))
    elif meta.get("year"):
        parts.append(esc(meta["year"]))
    if meta.get("authors"):
        n = meta["authors"]
        parts.append(f"{esc(n)} author{'s' if str(n) != '1' else ''}")
    if meta.get("venue"):
        parts.append(esc(meta["venue"]))
    for url in str(meta.get("github", "")).split():
        if _SAFE_URL.match(url):
            parts.append(f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer nofollow">GitHub</a>')
            break
    return " · ".join(parts)


def render_sources(answer: Any) -> str:
    """The sources panel for one answer: cited papers, or the closest papers when it refused."""
    citations = list(getattr(answer, "citations", None) or [])
    summary = []
    if getattr(answer, "generator", None):
        name = {"offline": "the offline drafter", "llm": "the LLM"}.get(answer.generator, answer.generator)
        summary.append(f"answered by {esc(name)}")
    timings = getattr(answer, "timings", None) or {}
    total = timings.get("total_ms") or timings.get("total")
    if isinstance(total, int | float):
        summary.append(f"{total / 1000:.1f} s")
    head = f'<div class="src-summary">{" · ".join(summary)}</div>' if summary else ""
    if citations:
        items = []
        for c in citations:
            supported = bool(getattr(c, "supported", False))
            support = getattr(c, "support", None)
            score = f" {support:.2f}" if isinstance(support, int | float) else ""
            badge = (
                f'<span class="badge ok" title="support score{score}">supported</span>'
                if supported
                else f'<span class="badge no" title="support score{score}">not supported</span>'
            )
            n = int(c.n)
            items.append(
                f'<li class="src-item" id="src-{n}">'
                f'<div class="src-head"><a class="src-n" href="#src-{n}">[{n}]</a>'
                f'<span class="src-title">{esc(_title_of(c))}</span>{badge}</div>'
                f'<div class="src-passage">{_highlight(c.abstract, c.passage)}</div>'
                f'<div class="src-meta">{_meta_html(getattr(c, "metadata", None) or {})}</div>'
                f'<details class="src-abstract"><summary>abstract</summary>{esc(c.abstract)}</details>'
                "</li>"
            )
        return f'<div class="src-scroll">{head}<ol class="src-list">{"".join(items)}</ol></div>'
    closest = list(getattr(answer, "closest", None) or [])
    if closest:
        items = [
            f'<li class="src-item"><div class="src-head">{esc(_title_of(h))}</div>'
            f'<div class="src-passage">{_highlight(h.abstract, h.passage)}</div>'
            f'<div class="src-meta">{_meta_html(getattr(h, "metadata", None) or {})}</div></li>'
            for h in closest
        ]
        return (
            f'<div class="src-scroll">{head}<p class="src-empty">No paper in the corpus supports an answer.'
            f' The closest papers:</p><ol class="src-list">{"".join(items)}</ol></div>'
        )
    return f'{head}<p class="src-empty">No sources for this answer.</p>'


EMPTY_SOURCES = '<p class="src-empty">Ask a question: the papers cited in the answer are listed here.</p>'


def write_export(answer: Any, question: str) -> str:
    folder = Path(tempfile.mkdtemp(prefix="rag-answer-"))
    slug = re.sub(r"[^a-z0-9]+", "-", question.lower()).strip("-")[:48] or "answer"
    path = folder / f"{slug}.md"
    body = answer.to_markdown() if hasattr(answer, "to_markdown") else str(answer.text)
    path.write_text(f"# {question.strip()}\n\n{body}\n", encoding="utf-8")
    return str(path)


# ----------------------------------------------------------------------------- asking
def _filters(source: str | None, year: str | int | None) -> dict[str, Any] | None:
    filters: dict[str, Any] = {}
    if source and source != ANY:
        filters["source"] = source
    if year not in (None, "", ANY):
        try:
            filters["year"] = int(year)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ValueError(f"the year filter must be a year such as 2024, not {year!r}") from None
    return filters or None


def _stream(
    assistant: Any,
    question: str,
    history: list[dict[str, str]],
    top_k: int | float | None,
    source: str | None,
    year: str | int | None,
    generator: str | None,
    model: str | None,
) -> Iterator[Any]:
    """``assistant.ask_stream`` with the UI's settings mapped onto its arguments."""
    kwargs: dict[str, Any] = {
        "history": history or None,
        "k": int(top_k) if top_k else None,
        "filters": _filters(source, year),
        "generator": generator if generator in ("offline", "llm") else None,
    }
    return assistant.ask_stream(question, model=(model or "").strip() or None, **kwargs)


def _clean_history(history: Any) -> list[dict[str, str]]:
    out = []
    for msg in history or []:
        if isinstance(msg, dict) and msg.get("role") in ("user", "assistant") and isinstance(msg.get("content"), str):
            out.append({"role": msg["role"], "content": msg["content"]})
    return out


def build_ui(holder: AssistantHolder) -> gr.Blocks:
    settings = holder.settings

    def respond(message, chat, history, top_k, source, year, generator, model):  # type: ignore[no-untyped-def]
        """Answer one question, streaming; the chat shows escaped text, `history` keeps the raw turns."""
        question = message or ""
        chat = list(chat or [])
        history = _clean_history(history)
        chat.append({"role": "user", "content": md_text(question) or "_(empty question)_"})
        chat.append({"role": "assistant", "content": "_Searching the papers…_"})
        no_file = gr.DownloadButton(value=None, interactive=False)
        yield chat, gr.skip(), history, gr.skip(), ""

        def fail(text: str):  # type: ignore[no-untyped-def]
            chat[-1] = {"role": "assistant", "content": display_error(text)}
            return chat, f'<p class="src-empty">{esc(text)}</p>', history, no_file, ""

        assistant = holder.get()
        if assistant is None:
            yield fail(holder.error or "The index is not available.")
            return
        from rag.index import IndexError_

        answer = None
        partial = ""
        last = 0.0
        try:
            for item in _stream(assistant, question, history, top_k, source, year, generator, model):
                if isinstance(item, str):
                    partial += item
                    now = time.monotonic()
                    if now - last >= _STREAM_INTERVAL:
                        last = now
                        chat[-1] = {"role": "assistant", "content": display_answer(partial) + " ▌"}
                        yield chat, gr.skip(), history, gr.skip(), gr.skip()
                else:
                    answer = item
        except ValueError as exc:
            yield fail(f"Cannot answer: {exc}.")
            return
        except IndexError_ as exc:
            yield fail(f"The index is not available: {exc}")
            return
        except Exception as exc:
            log.exception("answering %r failed", question)
            yield fail(f"Something went wrong while answering ({type(exc).__name__}: {exc}).")
            return
        if answer is None:
            yield fail("The assistant returned no answer.")
            return
        chat[-1] = {"role": "assistant", "content": display_answer(answer.text, list(answer.notices or []))}
        history = [*history, {"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]
        export = gr.DownloadButton(value=write_export(answer, question), interactive=True)
        yield chat, render_sources(answer), history, export, ""

    def ask(
        question: str,
        history: list[dict[str, str]] | None = None,
        top_k: int = settings.top_k,
        source: str = ANY,
        year: str = ANY,
        generator: str = "auto",
        model: str = "",
    ) -> str:
        """Answer a question about the corpus: the answer in markdown with inline [n] markers, then its references.

        `history` is earlier turns as [{"role": "user"|"assistant", "content": str}]; `source` a corpus file name and
        `year` a year to filter papers by ("Any" for none); `generator` "auto", "offline" or "llm".
        """
        assistant = holder.get()
        if assistant is None:
            raise gr.Error(holder.error or "The index is not available.")
        answer = None
        try:
            for item in _stream(assistant, question, _clean_history(history), top_k, source, year, generator, model):
                if not isinstance(item, str):
                    answer = item
        except ValueError as exc:
            raise gr.Error(f"Cannot answer: {exc}.") from exc
        if answer is None:
            raise gr.Error("The assistant returned no answer.")
        return answer.to_markdown()  # includes the notices

    def intro() -> str:
        # The index opens in the background, so the page may be built before the count is known.
        papers = len(holder.assistant.retriever.papers) if holder.assistant is not None else 0
        count = f"{papers:,} AI research papers" if papers else "AI research papers"
        return (
            f"## {TITLE}\nAsk about the {count} in the index. Every claim cites its paper"
            " ([n]); the papers and the sentences that support each claim are listed under **Sources**."
        )

    def on_load():  # type: ignore[no-untyped-def]
        holder.get()
        files, years = holder.corpus_choices()
        banner = gr.Markdown(value=f"⚠️ **{md_text(holder.error)}**", visible=True) if holder.error else gr.skip()
        return (
            gr.Dropdown(choices=[ANY, *files]),
            gr.Dropdown(choices=[ANY, *years]),
            banner,
            intro(),
        )

    def on_status():  # type: ignore[no-untyped-def]
        return f"**LLM endpoint:** {md_text(holder.llm_status())}"

    def on_recheck():  # type: ignore[no-untyped-def]
        return f"**LLM endpoint:** {md_text(holder.llm_status(max_age=0))}"

    def clear():  # type: ignore[no-untyped-def]
        return [], EMPTY_SOURCES, [], gr.DownloadButton(value=None, interactive=False), ""

    files, years = holder.corpus_choices()
    with gr.Blocks(title=TITLE) as demo:
        header = gr.Markdown(intro())
        banner = gr.Markdown(
            value=f"⚠️ **{md_text(holder.error)}**" if holder.error else "",
            visible=bool(holder.error),
            elem_id="index-banner",
        )
        history = gr.State([])
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label="Chat",
                    height=560,
                    sanitize_html=True,
                    allow_tags=False,
                    render_markdown=True,
                    latex_delimiters=[],
                    feedback_options=None,
                    buttons=[],  # copying would copy the escaped display markdown; use the export
                    placeholder="Ask a question about the papers, or pick an example below.",
                    elem_id="chat",
                )
                with gr.Row():
                    question = gr.Textbox(
                        show_label=False,
                        placeholder="Ask about the papers… (Enter to send)",
                        lines=1,
                        max_lines=6,
                        scale=5,
                        elem_id="question",
                        autofocus=True,
                    )
                    send = gr.Button("Ask", variant="primary", scale=1, min_width=80, elem_id="ask")
                gr.Examples(examples=[[q] for q in EXAMPLES], inputs=[question], label="Examples")
                with gr.Row():
                    clear_btn = gr.Button("Clear chat", variant="secondary", elem_id="clear")
                    export = gr.DownloadButton(
                        "Export answer as markdown", value=None, interactive=False, elem_id="export"
                    )
            with gr.Column(scale=2):
                with gr.Accordion("Settings", open=False, elem_id="settings"):
                    top_k = gr.Slider(1, 30, value=settings.top_k, step=1, label="Papers to retrieve (top-k)")
                    source = gr.Dropdown([ANY, *files], value=ANY, label="Corpus file", filterable=True)
                    year = gr.Dropdown([ANY, *years], value=ANY, label="Year")
                    generator = gr.Radio(
                        ["auto", "offline", "llm"],
                        value=settings.generator,
                        label="Answer generator",
                        info="offline: extractive drafter, no network. llm: the configured OpenAI-compatible endpoint.",
                    )
                    model = gr.Textbox(value=settings.llm_model, label="LLM model name")
                    status = gr.Markdown("**LLM endpoint:** checking…", elem_id="llm-status")
                    recheck = gr.Button("Check the endpoint again", size="sm")
                gr.Markdown("### Sources")
                sources = gr.HTML(EMPTY_SOURCES, elem_id="sources", padding=False)

        inputs = [question, chatbot, history, top_k, source, year, generator, model]
        outputs = [chatbot, sources, history, export, question]
        common = {"concurrency_id": "answer", "show_progress": "minimal"}
        question.submit(respond, inputs, outputs, api_name="chat", **common)
        send.click(respond, inputs, outputs, api_visibility="private", **common)
        clear_btn.click(clear, None, outputs, api_visibility="private")
        chatbot.clear(clear, None, outputs, api_visibility="private")
        gr.api(ask, api_name="ask", concurrency_id="answer")
        demo.load(on_load, None, [source, year, banner, header], api_visibility="private")
        demo.load(on_status, None, status, api_visibility="private")
        recheck.click(on_recheck, None, status, api_visibility="private")
    return demo


# ----------------------------------------------------------------------------- entry point
def parse_auth(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise SystemExit("RAG_UI_AUTH must look like user:password")
    return user, password


def main(argv: list[str] | None = None) -> int:
    started = time.monotonic()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", help="interface to bind (default 127.0.0.1, or RAG_UI_HOST)")
    parser.add_argument("--port", type=int, help="port (default 7860, or RAG_UI_PORT)")
    parser.add_argument("--index-dir", help="index directory (default data/index, or RAG_INDEX_DIR)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    settings = get_settings(index_dir=args.index_dir, ui_host=args.host, ui_port=args.port)
    auth = parse_auth(settings.ui_auth)
    holder = AssistantHolder(settings)

    def open_index() -> None:
        # Opening the index (chromadb, llama-index, the model, BM25) runs while the page starts being
        # served; the first question, or the page's load event, waits for it through the holder's lock.
        holder.load()
        if holder.error:
            print(f"warning: {holder.error}", file=sys.stderr, flush=True)
        else:
            papers = len(holder.assistant.retriever.papers)
            print(
                f"index: {papers:,} papers at {settings.describe_store()}, "
                f"loaded {time.monotonic() - started:.1f} s after start",
                flush=True,
            )

    threading.Thread(target=open_index, name="open-index", daemon=True).start()

    demo = build_ui(holder)
    demo.queue(default_concurrency_limit=settings.ui_concurrency)
    host = settings.ui_host
    if host not in ("127.0.0.1", "localhost", "::1") and not auth:
        print(f"warning: serving on {host} without a login; set RAG_UI_AUTH=user:password", file=sys.stderr)
    _, local_url, _ = demo.launch(
        server_name=host,
        server_port=settings.ui_port,
        share=False,
        auth=auth,
        auth_message="Research paper assistant: please log in." if auth else None,
        prevent_thread_lock=True,
        quiet=True,
        show_error=False,
        footer_links=["api"],
        run_history=False,
        enable_monitoring=False,
        ssr_mode=False,
        pwa=False,
        mcp_server=False,
        theme=THEME,
        css=CSS,
        head=HEAD,
    )
    print(f"Ready in {time.monotonic() - started:.1f} s: {local_url}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        demo.block_thread()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
