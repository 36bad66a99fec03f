"""A minimal Language Server Protocol client for yaml-language-server (the server editors run for YAML): open
one document under a schema and return the diagnostics the server publishes for it."""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any


def server() -> str | None:
    """The yaml-language-server program: $YAML_LANGUAGE_SERVER, else one on PATH."""
    return os.environ.get("YAML_LANGUAGE_SERVER") or shutil.which("yaml-language-server")


def diagnostics(program: str, schema: Path, document: Path, timeout: float = 60) -> list[dict[str, Any]]:
    """What the server says of ``document`` validated against ``schema`` (an empty list: nothing)."""
    uri = document.resolve().as_uri()
    settings = {"validate": True, "schemas": {schema.resolve().as_uri(): [uri]}}
    proc = subprocess.Popen(
        [program, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert proc.stdin is not None and proc.stdout is not None
    buffer = b""
    deadline = time.monotonic() + timeout

    def send(message: dict[str, Any]) -> None:
        body = json.dumps(message).encode("utf-8")
        proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)  # type: ignore[union-attr]
        proc.stdin.flush()  # type: ignore[union-attr]

    def receive() -> dict[str, Any]:
        nonlocal buffer
        while True:
            head, sep, rest = buffer.partition(b"\r\n\r\n")
            if sep:
                length = next(
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length")
                )
                if len(rest) >= length:
                    buffer = rest[length:]
                    return json.loads(rest[:length])
            ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(proc.stdout.fileno(), 1 << 16) if ready else b""  # type: ignore[union-attr]
            if not chunk:
                raise TimeoutError("yaml-language-server published no diagnostics")
            buffer += chunk

    try:
        send(
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {"processId": None, "rootUri": None, "capabilities": {}},
            }
        )
        while receive().get("id") != 1:
            pass
        send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        send(
            {"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration", "params": {"settings": {"yaml": settings}}}
        )
        text = document.read_text(encoding="utf-8")
        send(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
            }
        )
        while True:
            message = receive()
            if message.get("method") == "workspace/configuration":
                send({"jsonrpc": "2.0", "id": message["id"], "result": [settings] * len(message["params"]["items"])})
            elif "id" in message and "method" in message:  # any other request of the server's: no answer to give
                send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            elif message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                return message["params"]["diagnostics"]
    finally:
        proc.kill()
        proc.wait()
