"""The web UI (app.py), run as a user would: a real server process, a real chromium, real API clients."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench.common import free_port

from .conftest import ROOT

APP = ROOT / "app.py"
DOCS = ROOT / "docs"
SCREENSHOT = DOCS / "screenshot.png"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
CLIP_CID = "CLIP-CID: Efficient CLIP Distillation via Cluster-Instance Discrimination"
OFF_TOPIC = "Give me a recipe for sourdough bread."
PHONE = {"width": 390, "height": 844}
READY = re.compile(r"Ready in ([\d.]+) s: (http://\S+)")


# ----------------------------------------------------------------------------- a running app
@dataclass
class RunningApp:
    proc: subprocess.Popen[str]
    url: str = ""
    seconds: float = 0.0
    output: list[str] = field(default_factory=list)

    def log(self) -> str:
        return "".join(self.output[-60:])


def _app_env(extra: dict[str, str] | None) -> dict[str, str]:
    """The test's environment for app.py; RAG_UI_AUTH="" means no login (the setting itself rejects "")."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(extra or {})}
    if not env.get("RAG_UI_AUTH"):
        env.pop("RAG_UI_AUTH", None)
    return env


def start_app(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> RunningApp:
    """Start app.py and wait for its "Ready in ... s: URL" line."""
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, str(APP), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_app_env(env),
    )
    app = RunningApp(proc)
    ready = threading.Event()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            app.output.append(line)
            if not ready.is_set() and (m := READY.search(line)):
                app.url = m.group(2).rstrip("/")
                ready.set()

    threading.Thread(target=pump, daemon=True).start()
    while not ready.wait(0.2):
        if proc.poll() is not None or time.monotonic() - started > timeout:
            stop_app(app)
            pytest.fail(f"app.py did not become ready:\n{app.log()}")
    app.seconds = time.monotonic() - started
    print(f"app.py ready after {app.seconds:.1f} s (wall clock, including imports) at {app.url}")
    return app


def stop_app(app: RunningApp) -> None:
    if app.proc.poll() is None:
        app.proc.terminate()
        try:
            app.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            app.proc.kill()
            app.proc.wait()


@pytest.fixture(scope="module")
def app_server(default_index_dir: Path) -> Iterator[RunningApp]:
    app = start_app("--port", str(free_port()), env={"RAG_INDEX_DIR": str(default_index_dir), "RAG_UI_AUTH": ""})
    try:
        yield app
    finally:
        stop_app(app)


# ----------------------------------------------------------------------------- the browser
@pytest.fixture()
def browser():  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        pytest.skip(f"chromium not installed: {CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture()
def page(browser):  # type: ignore[no-untyped-def]
    return browser.new_page(viewport={"width": 1400, "height": 1000})


def open_app(page, url: str) -> Any:  # type: ignore[no-untyped-def]
    """Load the page and wait until the index is open (the header then states its size); returns the question box."""
    from playwright.sync_api import expect

    page.goto(url + "/", wait_until="load")
    box = page.locator("#question textarea")
    box.wait_for(timeout=30_000)
    expect(page.get_by_text(re.compile(r"Ask about the [\d,]+ AI research papers"))).to_be_visible(timeout=60_000)
    return box


def wait_for_answer(page, turn: int, timeout: float = 90_000) -> str:  # type: ignore[no-untyped-def]
    """Wait until the ``turn``-th bot message is final (no streaming cursor, no progress) and return its text."""
    page.wait_for_function(
        """(turn) => {
            const bots = document.querySelectorAll('#chat [data-testid="bot"]');
            if (bots.length < turn) return false;
            const text = bots[turn - 1].innerText;
            return !text.includes('▌') && !text.includes('Searching the papers')
                && !document.querySelector('#chat .progress-text, #chat .eta-bar');
        }""",
        arg=turn,
        timeout=timeout,
    )
    return page.locator('#chat [data-testid="bot"]').nth(turn - 1).inner_text()


def ask(page, box, question: str, turn: int) -> str:  # type: ignore[no-untyped-def]
    box.fill(question)
    box.press("Enter")
    return wait_for_answer(page, turn)


def bot_count(page) -> int:  # type: ignore[no-untyped-def]
    return page.locator('#chat [data-testid="bot"]').count()


def in_viewport(page, selector: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether the element's top edge is on screen (after smooth scrolling settles)."""
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                      return r.top >= -4 && r.top < window.innerHeight - 20; }""",
        selector,
    )


def settle(page, selector: str, timeout: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    """Wait for a smooth scroll to bring ``selector`` on screen."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if in_viewport(page, selector):
            return True
        time.sleep(0.1)
    return False


def guard(page) -> tuple[list[str], list[str], list[str]]:  # type: ignore[no-untyped-def]
    """Record dialogs, requests to other hosts and page errors: each must stay empty."""
    dialogs: list[str] = []
    outside: list[str] = []
    errors: list[str] = []

    def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        dialogs.append(dialog.message)
        dialog.dismiss()

    def on_request(request) -> None:  # type: ignore[no-untyped-def]
        host = request.url.split("/")[2] if "://" in request.url else ""
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and not host.startswith(
            ("127.0.0.1", "localhost")
        ):
            outside.append(request.url)

    page.on("dialog", on_dialog)
    page.on("request", on_request)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return dialogs, outside, errors


@pytest.mark.browser
@pytest.mark.slow
def test_browser_chat_cites_sources_exports_once_ignores_empty_and_keeps_long_questions(
    app_server: RunningApp, page
) -> None:
    from playwright.sync_api import expect

    dialogs, outside, errors = guard(page)
    page.goto(app_server.url + "/", wait_until="load")
    box = page.locator("#question textarea")
    box.wait_for(timeout=30_000)
    # The index opens in the background; once it has, the header states its size.
    expect(page.get_by_text("Ask about the 396 AI research papers in the index")).to_be_visible(timeout=60_000)

    # An empty submit does nothing: no chat entry, by click or by Enter.
    page.locator("#ask").click()
    box.fill("   ")
    box.press("Enter")
    time.sleep(2)
    assert bot_count(page) == 0 and page.locator('#chat [data-testid="user"]').count() == 0

    # An example fills the box; the answer streams in, then the sources panel lists the cited papers.
    page.get_by_text("which papers distill CLIP?", exact=True).first.click()
    expect(box).to_have_value("which papers distill CLIP?", timeout=10_000)
    box.press("Enter")
    answer = wait_for_answer(page, 1)
    assert "[1]" in answer, answer
    page.locator("#src-1-1").wait_for(timeout=30_000)
    sources = page.locator("#sources").inner_text()
    assert CLIP_CID in sources, sources
    assert "supported" in sources
    assert page.locator("#sources mark").count() >= 1  # the supporting passage is highlighted
    # The [n] markers link to this answer's entries of the sources panel.
    assert page.locator('#chat a[href="#src-1-1"]').count() >= 1
    # The export button offers the answer as markdown, with the question written once.
    with page.expect_download(timeout=30_000) as download:
        page.locator("#export").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert exported.count("which papers distill CLIP?") == 1, exported
    assert exported.startswith("## which papers distill CLIP?") and CLIP_CID in exported and "[1]" in exported

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    # An empty submit after an answer leaves the chat, the sources and the export as they were. (The panel's own
    # content is compared: Gradio's progress overlay around it may still be fading out on a loaded machine.)
    panel = page.locator("#sources .src-scroll").inner_html()
    box.fill("")
    page.locator("#ask").click()
    time.sleep(2)
    assert bot_count(page) == 1 and page.locator("#sources .src-scroll").inner_html() == panel
    expect(page.locator("#export")).to_be_enabled()

    # An over-long question stays in the box, with the message; the chat is not touched.
    long_question = "why " * 1200
    box.fill(long_question)
    box.press("Enter")
    expect(page.locator("#question-note")).to_contain_text("the limit is 2,000", timeout=15_000)
    assert box.input_value() == long_question
    assert bot_count(page) == 1 and page.locator("#sources .src-scroll").inner_html() == panel

    # Markup in a question is shown as text, never run; the note goes once a question is asked.
    probe = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> which papers distill CLIP?'
    ask(page, box, probe, 2)
    expect(page.locator("#question-note")).to_be_hidden()
    user_msgs = page.locator('#chat [data-testid="user"]')
    assert '<img src=x onerror="window.__xss=1">' in user_msgs.nth(1).inner_text()
    assert page.locator("#chat img[src='x'], #chat script, #sources img, #sources script").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"

    # Clearing empties the chat and the sources panel.
    page.locator("#clear").click()
    page.wait_for_function("() => !document.querySelector('#chat [data-testid=\"bot\"]')", timeout=15_000)
    assert CLIP_CID not in page.locator("#sources").inner_text()

    assert not dialogs, f"a dialog fired: {dialogs}"
    assert not outside, f"the page fetched from other hosts: {outside}"
    assert not errors, f"page errors: {errors}"


@pytest.mark.browser
@pytest.mark.slow
def test_browser_each_answer_keeps_its_own_sources_and_the_refusal_points_at_them(app_server: RunningApp, page) -> None:
    from playwright.sync_api import expect

    _, _, errors = guard(page)
    box = open_app(page, app_server.url)
    ask(page, box, "which papers distill CLIP?", 1)
    first = page.locator("#src-1-1 .src-title").inner_text()
    ask(page, box, "Which papers study mixture-of-experts models?", 2)
    second = page.locator("#src-2-1 .src-title").inner_text()
    assert first != second, (first, second)
    expect(page.locator("#src-2-1")).to_be_visible()  # the panel shows the latest answer's sources
    expect(page.locator("#sources-1")).to_be_hidden()

    # [1] in the FIRST answer shows the first answer's source 1, not the latest answer's.
    page.locator('#chat [data-testid="bot"]').nth(0).locator('a[href="#src-1-1"]').first.click()
    expect(page.locator("#src-1-1")).to_be_visible()
    expect(page.locator("#sources-2")).to_be_hidden()
    assert page.locator("#src-1-1 .src-title").inner_text() == first
    assert settle(page, "#src-1-1")
    # ... and [1] in the second answer switches back.
    page.locator('#chat [data-testid="bot"]').nth(1).locator('a[href="#src-2-1"]').first.click()
    expect(page.locator("#src-2-1")).to_be_visible()
    expect(page.locator("#sources-1")).to_be_hidden()

    # A refusal says the closest papers are shown with the sources; the panel beside the chat is titled so.
    refusal = ask(page, box, OFF_TOPIC, 3)
    assert "shown with the sources" in refusal, refusal
    expect(page.locator("#sources-title")).to_have_text("Sources")
    expect(page.locator("#sources-3")).to_contain_text("The closest papers")
    title_box = page.locator("#sources-title").bounding_box()
    chat_box = page.locator("#chat").bounding_box()
    assert title_box and chat_box and title_box["x"] > chat_box["x"] + chat_box["width"] - 5  # beside, on the right
    assert not errors, f"page errors: {errors}"


@pytest.mark.browser
@pytest.mark.slow
def test_browser_more_results_pages_past_a_capped_answer_with_its_own_sources(app_server: RunningApp, page) -> None:
    from playwright.sync_api import expect

    _, outside, errors = guard(page)
    box = open_app(page, app_server.url)
    # A plain answer that lists everything it found offers no more.
    ask(page, box, "Which paper in the collection has the largest author list?", 1)
    expect(page.locator("#more")).to_be_hidden()

    answer = ask(page, box, "Which papers are about knowledge distillation?", 2)
    assert "more papers in the corpus may qualify" in answer, answer  # the list stopped at k
    cited = set(page.locator("#sources-2 .src-title").all_inner_texts())
    more = page.locator("#more")
    expect(more).to_be_visible(timeout=15_000)
    more.click()
    page_one = wait_for_answer(page, 3)
    assert "More results for" in page_one, page_one
    # The next page is a reply of its own: its [n] link to its own sources, none of them already cited.
    expect(page.locator("#src-3-1")).to_be_visible(timeout=15_000)
    expect(page.locator("#sources-2")).to_be_hidden()
    shown = page.locator("#sources-3 .src-title").all_inner_texts()
    assert shown and not set(shown) & cited, (shown, cited)
    assert page.locator('#chat [data-testid="bot"]').nth(2).locator('a[href="#src-3-1"]').count() >= 1
    page.screenshot(path=str(DOCS / "screenshot-more.png"), full_page=True)

    # Another click pages on; nothing repeats.
    more.click()
    wait_for_answer(page, 4)
    expect(page.locator("#src-4-1")).to_be_visible(timeout=15_000)
    later = page.locator("#sources-4 .src-title").all_inner_texts()
    assert later and not set(later) & (cited | set(shown)), later

    # Clearing the chat takes the offer away.
    page.locator("#clear").click()
    expect(more).to_be_hidden(timeout=15_000)
    assert not outside, f"the page fetched from other hosts: {outside}"
    assert not errors, f"page errors: {errors}"


@pytest.mark.browser
@pytest.mark.slow
def test_browser_on_a_phone_sources_are_one_tap_from_the_answer_and_back(app_server: RunningApp, browser) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    _, _, errors = guard(page)
    box = open_app(page, app_server.url)
    ask(page, box, "which papers distill CLIP?", 1)
    page.locator('#chat a[href="#src-1-1"]').first.tap()
    assert settle(page, "#src-1-1"), "one tap on [1] brings its source on screen"
    time.sleep(1)  # let the smooth scroll finish before the screenshot
    (DOCS / "screenshot-mobile.png").parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS / "screenshot-mobile.png"))
    page.locator("#src-1-1 a.src-back").tap()
    assert settle(page, '#chat [data-testid="bot"]'), "one tap on 'back to answer' brings the answer back"

    # On a phone the sources sit under the chat; the refusal's "shown with the sources" still names them.
    refusal = ask(page, box, OFF_TOPIC, 2)
    assert "shown with the sources" in refusal, refusal
    expect(page.locator("#sources-title")).to_have_text("Sources")
    title_box = page.locator("#sources-title").bounding_box()
    chat_box = page.locator("#chat").bounding_box()
    assert title_box and chat_box and title_box["y"] > chat_box["y"] + chat_box["height"]  # under the chat
    assert not errors, f"page errors: {errors}"


@pytest.mark.browser
@pytest.mark.slow
def test_browser_a_comparison_answers_with_a_table_in_the_chat_and_the_export(app_server: RunningApp, page) -> None:
    box = open_app(page, app_server.url)
    answer = ask(page, box, "Compare CLIP-CID and DC-CLIP", 1)
    assert "Something went wrong" not in answer, answer  # a failure is never skipped as "no table yet"
    if page.locator("#chat table").count() == 0:
        pytest.skip(
            "comparison tables have not landed in rag/answer (issue 15 item 3): the offline answer to "
            f"'Compare CLIP-CID and DC-CLIP' has no markdown table yet:\n{answer[:300]}"
        )
    table = page.locator("#chat table").first
    rows = table.locator("tbody tr")
    assert rows.count() == 2, table.inner_text()
    for r in range(rows.count()):
        cells = rows.nth(r).locator("td")
        for c in range(1, cells.count()):  # the first column names the paper
            text = cells.nth(c).inner_text()
            assert re.search(r"\[\d+\]", text) or "not stated" in text, text
    assert table.locator('a[href^="#src-1-"]').count() >= 1  # cells cite this answer's sources
    table.evaluate("(t) => t.scrollIntoView({ block: 'start' })")
    page.screenshot(path=str(DOCS / "screenshot-compare.png"), full_page=True)
    with page.expect_download(timeout=30_000) as download:
        page.locator("#export").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert re.search(r"^\|.*\|\s*$", exported, re.M) and re.search(r"^\|\s*:?-{3,}", exported, re.M), exported


@pytest.mark.browser
@pytest.mark.slow
def test_browser_a_message_of_two_questions_answers_each_under_its_heading(app_server: RunningApp, page) -> None:
    from playwright.sync_api import expect

    _, _, errors = guard(page)
    box = open_app(page, app_server.url)
    answer = ask(page, box, "Which papers distill CLIP? Also, is there anything on weather forecasting?", 1)
    assert answer.index("Which papers distill CLIP?") < answer.index("Is there anything on weather forecasting?")
    assert "does not answer" in answer.split("weather forecasting?")[-1], answer
    bot = page.locator('#chat [data-testid="bot"]').nth(0)
    expect(bot.locator("strong", has_text="Which papers distill CLIP?")).to_be_visible()
    bot.locator('a[href="#src-1-1"]').first.click()  # the first part's citation opens its source
    expect(page.locator("#src-1-1")).to_be_visible()
    expect(page.locator("#sources-1")).to_contain_text("For the part no paper answers")
    assert not errors, f"page errors: {errors}"


@pytest.mark.browser
@pytest.mark.slow
def test_browser_upload_adds_papers_that_the_next_answer_cites(
    default_index_dir: Path, tmp_path: Path, browser
) -> None:
    index = tmp_path / "index"
    shutil.copytree(default_index_dir, index)  # this test writes to its index
    app = start_app("--port", str(free_port()), env={"RAG_INDEX_DIR": str(index), "RAG_UI_AUTH": ""})
    try:
        from playwright.sync_api import expect

        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        _, _, errors = guard(page)
        box = open_app(page, app.url)
        status = page.locator("#upload-status")
        drop = page.locator("#upload input[type=file]")

        # A file with no usable paper: a message naming the problem, and the index as it was.
        drop.set_input_files(str(write_bib(tmp_path / "no-abstract.bib", abstract=False)))
        expect(status).to_contain_text("index is unchanged", timeout=60_000)
        expect(status).to_contain_text("no abstract")
        expect(page.get_by_text("Ask about the 396 AI research papers")).to_be_visible()

        # A good file, dragged onto the chat (anywhere on the page will do): a progress bar, then the paper.
        page.evaluate(PROGRESS_WATCH)
        page.evaluate(DROP_ON_CHAT, write_bib(tmp_path / "quokka.bib").read_text(encoding="utf-8"))
        expect(status).to_contain_text("1 paper added", timeout=120_000)
        shown = page.evaluate("window.__progress")
        assert any("embedding" in text for text in shown), f"no embedding progress bar was shown: {shown[:10]}"
        expect(page.get_by_text("Ask about the 397 AI research papers")).to_be_visible()
        answer = ask(page, box, "Which papers count quokkas in drone images?", 1)
        assert "QuokkaCount" in answer and "[1]" in answer, answer
        expect(page.locator("#src-1-1")).to_contain_text("QuokkaCount")
        expect(page.locator("#src-1-1")).to_contain_text("quokka.bib")
        page.screenshot(path=str(DOCS / "screenshot-upload.png"), full_page=True)

        # Another session sees the paper at its next question.
        from gradio_client import Client

        client = Client(app.url + "/", verbose=False)
        try:
            assert "QuokkaCount" in client.predict("Which papers count quokkas in drone images?", api_name="/ask")
        finally:
            client.close()
        assert not errors, f"page errors: {errors}"
    finally:
        stop_app(app)


#: Records every progress bar label gradio shows over the upload box while the upload runs.
PROGRESS_WATCH = """() => {
    window.__progress = [];
    new MutationObserver(() => {
        document.querySelectorAll('#add-papers .progress-level, #add-papers .progress-text')
            .forEach((e) => window.__progress.push(e.innerText));
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
}"""

#: What a browser does when a file is dragged from the desktop and dropped on the chat.
DROP_ON_CHAT = """(text) => {
    const files = new DataTransfer();
    files.items.add(new File([text], "quokka.bib", { type: "text/plain" }));
    const chat = document.querySelector("#chat");
    for (const type of ["dragenter", "dragover", "drop"]) {
        chat.dispatchEvent(new DragEvent(type, { dataTransfer: files, bubbles: true, cancelable: true }));
    }
}"""

QUOKKA_ABSTRACT = (
    "Monitoring quokka populations on Rottnest Island is slow when done by hand. We propose QuokkaCount, "
    "a density-map network that counts quokkas in drone imagery. QuokkaCount is trained on 4,000 annotated "
    "aerial photographs of the island. It counts quokkas with a mean absolute error of 1.3 animals per image, "
    "half the error of detection-based counting."
)


def write_bib(path: Path, abstract: bool = True) -> Path:
    """A one-entry BibTeX export, as Zotero writes it; without an abstract, nothing in it is usable."""
    field_line = f"  abstract = {{{QUOKKA_ABSTRACT}}},\n" if abstract else ""
    path.write_text(
        "@article{quokka2025,\n"
        "  title = {QuokkaCount: Counting Quokkas in Drone Imagery with Density Maps},\n"
        "  author = {Smith, Alice and Jones, Bob},\n"
        "  year = {2025},\n"
        "  doi = {10.1234/quokka.2025},\n"
        f"{field_line}"
        "}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.slow
def test_a_port_in_use_is_one_line_naming_the_flag_and_the_variable(default_index_dir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, str(APP), "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            env=_app_env({"RAG_INDEX_DIR": str(default_index_dir)}),
        )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "--port" in lines[0] and "RAG_UI_PORT" in lines[0] and str(port) in lines[0], lines


# ----------------------------------------------------------------------------- the API
#: Questions some abstract answers, so each must get a cited answer (two were dropped: one about agents using
#: tools and "Which papers propose benchmarks for code generation?". No abstract proposes such a benchmark
#: and the assistant rightly refuses both).
QUESTIONS = [
    "which papers distill CLIP?",
    "Which papers study knowledge distillation?",
    "Which papers learn representations of source code?",
    "Which papers build agents that play Minecraft?",
    "Which papers study retrieval-augmented generation?",
    "What methods reduce hallucination in vision-language models?",
    "Which papers work on text-to-image diffusion models?",
    "Which papers study reinforcement learning from human feedback?",
    "Which papers propose video generation models?",
    "Which papers study 3D reconstruction?",
]


@pytest.mark.slow
def test_ten_concurrent_api_clients_each_get_a_cited_answer(app_server: RunningApp) -> None:
    from gradio_client import Client

    def ask(question: str) -> str:
        client = Client(app_server.url + "/", verbose=False)
        try:
            return client.predict(question, api_name="/ask")
        finally:
            client.close()

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(QUESTIONS)) as pool:
        answers = list(pool.map(ask, QUESTIONS))
    elapsed = time.monotonic() - started
    print(f"{len(QUESTIONS)} concurrent answers in {elapsed:.1f} s")
    for question, answer in zip(QUESTIONS, answers, strict=True):
        assert "[1]" in answer, f"{question!r} got no cited answer:\n{answer}"
        assert "### References" in answer
    assert CLIP_CID in answers[0]


@pytest.mark.slow
def test_the_api_answers_a_comparison_with_a_table_whose_cells_are_cited_or_not_stated(
    app_server: RunningApp,
) -> None:
    from gradio_client import Client

    client = Client(app_server.url + "/", verbose=False)
    try:
        answer = client.predict("Compare CLIP-CID and DC-CLIP", api_name="/ask")
    finally:
        client.close()
    rows = [line for line in answer.splitlines() if line.startswith("|")]
    header, rule, *papers = rows
    assert "Problem" in header and "Method" in header and set(rule) <= set("|- :")
    assert len(papers) == 2, answer
    for row in papers:
        cells = [c.strip() for c in row.strip("|").split("|")][1:]
        assert all(re.search(r"\[\d+\]", c) or c == "not stated" for c in cells), row


@pytest.mark.slow
def test_api_errors_are_plain_messages_and_follow_ups_use_the_history(app_server: RunningApp) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(app_server.url + "/", verbose=False)
    try:
        with pytest.raises(AppError, match="the question is empty"):
            client.predict("   ", api_name="/ask")
        first = client.predict("which papers distill CLIP?", api_name="/ask")
        history = [
            {"role": "user", "content": "which papers distill CLIP?"},
            {"role": "assistant", "content": first.split("### References")[0]},
        ]
        follow_up = client.predict("which of these is the most efficient?", history, api_name="/ask")
        assert "[1]" in follow_up or "Closest" in follow_up
        # the kind filter of the settings reaches the query model as the API's filters= does
        question = "Which papers are about knowledge graphs?"
        surveys = client.predict(question, kind="survey", api_name="/ask").split("### References")[0]
        assert "Knowledge Graphs Meet Multi-Modal Learning: A Comprehensive Survey" in surveys
        assert "GraphextQA" not in surveys and "GraphextQA" in client.predict(question, api_name="/ask")
        # The chat endpoint the UI uses streams into the chatbot and ends with the cited answer.
        result = client.predict("which papers distill CLIP?", api_name="/chat")
        chat = result[0]
        assert chat[-1]["role"] == "assistant" and "(#src-1-1)" in str(chat[-1]["content"])
        assert CLIP_CID in result[1]
    finally:
        client.close()


@pytest.mark.slow
def test_the_llm_generator_uses_the_model_named_in_the_settings_and_its_failure_is_a_visible_notice(
    default_index_dir: Path,
) -> None:
    from gradio_client import Client

    from bench.fake_openai import Behaviour, FakeOpenAIServer

    with FakeOpenAIServer(default="CLIP-CID distills CLIP into a smaller model [1].") as llm:
        app = start_app(
            "--port",
            str(free_port()),
            env={
                "RAG_INDEX_DIR": str(default_index_dir),
                "RAG_LLM_BASE_URL": llm.base_url,
                "RAG_LLM_API_KEY": "test-key",
                "RAG_LLM_MAX_RETRIES": "0",
                "RAG_UI_AUTH": "",
            },
        )
        client = Client(app.url + "/", verbose=False)
        try:
            answer = client.predict("which papers distill CLIP?", generator="llm", model="my-model", api_name="/ask")
            assert "[1]" in answer and CLIP_CID in answer
            chats = [r.body for r in llm.requests if r.path.endswith("/chat/completions")]
            assert chats and chats[-1]["model"] == "my-model"

            llm.script(*[Behaviour(status=500)] * 5)
            fallback = client.predict("which papers distill CLIP?", generator="llm", api_name="/ask")
            assert "[1]" in fallback and "_Note:" in fallback, fallback
            result = client.predict("which papers distill CLIP?", api_name="/chat")  # "auto" means the LLM here
            assert "[1]" in str(result[0][-1]["content"]) or "(#src-1-1)" in str(result[0][-1]["content"])
        finally:
            client.close()
            stop_app(app)


# ----------------------------------------------------------------------------- network exposure
def _non_loopback_ip() -> str | None:
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # TEST-NET: no packet is sent for a UDP connect
            ip = s.getsockname()[0]
    except OSError:
        return None
    return None if ip.startswith("127.") else ip


@pytest.mark.slow
def test_the_app_binds_loopback_by_default(app_server: RunningApp) -> None:
    assert app_server.url.startswith("http://127.0.0.1:"), app_server.url
    port = int(app_server.url.rsplit(":", 1)[1])
    import psutil

    listening = [
        c.laddr
        for c in psutil.Process(app_server.proc.pid).net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN and c.laddr.port == port
    ]
    assert listening and all(addr.ip == "127.0.0.1" for addr in listening), listening
    if ip := _non_loopback_ip():
        with pytest.raises(OSError), socket.create_connection((ip, port), timeout=2):
            pass


@pytest.mark.slow
def test_with_ui_auth_set_unauthenticated_requests_are_refused_and_login_works(default_index_dir: Path) -> None:
    app = start_app(
        "--port",
        str(free_port()),
        env={"RAG_INDEX_DIR": str(default_index_dir), "RAG_UI_AUTH": "user:pass"},
    )
    try:
        with httpx.Client(base_url=app.url, timeout=10) as anon:
            for path in ("/config", "/gradio_api/info", "/gradio_api/openapi.json"):
                assert anon.get(path).status_code in (401, 403), path
            assert anon.post("/login", data={"username": "user", "password": "wrong"}).status_code in (400, 401)
            assert anon.get("/config").status_code in (401, 403)
        with httpx.Client(base_url=app.url, timeout=10) as user:
            assert user.post("/login", data={"username": "user", "password": "pass"}).status_code == 200
            config = user.get("/config")
            assert config.status_code == 200 and "Research paper assistant" in config.text

        from gradio_client import Client

        client = Client(app.url + "/", auth=("user", "pass"), verbose=False)
        try:
            assert "[1]" in client.predict("which papers distill CLIP?", api_name="/ask")
        finally:
            client.close()
    finally:
        stop_app(app)


@pytest.mark.slow
def test_with_an_empty_index_the_app_starts_and_says_to_run_ingest(tmp_path: Path) -> None:
    app = start_app("--port", str(free_port()), "--index-dir", str(tmp_path / "empty-index"), env={"RAG_UI_AUTH": ""})
    try:
        # The index opens in the background while the page is served; its warning follows shortly.
        deadline = time.monotonic() + 60
        while "rag ingest" not in app.log() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "rag ingest" in app.log() and "python ingest.py" in app.log()
        with httpx.Client(base_url=app.url, timeout=10) as http:
            assert http.get("/").status_code == 200

        from gradio_client import Client
        from gradio_client.exceptions import AppError

        client = Client(app.url + "/", verbose=False)
        try:
            with pytest.raises(AppError, match="rag ingest"):
                client.predict("which papers distill CLIP?", api_name="/ask")
        finally:
            client.close()

        if CHROMIUM.exists():  # and a person sees it on the page, and as the reply to a question
            from playwright.sync_api import expect, sync_playwright

            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                try:
                    page = browser.new_page()
                    page.goto(app.url + "/", wait_until="load")
                    expect(page.locator("#index-banner")).to_contain_text("rag ingest", timeout=30_000)
                    page.locator("#question textarea").fill("which papers distill CLIP?")
                    page.locator("#question textarea").press("Enter")
                    assert "rag ingest" in wait_for_answer(page, 1)
                finally:
                    browser.close()
    finally:
        stop_app(app)


# ----------------------------------------------------------------------------- rendering, without a server
def _citation(n: int, title: str, **extra: Any) -> Any:
    from types import SimpleNamespace

    fields = {
        "abstract": f"Before. The passage of {title}. After.",
        "passage": f"The passage of {title}.",
        "support": 0.9,
        "supported": True,
        "relevance": 0.8,
        "relevant": True,
        "metadata": {},
    }
    return SimpleNamespace(n=n, paper_id=f"p{n}", title=title, **{**fields, **extra})


def test_markup_from_the_corpus_or_the_model_is_escaped() -> None:
    from types import SimpleNamespace

    import app

    evil = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    citation = _citation(
        1,
        f"A title {evil}",
        abstract=f"Before. {evil} is the passage. After.",
        passage=f"{evil} is the passage.",
        support=0.3,
        supported=False,
        metadata={
            "sources": "001_x.txt:3",
            "date": evil,
            "authors": 3,
            "author_names": f"Ada {evil}",
            "doi": 'x" onmouseover="y',
            "github": 'javascript:alert(1) https://github.com/a/b"onmouseover="x',
        },
    )
    answer = SimpleNamespace(citations=[citation], closest=[], generator="offline", timings={"total_ms": 5})
    rendered = app.render_sources(answer, 1)
    assert "<img" not in rendered and "<script" not in rendered
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in rendered
    assert "javascript:" not in rendered and 'onmouseover="' not in rendered
    assert 'id="src-1-1"' in rendered and "not supported" in rendered and "<mark>" in rendered

    shown = app.display_answer(f"Claim {evil} [1]. Both [1, 2].", 3, [f"notice {evil}"])
    assert "<img" not in shown and "<script" not in shown
    assert "[\\[1\\]](#src-3-1)" in shown and "[\\[2\\]](#src-3-2)" in shown


def test_each_answer_has_its_own_anchors_and_the_panel_shows_the_latest() -> None:
    from types import SimpleNamespace

    from rag.ui import answer_section, keep_section, render_panel

    sections: list[dict[str, Any]] = []
    for turn, title in ((1, "First paper"), (2, "Second paper")):
        answer = SimpleNamespace(citations=[_citation(1, title)], closest=[], generator="offline", timings={})
        sections = keep_section(sections, answer_section(answer, turn, f"question {turn}"))
    panel = render_panel(sections)
    # Both answers' source 1 exist, under distinct ids; only the latest section is shown at first.
    assert panel.count('id="src-1-1"') == 1 and panel.count('id="src-2-1"') == 1
    assert '<section class="src-answer" id="sources-1">' in panel
    assert '<section class="src-answer active" id="sources-2">' in panel
    first = panel[panel.index('id="sources-1"') : panel.index('id="sources-2"')]
    assert "First paper" in first and "Second paper" not in first
    # Every source and every section links back to its own answer, and to the other answers' sources.
    assert first.count('href="#answer-1"') == 2 and 'href="#sources-2"' in first
    assert render_panel([]) == __import__("rag.ui").ui.EMPTY_SOURCES


def test_a_refusal_lists_the_closest_papers_under_the_panel_the_answer_names() -> None:
    from types import SimpleNamespace

    from rag.answer.generator import CLOSEST_NOTE
    from rag.ui import render_sources

    hit = SimpleNamespace(title="Near miss", abstract="A near miss. It is close.", passage="A near miss.", metadata={})
    rendered = render_sources(SimpleNamespace(citations=[], closest=[hit], generator="offline", timings={}), 4)
    assert "shown with the sources" in CLOSEST_NOTE  # the answer's words point at the panel titled "Sources"
    assert "The closest papers" in rendered and "Near miss" in rendered and 'href="#answer-4"' in rendered


def test_an_answer_to_several_questions_lists_the_closest_papers_of_the_part_no_paper_answers() -> None:
    from types import SimpleNamespace

    from rag.ui import render_sources

    hit = SimpleNamespace(title="Near miss", abstract="A near miss. It is close.", passage="A near miss.", metadata={})
    parts = SimpleNamespace(
        citations=[_citation(1, "Answering paper")], closest=[hit], refused=False, generator="offline", timings={}
    )
    rendered = render_sources(parts, 2)
    assert (
        rendered.index("Answering paper")
        < rendered.index("For the part no paper answers")
        < rendered.index("Near miss")
    )
    # a refused near miss cites the paper it quotes; its closest papers are not listed again
    near_miss = SimpleNamespace(**{**vars(parts), "refused": True})
    assert "For the part no paper answers" not in render_sources(near_miss, 3)


def test_tables_survive_display_and_export_and_the_export_has_the_question_once() -> None:
    from rag.answer.types import Answer, Citation
    from rag.ui import display_answer, write_export

    table = (
        "| Paper | Method | Data |\n| --- | --- | --- |\n"
        "| CLIP-CID | Distils CLIP into a smaller model [1]. | not stated |\n"
        "| DC-CLIP | Compresses CLIP for many languages [2]. | 5 datasets [2]. |\n\n"
        "Both compress CLIP [1, 2]."
    )
    shown = display_answer(table, 2)
    lines = shown.splitlines()
    assert lines[0] == "| Paper | Method | Data |" and lines[1] == "| --- | --- | --- |"
    assert lines[2].startswith("| CLIP-CID |") and lines[2].endswith("| not stated |")
    assert "[\\[1\\]](#src-2-1)" in lines[2] and "[\\[2\\]](#src-2-2)" in lines[3]
    cite = Citation(1, "p1", "CLIP-CID", "Distils CLIP into a smaller model.", "Distils CLIP.", 0.9, True)
    answer = Answer(question="Compare CLIP-CID and DC-CLIP", text=table, citations=[cite], refused=False, generator="x")
    exported = Path(write_export(answer, answer.question)).read_text(encoding="utf-8")
    assert exported.count("Compare CLIP-CID and DC-CLIP") == 1
    assert "| CLIP-CID | Distils CLIP into a smaller model [1]. | not stated |" in exported


@pytest.mark.slow  # a fresh interpreter importing gradio: an external process
def test_the_app_imports_gradio_without_rewriting_its_type_stubs_and_components_still_work() -> None:
    # A fresh interpreter: in this one, an earlier test may have imported gradio before app.py could hook it.
    probe = (
        "import app, gradio as gr, gradio.component_meta as meta\n"
        "print(meta.create_or_modify_pyi.__module__)\n"
        "with gr.Blocks() as demo:\n"
        "    box = gr.Textbox()\n"
        "    box.submit(lambda text: text, box, box)\n"
        "print(len(demo.fns))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["rag.gradio_stubs", "1"]


def test_upload_is_off_when_the_app_is_exposed_without_a_login() -> None:
    from rag.config import Settings
    from rag.upload import upload_off_reason

    assert upload_off_reason(Settings(ui_host="127.0.0.1")) is None
    assert upload_off_reason(Settings(ui_host="0.0.0.0", ui_auth="user:pass")) is None
    reason = upload_off_reason(Settings(ui_host="0.0.0.0"))
    assert reason and "RAG_UI_AUTH" in reason
    assert "RAG_UI_UPLOAD_MAX_MB" in str(upload_off_reason(Settings(ui_upload_max_mb=0)))


def test_the_page_has_no_upload_box_when_upload_is_off() -> None:
    import app
    from rag.config import Settings

    def ids(settings: Settings) -> set[str]:
        demo = app.build_ui(app.AssistantHolder(settings))
        return {str(getattr(block, "elem_id", "")) for block in demo.blocks.values()}

    assert "upload" in ids(Settings(ui_host="127.0.0.1"))
    exposed = ids(Settings(ui_host="0.0.0.0"))
    assert "upload" not in exposed and "upload-off" in exposed


def test_bad_uploads_name_the_problem_and_leave_the_index_untouched(small_index_dir: Path, tmp_path: Path) -> None:
    from rag.config import get_settings
    from rag.index import PaperIndex
    from rag.upload import ingest_upload

    index_dir = tmp_path / "index"
    shutil.copytree(small_index_dir, index_dir)
    settings = get_settings(index_dir=index_dir, ui_upload_max_mb=1)
    before = PaperIndex(settings).count()
    bad = {
        "no-abstract.bib": (write_bib(tmp_path / "x.bib", abstract=False).read_text(), "no abstract"),
        "broken.json": ('[{"title": "A", "abstract": ', "not valid JSON"),
        "paper.pdf": ("%PDF-1.4", "not a paper file"),
        "empty.csv": ("", "is empty"),
        "huge.jsonl": ("x" * (1024 * 1024 + 1), "upload limit is 1 MB"),
        "binary.txt": ("\x00\x01\x02" * 100, "binary"),
    }
    for name, (content, problem) in bad.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        result = ingest_upload(settings, path, name)
        assert not result.ok and problem in result.message and "unchanged" in result.message, (name, result.message)
        assert "Traceback" not in result.message
    assert PaperIndex(settings).count() == before


def test_an_upload_is_searchable_after_a_reload_and_names_its_source(small_index_dir: Path, tmp_path: Path) -> None:
    from rag import Assistant
    from rag.config import get_settings
    from rag.ingest import list_sources
    from rag.upload import ingest_upload

    index_dir = tmp_path / "index"
    shutil.copytree(small_index_dir, index_dir)
    settings = get_settings(index_dir=index_dir, generator="offline")
    assistant = Assistant(settings)
    before = assistant.paper_count
    result = ingest_upload(settings, write_bib(tmp_path / "quokka.bib"), "quokka.bib")
    assert result.ok and result.added == 1 and result.papers == before + 1, result.message
    assistant.reload()
    assert assistant.paper_count == before + 1
    assert assistant.search("counting quokkas in drone imagery", k=1)[0].title.startswith("QuokkaCount")
    assert {"source": "upload:quokka.bib", "papers": 1, "kind": "upload"} in list_sources(settings)
    again = ingest_upload(settings, write_bib(tmp_path / "quokka.bib"), "quokka.bib")  # the same file: a no-op
    assert again.ok and again.added == 0 and again.papers == before + 1


def test_more_results_is_offered_only_after_a_capped_answer_and_pages_past_every_paper_shown() -> None:
    from types import SimpleNamespace

    from rag.ui import answer_section, more_offer, more_page

    ranking = [f"p{i}" for i in range(12)]  # the search's order for the question

    def hit(pid: str) -> SimpleNamespace:
        return SimpleNamespace(paper_id=pid, title=f"Paper {pid}", abstract=f"About {pid}.", passage=f"About {pid}.")

    class Search:
        def search_detailed(self, question, k, filters, offset):  # type: ignore[no-untyped-def]
            assert filters == {"year": 2024}  # the UI's filters go with every page
            return SimpleNamespace(hits=[hit(p) for p in ranking[offset : offset + k]], total_matches=len(ranking))

    def answer(capped: bool) -> SimpleNamespace:
        cited = [SimpleNamespace(n=n, paper_id=p, title=p, abstract=p, passage=p) for n, p in [(1, "p0"), (2, "p2")]]
        return SimpleNamespace(citations=cited, closest=[], capped=capped, generator="offline", timings={})

    assert more_offer([answer_section(answer(False), 1, "q")], 4, {"year": 2024}) is None
    state = more_offer([answer_section(answer(True), 1, "q")], 4, {"year": 2024})
    assert state is not None and state["question"] == "q"
    # a message of several questions pages the search of its capped part, not the whole message's
    parts = SimpleNamespace(**{**vars(answer(True)), "capped_question": "Which papers distill CLIP?"})
    section = answer_section(parts, 1, "Which papers distill CLIP? Also, anything on speech?")
    assert section["question"].endswith("anything on speech?")  # the panel names the whole message
    assert more_offer([section], 4, None)["question"] == "Which papers distill CLIP?"  # type: ignore[index]

    text, section, state = more_page(Search(), state, 2)
    # The papers the answer cited are skipped; the rest follow the search order, numbered as this reply's.
    assert [f"Paper {p}" in text for p in ("p1", "p3", "p4", "p5")] == [True] * 4 and "Paper p0" not in text
    assert "(#src-2-1)" in text and 'id="src-2-4"' in section["html"] and section["turn"] == 2
    text, _, state = more_page(Search(), state, 3)
    assert all(f"Paper {p}" in text for p in ("p6", "p7", "p8", "p9")) and "Paper p5" not in text
    text, _, state = more_page(Search(), state, 4)
    assert "Paper p10" in text and "Paper p11" in text and state is None  # the search has nothing after
