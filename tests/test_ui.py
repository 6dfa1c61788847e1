"""The web UI (app.py), run as a user would: a real server process, a real chromium, real API clients."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from bench.common import free_port

from .conftest import ROOT

APP = ROOT / "app.py"
SCREENSHOT = ROOT / "docs" / "screenshot.png"
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


def start_app(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> RunningApp:
    """Start app.py and wait for its "Ready in ... s: URL" line."""
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, str(APP), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
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
def page():
    if not CHROMIUM.exists():
        pytest.skip(f"chromium not installed: {CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": 1400, "height": 1000})
        finally:
            browser.close()


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


@pytest.mark.browser
@pytest.mark.slow
def test_browser_chat_cites_sources_keeps_markup_inert_and_saves_a_screenshot(app_server: RunningApp, page) -> None:
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

    from playwright.sync_api import expect

    page.on("dialog", on_dialog)
    page.on("request", on_request)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(app_server.url + "/", wait_until="load")
    box = page.locator("#question textarea")
    box.wait_for(timeout=30_000)
    # The index opens in the background; once it has, the header states its size.
    expect(page.get_by_text("Ask about the 396 AI research papers in the index")).to_be_visible(timeout=60_000)

    # An example fills the box; the answer streams in, then the sources panel lists the cited papers.
    page.get_by_text("which papers distill CLIP?", exact=True).first.click()
    expect(box).to_have_value("which papers distill CLIP?", timeout=10_000)
    box.press("Enter")
    answer = wait_for_answer(page, 1)
    assert "[1]" in answer, answer
    page.locator("#src-1").wait_for(timeout=30_000)
    sources = page.locator("#sources").inner_text()
    assert CLIP_CID in sources, sources
    assert "supported" in sources
    assert page.locator("#sources mark").count() >= 1  # the supporting passage is highlighted
    # The [n] markers link to the sources panel entries.
    assert page.locator('#chat a[href="#src-1"]').count() >= 1
    # The export button now offers the answer as markdown.
    with page.expect_download(timeout=30_000) as download:
        page.locator("#export").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert "which papers distill CLIP?" in exported and CLIP_CID in exported and "[1]" in exported

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    # Markup in a question is shown as text, never run.
    probe = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> which papers distill CLIP?'
    box.fill(probe)
    box.press("Enter")
    wait_for_answer(page, 2)
    user_msgs = page.locator('#chat [data-testid="user"]')
    assert '<img src=x onerror="window.__xss=1">' in user_msgs.nth(1).inner_text()
    assert page.locator("#chat img[src='x'], #chat script, #sources img, #sources script").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"

    # An over-long question is refused with a visible message, not a crash.
    box.fill("why " * 1200)
    box.press("Enter")
    refusal = wait_for_answer(page, 3)
    assert "limit is" in refusal, refusal

    # Clearing empties the chat and the sources panel.
    page.locator("#clear").click()
    page.wait_for_function("() => !document.querySelector('#chat [data-testid=\"bot\"]')", timeout=15_000)
    assert CLIP_CID not in page.locator("#sources").inner_text()

    assert not dialogs, f"a dialog fired: {dialogs}"
    assert not outside, f"the page fetched from other hosts: {outside}"
    assert not errors, f"page errors: {errors}"


# ----------------------------------------------------------------------------- the API
QUESTIONS = [
    "which papers distill CLIP?",
    "Which papers study knowledge distillation?",
    "Which papers propose benchmarks for code generation?",
    "How can language model agents use tools?",
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
        # The chat endpoint the UI uses streams into the chatbot and ends with the cited answer.
        result = client.predict("which papers distill CLIP?", api_name="/chat")
        chat = result[0]
        assert chat[-1]["role"] == "assistant" and "(#src-1)" in str(chat[-1]["content"])
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
            assert "[1]" in str(result[0][-1]["content"]) or "(#src-1)" in str(result[0][-1]["content"])
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
def test_markup_from_the_corpus_or_the_model_is_escaped() -> None:
    from types import SimpleNamespace

    import app

    evil = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    citation = SimpleNamespace(
        n=1,
        paper_id="p",
        title=f"A title {evil}",
        abstract=f"Before. {evil} is the passage. After.",
        passage=f"{evil} is the passage.",
        support=0.3,
        supported=False,
        metadata={
            "sources": "001_x.txt:3",
            "date": evil,
            "authors": 3,
            "github": 'javascript:alert(1) https://github.com/a/b"onmouseover="x',
        },
    )
    answer = SimpleNamespace(citations=[citation], closest=[], generator="offline", timings={"total_ms": 5})
    rendered = app.render_sources(answer)
    assert "<img" not in rendered and "<script" not in rendered
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in rendered
    assert "javascript:" not in rendered and 'onmouseover="' not in rendered
    assert 'id="src-1"' in rendered and "not supported" in rendered and "<mark>" in rendered

    shown = app.display_answer(f"Claim {evil} [1]. Both [1, 2].", [f"notice {evil}"])
    assert "<img" not in shown and "<script" not in shown
    assert "[\\[1\\]](#src-1)" in shown and "[\\[2\\]](#src-2)" in shown
