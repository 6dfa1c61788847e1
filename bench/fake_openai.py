"""A small, local, OpenAI-compatible chat-completions server for tests and benchmarks.

This is the project's only allowed test double for the LLM provider.  It speaks
the real HTTP protocol (JSON bodies, Server-Sent Events, status codes, headers)
so that the production client code -- including the official ``openai``
package -- is exercised end to end, with no monkeypatching.

Typical use::

    with FakeOpenAIServer() as server:
        server.script("Transformers use attention [1].", Behaviour(status=429, retry_after=1))
        client = openai.OpenAI(base_url=server.base_url, api_key="x", max_retries=0)
        ...
        assert "```" in server.requests[0].body["messages"][-1]["content"]

Behaviours are consumed one per chat-completion request, in order; when the
script is exhausted the ``default`` behaviour is used for every request.

Run ``python -m bench.fake_openai --port 8000`` to serve it manually.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import re
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

__all__ = ["DEFAULT_REPLY", "Behaviour", "FakeOpenAIServer", "RecordedRequest"]

DEFAULT_REPLY = "This is a reply from the fake OpenAI server."

ReplyFn = Callable[[dict[str, Any]], str]

# Default OpenAI-style (type, code, message) for error statuses, used when a Behaviour does not override them.
_ERROR_DEFAULTS: dict[int, tuple[str, str | None, str]] = {
    400: ("invalid_request_error", None, "Bad request."),
    401: ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
    403: ("invalid_request_error", None, "You are not allowed to access this resource."),
    404: ("invalid_request_error", "model_not_found", "The model does not exist or you do not have access to it."),
    429: ("requests", "rate_limit_exceeded", "Rate limit reached for requests. Please try again later."),
    500: ("server_error", None, "The server had an error while processing your request. Sorry about that!"),
    502: ("server_error", None, "Bad gateway."),
    503: ("server_error", None, "The engine is currently overloaded, please try again later."),
}

_WORD_BOUNDARY = re.compile(r"(?<=\s)(?=\S)")


@dataclass
class Behaviour:
    """What the server does for one chat-completion request.

    Attributes:
        reply: Answer content, or a callable ``(request_json) -> str`` computing it from the request
            (e.g. to echo or cite sources from the prompt). Streamed or not, according to the request.
        status: HTTP status. Anything other than 200 returns an OpenAI-style error body
            ``{"error": {"message", "type", "param", "code"}}`` instead of a completion.
        retry_after: Seconds to put in the ``Retry-After`` header (meant for 429/503 errors).
        error_message: Overrides the default error message for ``status``.
        error_type: Overrides the default error ``type`` for ``status``.
        error_code: Overrides the default error ``code`` for ``status``.
        delay: Seconds to wait before sending anything (to trigger client read timeouts).
        chunk_delay: Seconds to wait between streamed events (to test streaming timeouts / cancellation).
        truncate_stream: Send the role chunk and ``truncate_after`` content chunks, then drop the
            connection without finish_reason, ``[DONE]`` or the end of the HTTP body. For a non-streaming
            request, send only half of the announced ``Content-Length`` and drop the connection.
        truncate_after: Number of content chunks sent before a truncated stream is cut.
        malformed: Return 200 with a body that is not valid JSON (streaming: an SSE ``data:`` line
            holding invalid JSON, followed by ``[DONE]``).
        finish_reason: ``finish_reason`` reported on success (e.g. ``"length"`` to simulate a cut-off answer).
    """

    reply: str | ReplyFn = DEFAULT_REPLY
    status: int = 200
    retry_after: float | None = None
    error_message: str | None = None
    error_type: str | None = None
    error_code: str | None = None
    delay: float = 0.0
    chunk_delay: float = 0.0
    truncate_stream: bool = False
    truncate_after: int = 2
    malformed: bool = False
    finish_reason: str = "stop"


@dataclass
class RecordedRequest:
    """One HTTP request received by the server, kept so tests can assert what the client sent.

    Attributes:
        method: HTTP method, e.g. ``"POST"``.
        path: Request path, e.g. ``"/v1/chat/completions"``.
        headers: Request headers with **lower-cased** names, e.g. ``headers["authorization"]``.
        body: Parsed JSON body, ``None`` if there was no body, or the raw text if it was not valid JSON.
    """

    method: str
    path: str
    headers: dict[str, str]
    body: Any = None
    time: float = field(default_factory=time.time)


def _coerce(behaviour: Behaviour | str | ReplyFn) -> Behaviour:
    """Accept a plain reply string or callable as shorthand for ``Behaviour(reply=...)``."""
    if isinstance(behaviour, Behaviour):
        return behaviour
    if isinstance(behaviour, str) or callable(behaviour):
        return Behaviour(reply=behaviour)
    raise TypeError(f"expected Behaviour, str or callable, got {type(behaviour).__name__}")


def _count_tokens(text: str) -> int:
    """Rough token estimate (whitespace-separated words); good enough for a usage block."""
    return len(text.split())


def _message_text(content: Any) -> str:
    """Flatten a message ``content`` (string or list of content parts) into plain text."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return ""


def _split_pieces(text: str, words_per_piece: int) -> list[str]:
    """Split ``text`` into pieces of a few words each; joining the pieces gives back ``text`` exactly."""
    words = [w for w in _WORD_BOUNDARY.split(text) if w]
    return ["".join(words[i : i + words_per_piece]) for i in range(0, len(words), words_per_piece)]


class _HTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its FakeOpenAIServer and tracks open client sockets."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, fake: FakeOpenAIServer) -> None:
        self.fake = fake
        self.open_sockets: set[socket.socket] = set()
        self.sockets_lock = threading.Lock()
        super().__init__(("127.0.0.1", fake.requested_port), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client closing its keep-alive connection is normal; anything else is printed as usual.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    """Request handler implementing the subset of the OpenAI REST API used by the application."""

    protocol_version = "HTTP/1.1"  # keep-alive and chunked streaming, as the real API
    server_version = "FakeOpenAI/1.0"
    server: _HTTPServer

    # --- connection bookkeeping -------------------------------------------------------------

    def setup(self) -> None:
        """Register the client socket so ``stop()`` can close lingering keep-alive connections."""
        super().setup()
        with self.server.sockets_lock:
            self.server.open_sockets.add(self.connection)

    def finish(self) -> None:
        """Unregister the client socket."""
        with contextlib.suppress(OSError):
            super().finish()
        with self.server.sockets_lock:
            self.server.open_sockets.discard(self.connection)

    def log_message(self, fmt: str, *args: Any) -> None:
        """Silence per-request logging unless the server was created with ``verbose=True``."""
        if self.server.fake.verbose:
            super().log_message(fmt, *args)

    # --- dispatch ---------------------------------------------------------------------------

    def do_GET(self) -> None:
        """Handle ``GET /v1/models``."""
        self._safely(self._handle_get)

    def do_POST(self) -> None:
        """Handle ``POST /v1/chat/completions``."""
        self._safely(self._handle_post)

    def _safely(self, handler: Callable[[], None]) -> None:
        """Run ``handler``, treating a client that went away (e.g. after its timeout) as normal."""
        try:
            handler()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError):
            self.close_connection = True

    def _handle_get(self) -> None:
        fake = self.server.fake
        fake._record(RecordedRequest("GET", self.path, self._headers()))
        if not self._authorized():
            return
        path = self.path.split("?", 1)[0].rstrip("/")
        if path == "/v1/models":
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "fake-openai"} for m in fake.models]
            self._send_json(200, {"object": "list", "data": data})
        else:
            self._send_error(404, "invalid_request_error", "unknown_url", f"Unknown request URL: GET {self.path}.")

    def _handle_post(self) -> None:
        fake = self.server.fake
        raw = self._read_body()
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        fake._record(RecordedRequest("POST", self.path, self._headers(), body))
        if not self._authorized():
            return
        if self.path.split("?", 1)[0].rstrip("/") != "/v1/chat/completions":
            self._send_error(404, "invalid_request_error", "unknown_url", f"Unknown request URL: POST {self.path}.")
            return
        problem = self._validate(body)
        if problem:
            self._send_error(400, "invalid_request_error", None, problem)
            return
        self._respond(fake._next_behaviour(), body)

    # --- request helpers --------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        return {k.lower(): v for k, v in self.headers.items()}

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _authorized(self) -> bool:
        """Check the bearer token when the server has an ``api_key``; send a 401 and return False if wrong."""
        expected = self.server.fake.api_key
        if expected is None:
            return True
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or not auth[len("Bearer ") :].strip():
            self._send_error(
                401,
                "invalid_request_error",
                None,
                "You didn't provide an API key. You need to provide your API key in an Authorization header "
                "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
            )
            return False
        if auth[len("Bearer ") :].strip() != expected:
            self._send_error(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided.")
            return False
        return True

    @staticmethod
    def _validate(body: Any) -> str | None:
        """Return an error message if ``body`` is not a plausible chat-completions request."""
        if not isinstance(body, dict):
            return "We could not parse the JSON body of your request."
        if not isinstance(body.get("model"), str) or not body["model"]:
            return "you must provide a model parameter"
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            return "'messages' must be a non-empty array"
        for i, msg in enumerate(messages):
            if not isinstance(msg, dict) or "role" not in msg:
                return f"Invalid value for 'messages[{i}]': each message needs a 'role'."
        return None

    # --- responses --------------------------------------------------------------------------

    def _respond(self, behaviour: Behaviour, body: dict[str, Any]) -> None:
        fake = self.server.fake
        if behaviour.delay > 0 and fake._stopping.wait(behaviour.delay):
            self.close_connection = True
            return
        if behaviour.status != 200:
            default_type, default_code, default_message = _ERROR_DEFAULTS.get(
                behaviour.status, ("server_error" if behaviour.status >= 500 else "invalid_request_error", None, "")
            )
            extra = {}
            if behaviour.retry_after is not None:
                extra["Retry-After"] = _format_seconds(behaviour.retry_after)
            self._send_error(
                behaviour.status,
                behaviour.error_type or default_type,
                behaviour.error_code if behaviour.error_code is not None else default_code,
                behaviour.error_message or default_message or f"HTTP {behaviour.status}",
                extra,
            )
            return
        try:
            text = behaviour.reply(body) if callable(behaviour.reply) else behaviour.reply
            if not isinstance(text, str):
                raise TypeError(f"reply callable returned {type(text).__name__}, expected str")
        except Exception as exc:
            fake.reply_errors.append(exc)
            self._send_error(500, "server_error", None, f"fake server reply callable raised {exc!r}")
            return
        if body.get("stream") is True:
            self._stream(behaviour, body, text)
        else:
            self._complete(behaviour, body, text)

    def _complete(self, behaviour: Behaviour, body: dict[str, Any], text: str) -> None:
        """Send a non-streaming ``chat.completion`` object."""
        if behaviour.malformed:
            self._send_raw(200, b'{"id": "chatcmpl-broken", "object": "chat.completion", "choices": [{"mess')
            return
        completion = {
            "id": self.server.fake._new_id(),
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body["model"],
            "system_fingerprint": "fp_fake",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text, "refusal": None},
                    "logprobs": None,
                    "finish_reason": behaviour.finish_reason,
                }
            ],
            "usage": _usage(body, text),
        }
        payload = json.dumps(completion).encode()
        if behaviour.truncate_stream:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload[: len(payload) // 2])
            self._drop_connection()
            return
        self._send_raw(200, payload)

    def _stream(self, behaviour: Behaviour, body: dict[str, Any], text: str) -> None:
        """Send a ``text/event-stream`` of ``chat.completion.chunk`` events, as the real API does."""
        fake = self.server.fake
        completion_id = fake._new_id()
        created = int(time.time())
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))

        def chunk(delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
            event: dict[str, Any] = {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": body["model"],
                "system_fingerprint": "fp_fake",
                "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}],
            }
            if include_usage:
                event["usage"] = None
            return event

        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("x-request-id", f"req_{completion_id}")
        self.end_headers()

        if not self._event(json.dumps(chunk({"role": "assistant", "content": ""})), behaviour):
            return
        if behaviour.malformed:
            if self._event('{"id": "' + completion_id + '", "choices": [{"delta": {"content": "oo', behaviour):
                self._event("[DONE]", behaviour)
                self._end_chunked()
            return
        pieces = _split_pieces(text, fake.words_per_chunk)
        if behaviour.truncate_stream:
            for piece in pieces[: behaviour.truncate_after]:
                if not self._event(json.dumps(chunk({"content": piece})), behaviour):
                    return
            self._drop_connection()
            return
        for piece in pieces:
            if not self._event(json.dumps(chunk({"content": piece})), behaviour):
                return
        if not self._event(json.dumps(chunk({}, behaviour.finish_reason)), behaviour):
            return
        if include_usage:
            usage_chunk = chunk({})
            usage_chunk["choices"] = []
            usage_chunk["usage"] = _usage(body, text)
            if not self._event(json.dumps(usage_chunk), behaviour):
                return
        if self._event("[DONE]", behaviour):
            self._end_chunked()

    def _event(self, data: str, behaviour: Behaviour) -> bool:
        """Write one SSE ``data:`` event as an HTTP chunk and flush; False if the server is stopping."""
        if behaviour.chunk_delay > 0 and self.server.fake._stopping.wait(behaviour.chunk_delay):
            self._drop_connection()
            return False
        payload = f"data: {data}\n\n".encode()
        self.wfile.write(f"{len(payload):x}\r\n".encode() + payload + b"\r\n")
        self.wfile.flush()
        return True

    def _end_chunked(self) -> None:
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _drop_connection(self) -> None:
        """Close the TCP connection abruptly, mid-body."""
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.close_connection = True

    def _send_raw(self, status: int, payload: bytes, extra_headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("x-request-id", f"req_{self.server.fake._new_id()}")
        for name, value in (extra_headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)
        self.wfile.flush()

    def _send_json(self, status: int, obj: Any, extra_headers: dict[str, str] | None = None) -> None:
        self._send_raw(status, json.dumps(obj).encode(), extra_headers)

    def _send_error(
        self,
        status: int,
        err_type: str,
        code: str | None,
        message: str,
        extra_headers: dict[str, str] | None = None,
    ) -> None:
        """Send an OpenAI-style error body ``{"error": {"message", "type", "param", "code"}}``."""
        error = {"error": {"message": message, "type": err_type, "param": None, "code": code}}
        self._send_json(status, error, extra_headers)


def _format_seconds(seconds: float) -> str:
    return str(int(seconds)) if float(seconds).is_integer() else str(seconds)


def _usage(body: dict[str, Any], text: str) -> dict[str, int]:
    prompt = sum(_count_tokens(_message_text(m.get("content"))) for m in body.get("messages", []))
    completion = _count_tokens(text)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


#: A source as the answer layer fences it in the prompt (rag/answer/llm.py).
SOURCE = re.compile(r'<source id="(\d+)" title="([^"]*)">\s*(.*?)\s*</source>', re.DOTALL)


def sources_in(request: dict[str, Any]) -> list[tuple[int, str, str]]:
    """(id, title, abstract) of every fenced source in the request's last user message."""
    user = _message_text(request["messages"][-1]["content"])
    return [(int(n), title, abstract) for n, title, abstract in SOURCE.findall(user)]


def first_sentence(abstract: str) -> str:
    return re.split(r"(?<=[.!?])\s+", abstract.strip())[0]


def cite_first_two_sources(request: dict[str, Any]) -> str:
    """A well-behaved model: one bullet per source (the first two at most), each a sentence copied from
    that source, cited."""
    bullets = [f"- **{title}**: {first_sentence(abstract)} [{n}]" for n, title, abstract in sources_in(request)[:2]]
    return "\n".join(["These supplied papers are relevant.", *bullets])


class FakeOpenAIServer:
    """Local OpenAI-compatible server for tests: scripted behaviours in, recorded requests out.

    Args:
        api_key: If given, requests must carry ``Authorization: Bearer <api_key>`` or get a 401.
            If ``None`` (default), any or no Authorization header is accepted.
        models: Model ids listed by ``GET /v1/models``. Chat requests for other models are still answered.
        default: Behaviour (or reply string / callable) used when the script is empty.
        port: Port to bind on 127.0.0.1; 0 (default) picks a free one.
        words_per_chunk: How many words each streamed content delta carries.
        verbose: Log each request to stderr (off by default to keep test output clean).
    """

    def __init__(
        self,
        api_key: str | None = None,
        models: tuple[str, ...] | list[str] = ("fake-model",),
        default: Behaviour | str | ReplyFn = DEFAULT_REPLY,
        port: int = 0,
        words_per_chunk: int = 3,
        verbose: bool = False,
    ) -> None:
        self.api_key = api_key
        self.models = list(models)
        self.requested_port = port
        self.words_per_chunk = max(1, words_per_chunk)
        self.verbose = verbose
        self.requests: list[RecordedRequest] = []
        self.reply_errors: list[Exception] = []
        self._default = _coerce(default)
        self._script: deque[Behaviour] = deque()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._stopping = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind 127.0.0.1 and serve in a daemon thread. Returns ``self``."""
        if self._httpd is not None:
            raise RuntimeError("FakeOpenAIServer already started")
        self._stopping.clear()
        self._httpd = _HTTPServer(self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-openai", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, drop open client connections and release the port. Safe to call twice."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        self._stopping.set()
        httpd.shutdown()
        with httpd.sockets_lock:
            sockets = list(httpd.open_sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Self:
        """Start the server for a ``with`` block."""
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Stop the server at the end of a ``with`` block."""
        self.stop()

    @property
    def port(self) -> int:
        """The bound port (only valid while started)."""
        if self._httpd is None:
            raise RuntimeError("FakeOpenAIServer is not running")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """Base URL to give the OpenAI client, e.g. ``http://127.0.0.1:54321/v1``."""
        return f"http://127.0.0.1:{self.port}/v1"

    # --- scripting ----------------------------------------------------------------------------

    def script(self, *behaviours: Behaviour | str | ReplyFn) -> Self:
        """Queue behaviours, consumed one per chat-completion request (strings/callables mean ``reply=``)."""
        coerced = [_coerce(b) for b in behaviours]
        with self._lock:
            self._script.extend(coerced)
        return self

    @property
    def default(self) -> Behaviour:
        """Behaviour used when the script is empty (assignable with a Behaviour, string or callable)."""
        return self._default

    @default.setter
    def default(self, behaviour: Behaviour | str | ReplyFn) -> None:
        self._default = _coerce(behaviour)

    @property
    def pending(self) -> int:
        """Number of scripted behaviours not consumed yet."""
        with self._lock:
            return len(self._script)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        """Recorded ``POST /v1/chat/completions`` requests only."""
        with self._lock:
            return [r for r in self.requests if r.method == "POST" and r.path.startswith("/v1/chat/completions")]

    @property
    def last_request(self) -> RecordedRequest:
        """The most recent recorded request of any kind."""
        with self._lock:
            if not self.requests:
                raise LookupError("no request received yet")
            return self.requests[-1]

    def reset(self) -> None:
        """Forget recorded requests, reply errors and any unconsumed script."""
        with self._lock:
            self.requests.clear()
            self.reply_errors.clear()
            self._script.clear()

    # --- internals used by the handler ---------------------------------------------------------

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _next_behaviour(self) -> Behaviour:
        with self._lock:
            return self._script.popleft() if self._script else self._default

    def _new_id(self) -> str:
        return f"chatcmpl-fake{next(self._ids):08d}"


def main(argv: list[str] | None = None) -> None:
    """Serve the fake API in the foreground until interrupted, for manual experiments."""
    parser = argparse.ArgumentParser(description="Local fake OpenAI chat-completions server.")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--reply", default=DEFAULT_REPLY, help="reply text for every request")
    parser.add_argument("--api-key", default=None, help="require this bearer token")
    parser.add_argument("--model", action="append", default=None, help="model id to list (repeatable)")
    args = parser.parse_args(argv)
    server = FakeOpenAIServer(
        api_key=args.api_key,
        models=args.model or ["fake-model"],
        default=args.reply,
        port=args.port,
        verbose=True,
    )
    server.start()
    print(f"Fake OpenAI server listening on {server.base_url} (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
