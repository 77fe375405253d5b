"""Chart images drawn on the server (kaleido ≥ 1 through an installed Chrome/Chromium) and
the zip of every chart.

:func:`kaleido_available` says whether that can work and why not; the browser-side camera
button of each chart works without it. Exported PNGs are at most
:data:`framing.report.context.MAX_EXPORT_PX` px tall: tall charts get a lower scale.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import threading
import time
import zipfile
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from framing.report.columns import readable
from framing.report.context import ChartContext, export_scale, with_context
from framing.report.tables import safe_filename, to_csv_bytes

__all__ = [
    "IMAGE_SCALE",
    "IMAGE_WIDTH",
    "NO_BROWSER",
    "chart_csv",
    "chart_image",
    "figures_zip",
    "find_browser",
    "kaleido_available",
    "render_image",
]

IMAGE_SCALE = 2
IMAGE_WIDTH = 900  # px before scaling, for figures without their own width

_LOCK = threading.Lock()
_STATE: dict[str, Any] = {"server": False, "error": None}
NO_BROWSER = (
    "Server-side image export needs Chrome or Chromium, and none was found "
    "(install the 'chromium' package, or point the BROWSER_PATH environment variable at a "
    "Chrome/Chromium executable). The camera button above each chart still saves PNG/SVG "
    "from your browser."
)


def find_browser() -> str | None:
    env = os.environ.get("BROWSER_PATH")
    if env:
        return env if Path(env).is_file() and os.access(env, os.X_OK) else None
    try:
        from choreographer.browsers.chromium import Chromium

        found = Chromium.find_browser(skip_local=False)
    except Exception:  # private API moved: fall back to a plain lookup
        found = None
    if not found:
        for exe in (
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
            "chrome",
        ):
            found = shutil.which(exe)
            if found:
                break
    return found if found and Path(found).is_file() else None


def kaleido_available() -> tuple[bool, str]:
    """Whether charts can be exported as images on the server, and a reason for a reporter.

    Checks that kaleido ≥ 1 is importable and that a Chrome/Chromium executable is found
    (``BROWSER_PATH`` first, then kaleido's own lookup: PATH names and the usual install
    places such as ``/usr/bin/chromium``). It does not start the browser; if the browser is
    found but fails to start, :func:`render_image` raises a :class:`RuntimeError` with the
    cause, and from then on this function returns ``False`` with that cause.

    Returns
    -------
    (bool, str)
        ``(True, "Chromium at /usr/bin/chromium")`` or ``(False, <what to do>)``.
    """
    try:
        version = metadata.version("kaleido")
        import kaleido  # noqa: F401
    except Exception:
        return False, "Server-side image export needs the 'kaleido' package (version 1 or later)."
    if int(version.split(".")[0]) < 1:
        return False, f"kaleido {version} is too old: version 1 or later is needed."
    if _STATE["error"]:
        return False, str(_STATE["error"])
    path = find_browser()
    if not path:
        env = os.environ.get("BROWSER_PATH")
        extra = f" BROWSER_PATH is set to {env!r}, which is not an executable file." if env else ""
        return False, NO_BROWSER + extra
    return True, f"Chromium at {path}"


_FIRST_CALL_TIMEOUT = 120.0  # seconds for the browser to start and draw the first image


def _first_call(spec: dict, opts: dict) -> bytes:
    """The first image on a fresh server, watched so a browser that dies cannot hang us.

    kaleido's sync server runs the browser in a thread; if that thread dies (Chromium
    missing or crashing), a plain call would wait forever. Here the call runs in a helper
    thread while we watch the server thread.
    """
    import kaleido

    result: dict[str, Any] = {}

    def work() -> None:
        try:
            result["value"] = kaleido.calc_fig_sync(spec, opts=opts)
        except BaseException as err:  # handed to the caller below
            result["error"] = err

    worker = threading.Thread(target=work, daemon=True, name="framing-first-image")
    worker.start()
    server = getattr(kaleido, "_global_server", None)
    deadline = time.monotonic() + _FIRST_CALL_TIMEOUT
    while worker.is_alive():
        worker.join(0.1)
        browser_thread = getattr(server, "_thread", None)
        if worker.is_alive() and browser_thread is not None and not browser_thread.is_alive():
            with contextlib.suppress(Exception):
                server.close(silence_warnings=True)
            raise RuntimeError("the browser stopped before drawing the first chart")
        if time.monotonic() > deadline:
            raise RuntimeError(f"no image after {_FIRST_CALL_TIMEOUT:.0f} s")
    if "error" in result:
        raise RuntimeError(str(result["error"])) from result["error"]
    return result["value"]


def _calc(spec: dict, opts: dict) -> bytes:
    """Draw one image on kaleido's shared browser, starting it once per process."""
    import kaleido

    if _STATE["server"]:
        return kaleido.calc_fig_sync(spec, opts=opts)
    ok, reason = kaleido_available()
    if not ok:
        raise RuntimeError(reason)
    kaleido.start_sync_server(mathjax=False, silence_warnings=True)
    try:
        data = _first_call(spec, opts)
    except RuntimeError as err:
        _STATE["error"] = f"Chromium was found but could not draw a chart: {err}"
        raise RuntimeError(_STATE["error"]) from err
    _STATE["server"] = True
    return data


def render_image(
    figure: Any,
    fmt: str = "png",
    *,
    scale: float = IMAGE_SCALE,
    width: int | None = None,
    height: int | None = None,
) -> bytes:
    """One figure as PNG/SVG/PDF bytes, drawn by kaleido's shared browser (thread-safe).

    The first call in a process starts the browser (3–5 s on a busy 2-core machine); later
    calls reuse it (0.2–0.5 s each). A browser that fails to start raises
    :class:`RuntimeError` (never hangs), and :func:`kaleido_available` then reports it.
    ``width`` defaults to :data:`IMAGE_WIDTH`, ``height`` to the figure's own height.
    """
    if fmt not in {"png", "svg", "pdf", "jpeg", "webp"}:
        raise ValueError(f"unsupported image format {fmt!r}")
    spec = figure.to_dict() if hasattr(figure, "to_dict") else dict(figure)
    layout = spec.get("layout", {})
    opts = {
        "format": fmt,
        "width": int(width or layout.get("width") or IMAGE_WIDTH),
        "height": int(height or layout.get("height") or 500),
        "scale": scale,
    }
    with _LOCK:
        return _calc(spec, opts)


def chart_csv(chart: Any) -> bytes:
    """The CSV of exactly the data a chart plots, with readable headers and units."""
    return to_csv_bytes(readable(chart.data, table=chart.name))


def chart_image(chart: Any, fmt: str = "png", *, context: ChartContext | None = None) -> bytes:
    """One chart as an image for a report: with its context (if given), laid out for print,
    at scale 2 or lower so a PNG is never taller than 3,000 px."""
    fig = with_context(chart, context, export=True).figure if context is not None else chart.figure
    height = float(fig.layout.height or 500)
    # scale 2, lowered for tall charts to stay ≤ 3,000 px, never below 1 (labels stay legible)
    scale = max(export_scale(height, scale=IMAGE_SCALE), 1.0) if fmt == "png" else 1.0
    return render_image(fig, fmt, scale=scale)


def figures_zip(
    charts: Sequence[Any],
    *,
    images: bool = True,
    formats: Sequence[str] = ("png", "svg"),
    timings: dict[str, float] | None = None,
    context: ChartContext | None = None,
) -> bytes:
    """A zip with every chart as PNG and SVG, plus the CSV of the data plotted.

    Parameters
    ----------
    charts : sequence of Chart
        From :mod:`framing.charts`.
    images : bool
        False: CSVs only (for when :func:`kaleido_available` says no).
    formats : sequence of str
        Image formats to draw.
    timings : dict, optional
        Filled with seconds per image file (``{"profile.png": 0.21, …}``).
    context : ChartContext, optional
        Title, subtitle and source line for every image (:func:`with_context`, print
        layout); PNGs at scale 2, lower for charts that would pass 3,000 px.

    Raises
    ------
    RuntimeError
        ``images`` is true and no browser can draw the images (message from
        :func:`kaleido_available`).
    """
    buffer = io.BytesIO()
    used: set[str] = set()

    def unique(name: str, ext: str) -> str:
        fname, i = safe_filename(name, ext), 2
        while fname in used:
            fname, i = safe_filename(f"{name}-{i}", ext), i + 1
        used.add(fname)
        return fname

    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for chart in charts:
            zf.writestr(unique(chart.name, "csv"), chart_csv(chart))
            if not images:
                continue
            for fmt in formats:
                fname = unique(chart.name, fmt)
                t0 = time.perf_counter()
                data = chart_image(chart, fmt, context=context)
                if timings is not None:
                    timings[fname] = time.perf_counter() - t0
                zf.writestr(fname, data)
    return buffer.getvalue()
