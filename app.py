"""Web UI: a chat that answers questions about the paper corpus, citing the paper behind every claim.

    python app.py [--host 127.0.0.1] [--port 7860] [--index-dir data/index]

The index is opened once at startup and shared by every browser tab (the
assistant is thread-safe); ``demo.queue`` caps concurrent answers at
``RAG_UI_CONCURRENCY``. The server binds 127.0.0.1 unless told otherwise,
never creates a share link, sends no analytics and makes the browser fetch
nothing from other hosts (system fonts only). Set ``RAG_UI_AUTH=user:password``
to require a login.

A paper file (.bib, .jsonl, .json, .csv, .txt) dropped on the page is ingested
as ``rag ingest`` would, under the source ``upload:NAME`` (rag/upload.py); upload
is off when the app is reachable from other machines without a login.

Rendering lives in rag/ui.py: everything from the corpus, the question or the
model is HTML-escaped there, and each answer keeps its own sources.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rag.config import Settings, get_settings, offline_environment
from rag.corpus import PAPER_KINDS, files_of
from rag.gradio_stubs import skip_stub_regeneration
from rag.ui import (
    CSS,
    EMPTY_SOURCES,
    HEAD,
    MORE_LABEL,
    answer_section,
    display_answer,
    display_error,
    keep_section,
    md_text,
    more_offer,
    more_page,
    render_panel,
    render_sources,
    write_export,
)
from rag.upload import UPLOAD_EXTENSIONS, ingest_upload, upload_off_reason

offline_environment()  # before gradio (and chromadb, llama-index) are imported
skip_stub_regeneration()  # gradio's import-time stub rewriting is over half its import (rag/gradio_stubs.py)

import gradio as gr  # noqa: E402

log = logging.getLogger("rag.app")

__all__ = ["build_ui", "display_answer", "main", "render_sources"]

TITLE = "Research paper assistant"
EXAMPLES = [
    "which papers distill CLIP?",
    "Compare CLIP-CID and DC-CLIP",
    "How can LLM agents improve themselves on the web?",
    "Which papers study retrieval-augmented generation?",
    "Which papers study mixture-of-experts models?",
    "What methods reduce hallucination in vision-language models?",
]
ANY = "Any"
#: How the kind filter's choices read in the settings.
PAPER_KIND_LABELS = {"survey": "Surveys, reviews and books"}
INGEST_HINT = "Run `rag ingest` (or `python ingest.py`) to build it, then ask again."
SEARCHING = "_Searching the papers…_"
_STREAM_INTERVAL = 0.05  # seconds between UI refreshes while an answer streams
_LOOPBACK = ("127.0.0.1", "localhost", "::1")

THEME = gr.themes.Default(
    primary_hue="indigo",
    # Plain family names only: a GoogleFont (or the stock theme fonts) would make the browser fetch fonts.
    font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
    font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Liberation Mono", "monospace"],
)


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
        self._reload_lock = threading.Lock()
        self._status: tuple[float, str] | None = None

    def load(self) -> Any:
        from rag.assistant import Assistant
        from rag.index import EmptyIndexError, IndexError_

        with self._lock:
            if self.assistant is not None:
                return self.assistant
            try:
                self.assistant = Assistant(self.settings)
                _ = self.assistant.engine  # the answer layer loads lazily; load it here, not on the first question
                self.error = None
            except EmptyIndexError as exc:
                self.error = f"The index is empty ({exc}). {INGEST_HINT}"
            except IndexError_ as exc:
                self.error = f"The index cannot be opened: {exc}. {INGEST_HINT}"
            except Exception as exc:  # the page must still say what is wrong; the log has the traceback
                log.exception("opening the index failed")
                self.error = f"The index cannot be opened ({type(exc).__name__}: {exc}). {INGEST_HINT}"
            return self.assistant

    def get(self) -> Any:
        return self.assistant if self.assistant is not None else self.load()

    def reload(self) -> None:
        """Re-read the paper table after an upload: every session sees the new papers from now on."""
        if self.assistant is None:
            self.load()  # an upload into an empty index makes it usable
            return
        with self._reload_lock:
            self.assistant.reload()

    def refresh(self) -> None:
        """Pick up papers another process (``rag ingest``, a second app) added since the last question.

        A count is one cheap query; a reload rebuilds BM25, so it runs only when the count moved, and
        one at a time: a question arriving meanwhile answers from the table it has.
        """
        assistant = self.assistant
        if assistant is None or not self._reload_lock.acquire(blocking=False):
            return
        try:
            if assistant.index.count() != assistant.paper_count:
                assistant.reload()
        except Exception as exc:  # a stale table is better than a failed question
            log.warning("could not refresh the paper table: %s", exc)
        finally:
            self._reload_lock.release()

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
        for paper in self.assistant.papers():
            meta = paper.metadata
            files.update(files_of(str(meta.get("sources", ""))))
            if isinstance(meta.get("year"), int):
                years.add(meta["year"])
        return sorted(files), [str(y) for y in sorted(years, reverse=True)]

    def intro(self) -> str:
        # The index opens in the background, so the page may be built before the count is known.
        papers = self.assistant.paper_count if self.assistant is not None else 0
        count = f"{papers:,} AI research papers" if papers else "AI research papers"
        return (
            f"## {TITLE}\nAsk about the {count} in the index. Every claim cites its paper"
            " ([n]); the papers and the sentences that support each claim are listed under **Sources**."
        )


# ----------------------------------------------------------------------------- asking
def _filters(source: str | None, year: str | int | None, kind: str | None = None) -> dict[str, Any] | None:
    filters: dict[str, Any] = {}
    if source and source != ANY:
        filters["source"] = source
    if kind and kind != ANY:
        filters["kind"] = kind  # (QueryFilters validates it, as it does the API's)
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
    kind: str | None,
    generator: str | None,
    model: str | None,
) -> Iterator[Any]:
    """``assistant.ask_stream`` with the UI's settings mapped onto its arguments."""
    kwargs: dict[str, Any] = {
        "history": history or None,
        "k": int(top_k) if top_k else None,
        "filters": _filters(source, year, kind),
        "generator": generator if generator in ("offline", "llm") else None,
    }
    return assistant.ask_stream(question, model=(model or "").strip() or None, **kwargs)


def _clean_history(history: Any) -> list[dict[str, str]]:
    out = []
    for msg in history or []:
        if isinstance(msg, dict) and msg.get("role") in ("user", "assistant") and isinstance(msg.get("content"), str):
            out.append({"role": msg["role"], "content": msg["content"]})
    return out


def _role(message: Any) -> str | None:
    return message.get("role") if isinstance(message, dict) else getattr(message, "role", None)


def _too_long(question: str, limit: int) -> str | None:
    length = len(question.strip())
    if length <= limit:
        return None
    return f"⚠️ The question is {length:,} characters long; the limit is {limit:,}. Shorten it and ask again."


#: Outputs of an answer event: (chat, sources panel, history, export, question box, note, kept sections).
_SKIP_ALL = (gr.skip(),) * 7


def make_respond(holder: AssistantHolder):  # type: ignore[no-untyped-def]
    def respond(message, chat, history, sections, top_k, source, year, kind, generator, model):  # type: ignore[no-untyped-def]
        """Answer one question, streaming; the chat shows escaped text, `history` keeps the raw turns."""
        question = message or ""
        if not question.strip():
            yield _SKIP_ALL  # nothing to ask: no chat entry, and the sources and export stay as they were
            return
        if too_long := _too_long(question, holder.settings.max_question_chars):
            # The question stays in the box, so the user can shorten it; the chat is not touched.
            yield (*_SKIP_ALL[:5], gr.Markdown(too_long, visible=True), gr.skip())
            return
        chat, history, sections = list(chat or []), _clean_history(history), list(sections or [])
        turn = sum(1 for m in chat if _role(m) == "assistant") + 1  # this reply's number: its #src-turn-n anchors
        chat += [{"role": "user", "content": md_text(question)}, {"role": "assistant", "content": SEARCHING}]
        yield chat, gr.skip(), history, gr.skip(), "", gr.Markdown(visible=False), gr.skip()
        answer = None
        for item in _answer_parts(holder, question, history, top_k, source, year, kind, generator, model):
            if isinstance(item, str):
                chat[-1] = {"role": "assistant", "content": item}
                yield chat, *_SKIP_ALL[1:]
            else:
                answer = item
        if answer is None:
            return  # the error is in the chat; the previous answer's sources and export stay
        chat[-1] = {"role": "assistant", "content": display_answer(answer.text, turn, list(answer.notices or []))}
        history = [*history, {"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]
        sections = keep_section(sections, answer_section(answer, turn, question))
        export = gr.DownloadButton(value=write_export(answer, question), interactive=True)
        yield chat, render_panel(sections), history, export, gr.skip(), gr.skip(), sections

    return respond


def _answer_parts(
    holder: AssistantHolder, question: str, history: list[dict[str, str]], *options: Any
) -> Iterator[Any]:
    """The bot message as it streams (display markdown), then the final Answer; an error ends as its message."""
    from rag.index import IndexError_

    assistant = holder.get()
    if assistant is None:
        yield display_error(holder.error or "The index is not available.")
        return
    holder.refresh()
    partial, last = "", 0.0
    try:
        for item in _stream(assistant, question, history, *options):
            if not isinstance(item, str):
                yield item
                continue
            partial += item
            if time.monotonic() - last >= _STREAM_INTERVAL:
                last = time.monotonic()
                yield display_answer(partial, 0) + " ▌"  # turn 0: links to nothing until the answer is final
    except ValueError as exc:
        yield display_error(f"Cannot answer: {exc}.")
    except IndexError_ as exc:
        yield display_error(f"The index is not available: {exc}")
    except Exception as exc:
        log.exception("answering %r failed", question)
        yield display_error(f"Something went wrong while answering ({type(exc).__name__}: {exc}).")


def make_ask(holder: AssistantHolder):  # type: ignore[no-untyped-def]
    settings = holder.settings

    def ask(
        question: str,
        history: list[dict[str, str]] | None = None,
        top_k: int = settings.top_k,
        source: str = ANY,
        year: str = ANY,
        generator: str = "auto",
        model: str = "",
        kind: str = ANY,
    ) -> str:
        """Answer a question about the corpus: the answer in markdown with inline [n] markers, then its references.

        `history` is earlier turns as [{"role": "user"|"assistant", "content": str}]; `source` a corpus file name and
        `year` a year to filter papers by ("Any" for none); `generator` "auto", "offline" or "llm"; `kind` a kind of
        paper ("survey": surveys, reviews and books, as each paper's own words say; "Any" for none).
        """
        assistant = holder.get()
        if assistant is None:
            raise gr.Error(holder.error or "The index is not available.")
        holder.refresh()
        answer = None
        try:
            asked = _stream(assistant, question, _clean_history(history), top_k, source, year, kind, generator, model)
            for item in asked:
                if not isinstance(item, str):
                    answer = item
        except ValueError as exc:
            raise gr.Error(f"Cannot answer: {exc}.") from exc
        if answer is None:
            raise gr.Error("The assistant returned no answer.")
        return answer.to_markdown()  # includes the notices

    return ask


# ----------------------------------------------------------------------------- more results
def make_more(holder: AssistantHolder):  # type: ignore[no-untyped-def]
    def offer(sections, top_k, source, year, kind):  # type: ignore[no-untyped-def]
        """After an answer: show "More results" when its list was capped (rag/ui.py pages the search)."""
        try:
            k = int(top_k) if top_k else holder.settings.top_k
            state = more_offer(list(sections or []), k, _filters(source, year, kind))
        except ValueError:  # a bad year filter: the answer already said so
            state = None
        return gr.Button(visible=state is not None), state

    def on_more(chat, sections, state):  # type: ignore[no-untyped-def]
        """The next page of search results, as a reply of its own with its own sources."""
        assistant = holder.get()
        if assistant is None or not state:
            return gr.skip(), gr.skip(), gr.skip(), gr.Button(visible=False), None
        chat, sections = list(chat or []), list(sections or [])
        turn = sum(1 for m in chat if _role(m) == "assistant") + 1
        try:
            text, section, following = more_page(assistant, state, turn)
        except ValueError as exc:
            chat.append({"role": "assistant", "content": display_error(f"Cannot search: {exc}.")})
            return chat, gr.skip(), gr.skip(), gr.Button(visible=False), None
        chat.append({"role": "assistant", "content": text})
        sections = keep_section(sections, section)
        return chat, render_panel(sections), sections, gr.Button(visible=following is not None), following

    return offer, on_more


# ----------------------------------------------------------------------------- upload
def make_upload(holder: AssistantHolder):  # type: ignore[no-untyped-def]
    def on_upload(file, progress=gr.Progress(track_tqdm=True)):  # type: ignore[no-untyped-def]  # noqa: B008
        """Ingest the dropped file; the progress bar follows the ingest's own embedding bar (tqdm)."""
        if not file:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        path = Path(file)
        progress(0, desc="reading the file")
        try:
            result = ingest_upload(holder.settings, path, path.name)
        except Exception as exc:  # never a traceback on the page; the log has it
            log.exception("upload of %s failed", path.name)
            message = f"**Not added.** The file could not be read ({type(exc).__name__}: {md_text(str(exc))[:300]})."
            return message, gr.skip(), gr.skip(), gr.skip(), None
        if result.ok:
            progress(0.95, desc="loading the new papers")
            holder.reload()
        files, years = holder.corpus_choices()
        status = ("**Added.** " if result.ok else "**Not added.** ") + result.message
        return status, holder.intro(), gr.Dropdown(choices=[ANY, *files]), gr.Dropdown(choices=[ANY, *years]), None

    return on_upload


# ----------------------------------------------------------------------------- the page
def _chat_column() -> dict[str, Any]:
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
    note = gr.Markdown(visible=False, elem_id="question-note")
    gr.Examples(examples=[[q] for q in EXAMPLES], inputs=[question], label="Examples")
    with gr.Row():
        clear = gr.Button("Clear chat", variant="secondary", elem_id="clear")
        more = gr.Button(MORE_LABEL, variant="secondary", visible=False, elem_id="more")
        export = gr.DownloadButton("Export answer as markdown", value=None, interactive=False, elem_id="export")
    parts = {"chatbot": chatbot, "question": question, "send": send, "note": note, "clear": clear, "export": export}
    return {**parts, "more": more}


def _upload_box(settings: Settings) -> dict[str, Any]:
    off = upload_off_reason(settings)
    with gr.Accordion("Add your papers", open=off is None, elem_id="add-papers"):
        if off:
            gr.Markdown(md_text(off), elem_id="upload-off")
            return {}
        upload = gr.File(
            label=f"Drop a {' '.join(UPLOAD_EXTENSIONS)} file here or anywhere on the page"
            f" (up to {settings.ui_upload_max_mb} MB)",
            file_types=list(UPLOAD_EXTENSIONS),
            file_count="single",
            type="filepath",
            height=110,
            elem_id="upload",
        )
        status = gr.Markdown("", elem_id="upload-status")
    return {"upload": upload, "upload_status": status}


def _side_column(settings: Settings, files: list[str], years: list[str]) -> dict[str, Any]:
    with gr.Accordion("Settings", open=False, elem_id="settings"):
        top_k = gr.Slider(1, 30, value=settings.top_k, step=1, label="Papers to retrieve (top-k)")
        source = gr.Dropdown([ANY, *files], value=ANY, label="Corpus file", filterable=True)
        year = gr.Dropdown([ANY, *years], value=ANY, label="Year")
        kind = gr.Dropdown(
            [ANY, *((PAPER_KIND_LABELS[k], k) for k in PAPER_KINDS)], value=ANY, label="Kind of paper", elem_id="kind"
        )
        generator = gr.Radio(
            ["auto", "offline", "llm"],
            value=settings.generator,
            label="Answer generator",
            info="offline: extractive drafter, no network. llm: the configured OpenAI-compatible endpoint.",
        )
        model = gr.Textbox(value=settings.llm_model, label="LLM model name")
        status = gr.Markdown("**LLM endpoint:** checking…", elem_id="llm-status")
        recheck = gr.Button("Check the endpoint again", size="sm")
    # The refusal says "the closest papers are shown with the sources": this heading is what it points at,
    # beside the chat on a wide screen and under it on a phone.
    gr.Markdown("### Sources", elem_id="sources-title")
    sources = gr.HTML(EMPTY_SOURCES, elem_id="sources", padding=False)
    parts = {"top_k": top_k, "source": source, "year": year, "kind": kind, "generator": generator, "model": model}
    return {**parts, "status": status, "recheck": recheck, "sources": sources}


def build_ui(holder: AssistantHolder) -> gr.Blocks:
    settings = holder.settings

    def on_load():  # type: ignore[no-untyped-def]
        holder.get()
        files, years = holder.corpus_choices()
        banner = gr.Markdown(value=f"⚠️ **{md_text(holder.error)}**", visible=True) if holder.error else gr.skip()
        return gr.Dropdown(choices=[ANY, *files]), gr.Dropdown(choices=[ANY, *years]), banner, holder.intro()

    def on_status(max_age: float = 60.0):  # type: ignore[no-untyped-def]
        return f"**LLM endpoint:** {md_text(holder.llm_status(max_age))}"

    def clear():  # type: ignore[no-untyped-def]
        no_file = gr.DownloadButton(value=None, interactive=False)
        return [], EMPTY_SOURCES, [], no_file, "", gr.Markdown(visible=False), []

    files, years = holder.corpus_choices()
    with gr.Blocks(title=TITLE) as demo:
        header = gr.Markdown(holder.intro())
        banner = gr.Markdown(
            value=f"⚠️ **{md_text(holder.error)}**" if holder.error else "",
            visible=bool(holder.error),
            elem_id="index-banner",
        )
        history, sections, paging = gr.State([]), gr.State([]), gr.State(None)
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                ui = _chat_column()
                ui |= _upload_box(settings)
            with gr.Column(scale=2):
                ui |= _side_column(settings, files, years)

        options = [ui[k] for k in ("top_k", "source", "year", "kind", "generator", "model")]
        inputs = [ui["question"], ui["chatbot"], history, sections, *options]
        outputs = [ui["chatbot"], ui["sources"], history, ui["export"], ui["question"], ui["note"], sections]
        common = {"concurrency_id": "answer", "show_progress": "minimal"}
        respond = make_respond(holder)
        offer, on_more = make_more(holder)
        more_inputs, more_outputs = [sections, *options[:4]], [ui["more"], paging]
        for answered in (
            ui["question"].submit(respond, inputs, outputs, api_name="chat", **common),
            ui["send"].click(respond, inputs, outputs, api_visibility="private", **common),
            ui["clear"].click(clear, None, outputs, api_visibility="private"),
            ui["chatbot"].clear(clear, None, outputs, api_visibility="private"),
        ):
            answered.then(offer, more_inputs, more_outputs, api_visibility="private")
        ui["more"].click(
            on_more,
            [ui["chatbot"], sections, paging],
            [ui["chatbot"], ui["sources"], sections, ui["more"], paging],
            api_visibility="private",
            **common,
        )
        gr.api(make_ask(holder), api_name="ask", concurrency_id="answer")
        if "upload" in ui:
            ui["upload"].upload(
                make_upload(holder),
                ui["upload"],
                [ui["upload_status"], header, ui["source"], ui["year"], ui["upload"]],
                api_visibility="private",
                concurrency_id="upload",
                concurrency_limit=1,  # one writer at a time; the ingest lock would refuse a second anyway
                show_progress="full",
            )
        demo.load(on_load, None, [ui["source"], ui["year"], banner, header], api_visibility="private")
        demo.load(on_status, None, ui["status"], api_visibility="private")
        ui["recheck"].click(lambda: on_status(0), None, ui["status"], api_visibility="private")
    return demo


# ----------------------------------------------------------------------------- entry point
def parse_auth(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise SystemExit("RAG_UI_AUTH must look like user:password")
    return user, password


def port_in_use(host: str, port: int) -> str | None:
    """The one-line error when ``host:port`` cannot be bound, else ``None`` (checked before anything starts)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        return f"error: cannot bind to {host}: {exc.strerror or exc}; set --host or RAG_UI_HOST"
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # Like the server: SO_REUSEADDR, so a port left in TIME_WAIT by a stopped app counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            return (
                f"error: port {port} on {host} is not available ({exc.strerror or exc}); "
                "start the app on another one with --port N or RAG_UI_PORT=N"
            )
    return None


def _parse_args(argv: list[str] | None) -> tuple[Settings, tuple[str, str] | None]:
    from pydantic import ValidationError

    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--host", help="interface to bind (default 127.0.0.1, or RAG_UI_HOST)")
    parser.add_argument("--port", type=int, help="port (default 7860, or RAG_UI_PORT)")
    parser.add_argument("--index-dir", help="index directory (default data/index, or RAG_INDEX_DIR)")
    args = parser.parse_args(argv)
    try:
        settings = get_settings(index_dir=args.index_dir, ui_host=args.host, ui_port=args.port)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise SystemExit(f"error: setting {'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    return settings, parse_auth(settings.ui_auth)


def main(argv: list[str] | None = None) -> int:
    started = time.monotonic()
    settings, auth = _parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    host = settings.ui_host
    if problem := port_in_use(host, settings.ui_port):
        print(problem, file=sys.stderr)
        return 1
    holder = AssistantHolder(settings)

    def open_index() -> None:
        # Opening the index (chromadb, llama-index, the model, BM25) runs on its own thread.
        holder.load()
        if holder.error:
            print(f"warning: {holder.error}", file=sys.stderr, flush=True)
        else:
            papers = holder.assistant.paper_count
            print(
                f"index: {papers:,} papers at {settings.describe_store()}, "
                f"loaded {time.monotonic() - started:.1f} s after start",
                flush=True,
            )

    demo = build_ui(holder)
    demo.queue(default_concurrency_limit=settings.ui_concurrency)
    if host not in _LOOPBACK and not auth:
        print(f"warning: serving on {host} without a login; set RAG_UI_AUTH=user:password", file=sys.stderr)
    upload_on = upload_off_reason(settings) is None
    try:
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
            # The server refuses bigger uploads before the handler runs; with upload off, any upload.
            max_file_size=settings.ui_upload_max_mb * 1024 * 1024 if upload_on else 1,
            theme=THEME,
            css=CSS,
            head=HEAD,
        )
    except OSError as exc:  # the port was taken between the check and the bind
        print(f"error: cannot serve on {host}:{settings.ui_port} ({exc}); use --port or RAG_UI_PORT", file=sys.stderr)
        return 1
    # The index opens once the page is served: building the page and opening the index both hold the GIL
    # for much of their time, and overlapping them delayed the page (median 5.8 -> 5.4 s over 6 alternating
    # starts each, load ~2, 2026-11-30). A question asked before it is open waits for it (holder.get).
    threading.Thread(target=open_index, name="open-index", daemon=True).start()
    print(f"Ready in {time.monotonic() - started:.1f} s: {local_url}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        demo.block_thread()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
