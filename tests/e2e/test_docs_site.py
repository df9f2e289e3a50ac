"""The dbt docs page of a real run, opened in headless Chromium (Debian's `chromium`).

The page is a single-page AngularJS app: nothing is in the HTML file until its scripts run, so
these tests look at what the browser *renders*:

* `--dump-dom` of the overview: the project tree has a `marts` folder listing every mart model;
* `--dump-dom` of `#!/model/model.news_warehouse.fct_incident`: the model page, whose
  "Depends On" section links the models it selects from;
* the lineage graph (`?g_v=1&g_i=+fct_incident`) is drawn by cytoscape on `<canvas>`, so the
  dumped DOM holds no node names; over the DevTools protocol (`--remote-debugging-pipe`, stdlib
  only) we read the nodes cytoscape shows, check it painted pixels, and take a screenshot.

Expected names come from dbt's manifest of the same run (`target/manifest.json`), not from the page.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from news_warehouse.config import PROJECT_ROOT
from news_warehouse.transform.dbt import target_dir
from tests.support.reliability import World

pytestmark = pytest.mark.slow

PROJECT = "news_warehouse"
MART = "fct_incident"
MARTS = sorted(path.stem for path in (PROJECT_ROOT / "dbt_project" / "models" / "marts").glob("*.sql"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,900",
]
VIRTUAL_TIME_MS = 10_000
BROWSER_TIMEOUT_S = 60


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> str:
    """Path of the Chromium binary; installed with apt-get when missing and we are root."""
    found = _find_chromium()
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env, capture_output=True, timeout=600)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"],
            check=False,
            env=env,
            capture_output=True,
            timeout=900,
        )
        found = _find_chromium()
    if found is None:
        pytest.skip("chromium is not installed and could not be installed (needs root and apt-get; `make browser`)")
    return found


@pytest.fixture(scope="module")
def docs_page(seeds_run: World) -> Path:
    page = seeds_run.settings.docs_dir / "dbt" / "index.html"
    assert page.is_file(), f"the run did not write the dbt docs page {page}"
    return page


@pytest.fixture(scope="module")
def manifest(seeds_run: World) -> dict[str, Any]:
    return json.loads((target_dir(seeds_run.settings) / "manifest.json").read_text())


# --- tests --------------------------------------------------------------------------------------


def test_project_tree_lists_every_mart(chromium: str, docs_page: Path, tmp_path: Path) -> None:
    dom = parse_html(dump_dom(chromium, docs_page.as_uri() + "#!/overview", tmp_path))

    title = dom.find_all(lambda e: e.tag == "title")
    assert title and title[0].text().strip() == "dbt Docs"

    # A folder entry is <li><a class="menu-tree">marts</a><ul>... <a class="menu-node"
    # data-nav-unique-id="model.news_warehouse.dim_article"> ...</ul></li>.
    folders = [
        li
        for li in dom.find_all(lambda e: e.tag == "li")
        if any(a.tag == "a" and a.has_class("menu-tree") and a.text().strip() == "marts" for a in li.children)
    ]
    assert folders, "no `marts` folder in the rendered project tree"
    listed = [
        {
            a.attrs.get("data-nav-unique-id", "")
            for a in folder.find_all(lambda e: e.tag == "a" and e.has_class("menu-node"))
        }
        for folder in folders
    ]
    expected = {f"model.{PROJECT}.{name}" for name in MARTS}
    assert {"dim_article", "fct_incident", "fct_monetary_figure"} <= set(MARTS)
    assert any(expected <= ids for ids in listed), (
        f"marts missing from the project tree: {sorted(expected - max(listed, key=lambda ids: len(ids & expected)))}"
    )


def test_model_page_shows_its_upstream_models(
    chromium: str, docs_page: Path, manifest: dict[str, Any], tmp_path: Path
) -> None:
    unique_id = f"model.{PROJECT}.{MART}"
    dom = parse_html(dump_dom(chromium, f"{docs_page.as_uri()}#!/model/{unique_id}", tmp_path))

    headings = [h.text().split() for h in dom.find_all(lambda e: e.tag == "h1")]
    assert any(words and words[0] == MART for words in headings), f"model page not rendered: h1s {headings}"

    sections = [
        section
        for section in dom.find_all(lambda e: e.tag == "section")
        if any(h.text().strip() == "Depends On" for h in section.find_all(lambda e: e.tag == "h6"))
    ]
    assert sections, "no 'Depends On' section on the model page"
    # The "Models" tab of the reference list is the one shown: links to the parent models.
    shown = {
        a.attrs["href"].removeprefix("#!/model/")
        for a in sections[0].find_all(lambda e: e.tag == "a" and e.attrs.get("href", "").startswith("#!/model/"))
    }
    parents = {p for p in manifest["parent_map"][unique_id] if p.startswith("model.")}
    assert parents, "the manifest gives fct_incident no parent model"
    assert shown == parents


def test_lineage_graph_draws_upstream_models(
    chromium: str, docs_page: Path, manifest: dict[str, Any], tmp_path: Path
) -> None:
    unique_id = f"model.{PROJECT}.{MART}"
    url = f"{docs_page.as_uri()}#!/model/{unique_id}?g_v=1&g_i=%2B{MART}"
    with DevTools.launch(chromium, url, tmp_path / "profile") as browser:
        graph = browser.evaluate(LINEAGE_JS, timeout=20)
        screenshot = tmp_path / "fct_incident_lineage.png"
        screenshot.write_bytes(browser.screenshot())

    assert "error" not in graph, f"lineage graph did not render: {graph}"
    assert graph["width"] > 300 and graph["height"] > 150, f"graph panel too small: {graph}"
    shown = {node["id"] for node in graph["nodes"]}
    upstream = ancestors(manifest, unique_id)
    assert any(u.startswith("model.") for u in upstream) and any(u.startswith("source.") for u in upstream)
    assert upstream | {unique_id} <= shown, f"upstream nodes missing: {sorted(upstream - shown)}"
    # `+fct_incident` selects fct_incident and its ancestors only: nothing downstream is shown.
    assert not shown & set(manifest["child_map"][unique_id])
    # Something was painted: the node layer of the canvas is not empty.
    assert graph["painted_pixels"] > 5_000, f"nothing drawn on the graph canvas: {graph}"
    # A real screenshot, not a blank page (a blank 1400x900 PNG is a few kilobytes).
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 50_000, f"screenshot looks blank: {screenshot}"


# --- helpers ------------------------------------------------------------------------------------


def _find_chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def dump_dom(chromium: str, url: str, tmp_path: Path) -> str:
    """The DOM after the page's scripts ran (virtual time lets the SPA settle without sleeping)."""
    profile = tmp_path / f"profile-dump-{time.monotonic_ns()}"
    done = subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--virtual-time-budget={VIRTUAL_TIME_MS}",
            "--dump-dom",
            url,
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=BROWSER_TIMEOUT_S,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0 and "</html>" in done.stdout, f"chromium failed: {done.stderr[-2000:]}"
    return done.stdout


def ancestors(manifest: dict[str, Any], unique_id: str) -> set[str]:
    """Every model, seed and source upstream of a node (tests and macros are not graph nodes)."""
    seen: set[str] = set()
    todo = list(manifest["parent_map"][unique_id])
    while todo:
        node = todo.pop()
        if node not in seen and node.split(".")[0] in {"model", "seed", "source", "snapshot"}:
            seen.add(node)
            todo.extend(manifest["parent_map"].get(node, []))
    return seen


# The lineage graph: cytoscape keeps its instance on the container (`#cy`._cyreg.cy). Wait until
# it shows nodes in a laid-out, visible panel, then report them and count painted pixels.
LINEAGE_JS = """
new Promise(resolve => {
  const started = Date.now();
  const poll = () => {
    const el = document.getElementById('cy');
    const cy = el && el._cyreg && el._cyreg.cy;
    const nodes = cy ? cy.nodes().filter(n => n.visible()) : [];
    if (nodes.length > 0 && el.clientWidth > 0 && Date.now() - started > 1000) {
      const canvas = el.querySelector('canvas[data-id="layer2-node"]');
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
      resolve({
        nodes: nodes.map(n => ({id: n.id(), label: n.data('label'), type: n.data('resource_type')})),
        width: el.clientWidth, height: el.clientHeight, painted_pixels: painted,
      });
    } else if (Date.now() - started > 15000) {
      resolve({error: 'no visible lineage graph after 15 s', has_cytoscape: !!cy});
    } else {
      setTimeout(poll, 200);
    }
  };
  poll();
})
"""


@dataclass
class DevTools:
    """Minimal Chrome DevTools Protocol client over `--remote-debugging-pipe` (fds 3 and 4)."""

    process: subprocess.Popen[bytes]
    to_browser: int
    from_browser: int
    session: str = ""
    next_id: int = 0
    pending: bytes = b""

    @classmethod
    def launch(cls, chromium: str, url: str, profile: Path, flags: tuple[str, ...] = ()) -> _Session:
        """A browser on `url`; `flags` are added to CHROMIUM_FLAGS (e.g. to cut the network off)."""
        return _Session(chromium, url, profile, flags)

    def call(self, method: str, params: dict[str, Any] | None = None, timeout: float = 20) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if self.session and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" not in self.pending:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no answer to {method} within {timeout} s")
                chunk = os.read(self.from_browser, 1 << 20)
                if not chunk:
                    raise RuntimeError(f"chromium closed the DevTools pipe during {method}")
                self.pending += chunk
            raw, self.pending = self.pending.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self.next_id:
                return reply

    def evaluate(self, expression: str, timeout: float) -> Any:
        """Evaluate (awaiting a promise); retried while the page is still (re)creating its context."""
        deadline = time.monotonic() + timeout
        while True:
            reply = self.call(
                "Runtime.evaluate",
                {"expression": expression, "awaitPromise": True, "returnByValue": True},
                timeout=timeout,
            )
            result = reply.get("result", {})
            if "error" not in reply and "exceptionDetails" not in result:
                return result["result"].get("value")
            if time.monotonic() > deadline:
                raise AssertionError(f"Runtime.evaluate failed: {reply}")
            time.sleep(0.3)

    def screenshot(self) -> bytes:
        reply = self.call("Page.captureScreenshot", {"format": "png"})
        return base64.b64decode(reply["result"]["data"])


@dataclass
class _Session:
    chromium: str
    url: str
    profile: Path
    flags: tuple[str, ...] = ()
    tools: DevTools | None = field(default=None, init=False)

    def __enter__(self) -> DevTools:
        command_read, command_write = os.pipe()
        answer_read, answer_write = os.pipe()

        def pipes_on_3_and_4() -> None:  # in the child, before exec
            command = fcntl.fcntl(command_read, fcntl.F_DUPFD, 10)
            answer = fcntl.fcntl(answer_write, fcntl.F_DUPFD, 10)
            os.dup2(command, 3)
            os.dup2(answer, 4)

        process = subprocess.Popen(
            [
                self.chromium, *CHROMIUM_FLAGS, *self.flags, f"--user-data-dir={self.profile}",
                "--remote-debugging-pipe", self.url,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=pipes_on_3_and_4,  # noqa: PLW1509 (the tests start no threads)
        )
        os.close(command_read)
        os.close(answer_write)
        self.tools = DevTools(process, command_write, answer_read)
        try:
            targets = self.tools.call("Target.getTargets")["result"]["targetInfos"]
            page = next(t for t in targets if t["type"] == "page")
            attached = self.tools.call("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})
            self.tools.session = attached["result"]["sessionId"]
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self.tools

    def __exit__(self, *exc: object) -> None:
        assert self.tools is not None
        try:
            self.tools.call("Browser.close", timeout=5)
        except (OSError, RuntimeError, TimeoutError):
            pass
        try:
            self.tools.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.tools.process.kill()
            self.tools.process.wait()
        os.close(self.tools.to_browser)
        os.close(self.tools.from_browser)


# --- a small DOM for the dumped HTML ------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # own text and, interleaved, children's

    def has_class(self, name: str) -> bool:
        return name in self.attrs.get("class", "").split()

    def text(self) -> str:
        return "".join(self.texts)

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.walk()

    def find_all(self, predicate: Any) -> list[Element]:
        return [element for element in self.walk() if predicate(element)]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self.stack[-1].tag in {"script", "style"}:
            return
        for element in self.stack:  # text() of an element includes its descendants' text
            element.texts.append(data)


def parse_html(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root
