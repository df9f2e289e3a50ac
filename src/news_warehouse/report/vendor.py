"""The Vega, Vega-Lite and Vega-Embed JavaScript the charts need, shipped next to the pages.

The report must open with no network (an analyst on a train, a locked-down laptop), so no CDN:
the three libraries come from the `vl-convert-python` wheel, pinned in requirements.lock like
everything else, which embeds them and bundles them into one classic script that sets
`window.vegaEmbed` (its `javascript_bundle`). A classic script, unlike an ES module, also loads
from a `file://` page. Bundling takes seconds, so the bundle of the previous report is reused
when its header says it was made from the same versions.
"""

from __future__ import annotations

from pathlib import Path

import altair as alt
import vl_convert

BUNDLE_NAME = "vega-bundle.js"


def vega_lite_minor() -> str:
    """The Vega-Lite version Altair writes specs for, as vl-convert names it ("6.4")."""
    return ".".join(alt.VEGALITE_VERSION.split(".")[:2])


def bundle_header() -> str:
    return (
        f"/* vega-embed {vl_convert.get_vega_embed_version()}, vega-lite {vega_lite_minor()}, "
        f"vega {vl_convert.get_vega_version()}: bundled by vl-convert-python {vl_convert.__version__} */\n"
    )


def write_bundle(target: Path, previous: Path | None) -> Path:
    """Write the bundle to `target`, copying `previous` when it was built from the same versions."""
    header = bundle_header()
    if previous is not None and previous.is_file():
        with previous.open(encoding="utf-8") as file:
            if file.readline() == header:
                target.write_bytes(previous.read_bytes())
                return target
    target.write_text(header + vl_convert.javascript_bundle(vl_version=vega_lite_minor()), encoding="utf-8")
    return target
