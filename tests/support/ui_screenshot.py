"""Log into the Airflow UI with headless Chromium, as a person would, and screenshot a run's grid.

Driven over the Chrome DevTools Protocol (Debian's `chromium`, the `websockets` client already
in the lock): type the user and password into the login form, submit, open the DAG run's grid,
wait for it to render, save a PNG. Returns the page's visible text so callers can assert on it.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import websockets

if TYPE_CHECKING:
    from news_warehouse.stack import Stack

PAGE_TIMEOUT_S = 60


class BrowserError(RuntimeError):
    """Chromium did not start, or the UI did not show what was expected in time."""


def screenshot_grid(stack: "Stack", run_id: str, png: Path) -> str:
    """Log in as the stack's admin, open `run_id`'s grid, write `png`; returns the page text."""
    url = f"{stack.api_url}/dags/news_pipeline/runs/{quote(run_id, safe='')}"
    user, password = stack.secrets["AIRFLOW_ADMIN_USERNAME"], stack.secrets["AIRFLOW_ADMIN_PASSWORD"]
    return asyncio.run(_screenshot(url, user, password, png))


async def _screenshot(url: str, user: str, password: str, png: Path) -> str:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise BrowserError("chromium is not installed: run `make browser`")
    with tempfile.TemporaryDirectory(prefix="news-chromium-") as profile:
        process = subprocess.Popen(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
             f"--user-data-dir={profile}", "--window-size=1600,1000", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        try:
            endpoint = _devtools_endpoint(Path(profile), process)
            async with websockets.connect(endpoint, max_size=64 * 1024 * 1024) as ws:
                page = Page(ws)
                await page.attach()
                await page.goto(url)
                # Unauthenticated, the UI sends us to its login form.
                await page.wait_for("document.querySelector('input[type=password]') !== null")
                await page.type_into("input:not([type=password])", user)
                await page.type_into("input[type=password]", password)
                await page.evaluate("document.querySelector('button[type=submit]').click()")
                await page.wait_for("document.querySelector('input[type=password]') === null")
                await page.goto(url)
                await page.wait_for("document.body.innerText.includes('news_pipeline') && "
                                    "document.body.innerText.includes('extract')")
                await asyncio.sleep(3)  # let the grid's icons and colours settle
                shot = await page.send("Page.captureScreenshot", {"format": "png"})
                png.parent.mkdir(parents=True, exist_ok=True)
                png.write_bytes(base64.b64decode(shot["data"]))
                return await page.evaluate("document.body.innerText")
        finally:
            process.terminate()
            process.wait(timeout=30)


def _devtools_endpoint(profile: Path, process: subprocess.Popen) -> str:
    """The browser's websocket URL, from the DevToolsActivePort file Chromium writes at start."""
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if port_file.exists() and len(lines := port_file.read_text().split()) >= 2:
            return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
        if process.poll() is not None:
            raise BrowserError(f"chromium exited with {process.returncode}")
        time.sleep(0.2)
    raise BrowserError("chromium did not open its DevTools port within 30 s")


class Page:
    """One tab, over the browser's DevTools websocket (flattened target sessions)."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.ids = itertools.count(1)
        self.session: str | None = None

    async def send(self, method: str, params: dict | None = None, session: bool = True) -> dict:
        message_id = next(self.ids)
        message = {"id": message_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        await self.ws.send(json.dumps(message))
        while True:
            reply = json.loads(await asyncio.wait_for(self.ws.recv(), PAGE_TIMEOUT_S))
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply["result"]

    async def attach(self) -> None:
        target = await self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = await self.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, session=False
        )
        self.session = attached["sessionId"]
        await self.send("Page.enable")

    async def goto(self, url: str) -> None:
        await self.send("Page.navigate", {"url": url})

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return result["result"].get("value")

    async def wait_for(self, condition: str) -> None:
        deadline = time.monotonic() + PAGE_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                if await self.evaluate(f"(() => {{ try {{ return {condition}; }} catch (e) {{ return false; }} }})()"):
                    return
            except BrowserError:
                pass  # the page is navigating: no context to evaluate in yet
            await asyncio.sleep(0.5)
        text = await self.evaluate("document.body ? document.body.innerText : ''")
        raise BrowserError(f"the page never satisfied `{condition}`; it shows: {str(text)[:500]!r}")

    async def type_into(self, selector: str, text: str) -> None:
        """Focus a field and type, as a keyboard does (React sees real input events)."""
        await self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
        await self.send("Input.insertText", {"text": text})
