"""The figures' files after the browser: thumbnails, the GIF, PDF dates.

The browser draws each figure's PNG and PDF (:mod:`basemap.figures.draw`);
these make from the PNG, deterministically, a small PNG for an index's
gallery and the frames of a GIF of the years (Pillow), and give a PDF the
date of its data instead of the time it was drawn (:func:`dated_pdf`).

Examples
--------
>>> from PIL import Image
>>> import io
>>> png = io.BytesIO()
>>> Image.new("RGB", (720, 480), "white").save(png, format="PNG")
>>> Image.open(io.BytesIO(thumbnail_bytes(png.getvalue()))).size
(360, 240)
"""

from __future__ import annotations

import io
import re

__all__ = [
    "dated_pdf",
    "decoded",
    "gif_bytes",
    "gif_frame",
    "page_pdf",
    "thumbnail_bytes",
]


def _image(png):
    """A figure's PNG (bytes) as an RGB image; an image is taken as it is."""
    from PIL import Image

    if isinstance(png, Image.Image):
        return png
    return Image.open(io.BytesIO(png)).convert("RGB")


def thumbnail_bytes(png, width: int = 360) -> bytes:
    """A small PNG of a figure's PNG (bytes, or the image decoded once
    with :func:`decoded`), ``width`` pixels wide (deterministic)."""
    from PIL import Image

    image = _image(png)
    height = round(image.height * width / image.width)
    small = image.resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, format="PNG")
    return out.getvalue()


def decoded(png: bytes):
    """A figure's PNG decoded once, for :func:`thumbnail_bytes` and
    :func:`gif_frame` both."""
    return _image(png)


def gif_frame(png, width: int | None = None):
    """One frame of the GIF: a figure's PNG (bytes or decoded) at its own
    size or ``width`` pixels wide, in 255 colours (an octree: the figures'
    flat colours keep their hue, and it is ten times quicker than a median
    cut)."""
    from PIL import Image

    image = _image(png)
    if width:
        height = round(image.height * width / image.width)
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    return image.quantize(colors=255, method=Image.Quantize.FASTOCTREE)


def gif_bytes(pngs: list, ms_per_frame: int = 1200, width: int | None = None) -> bytes:
    """An animated GIF of figures' PNGs (one frame each, looping), at
    their own size or ``width`` pixels wide. Each item is a PNG's bytes, or
    a frame already made by :func:`gif_frame`."""
    from PIL import Image

    frames = [
        png
        if isinstance(png, Image.Image) and png.mode == "P"
        else gif_frame(png, width)
        for png in pngs
    ]
    out = io.BytesIO()
    frames[0].save(
        out,
        format="GIF",
        save_all=True,
        append_images=frames[1:],
        duration=ms_per_frame,
        loop=0,
        optimize=False,
    )
    return out.getvalue()


_PDF_DATES = re.compile(rb"/(CreationDate|ModDate) \(D:(\d{14})")


def dated_pdf(pdf: bytes, day: str | None) -> bytes:
    """``pdf`` with its creation and modification dates set to ``day``
    (``YYYY-MM-DD``, at midnight), or as it is when ``day`` is None.

    Chromium stamps a PDF with the time it draws it, so the same figure
    drawn twice gave other bytes. Dated by its data's "as of" day, the
    same data and options give the same PDF (SOURCE_DATE_EPOCH's rule).
    Only the digits are replaced, by as many: the file's cross-reference
    offsets hold.

    >>> dated_pdf(b"<</CreationDate (D:20261204192003+00'00')>>", "2026-12-01")
    b"<</CreationDate (D:20261201000000+00'00')>>"
    """
    if day is None:
        return pdf
    digits = day.replace("-", "").encode("ascii") + b"000000"
    if len(digits) != 14 or not digits.isdigit():
        raise ValueError(f"a PDF's date is a day as YYYY-MM-DD, not {day!r}")
    return _PDF_DATES.sub(lambda m: b"/" + m.group(1) + b" (D:" + digits, pdf)


async def page_pdf(page, width: int, height: int, day: str | None) -> bytes:
    """A Playwright page printed as a one-page PDF of its own size (CSS
    pixels), edge to edge with its backgrounds, dated ``day``
    (:func:`dated_pdf`): a map figure's PDF and a chart's. The page is
    printed as it is on screen (its screen media): a figure's PDF is its PNG
    in vectors, insets and all, not the page's print layout, which lays the
    map out anew only when a browser prints it (``beforeprint``)."""
    await page.emulate_media(media="screen")
    pdf = await page.pdf(  # (Chromium prints at the page's own size: no relayout)
        width=f"{width}px",
        height=f"{height}px",
        print_background=True,
        margin={"top": "0", "right": "0", "bottom": "0", "left": "0"},
        page_ranges="1",
    )
    return dated_pdf(pdf, day)
