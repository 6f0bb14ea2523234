"""The Jinja environments of the package's page templates (``templates/``).

Two environments over the one folder, each made once (they cache the
templates they compile): :func:`template_env` for the gallery, the embed
page and the comparison page, :func:`site_template_env` for the site pages
and the presence page, which trims blocks. Both escape every value; they
differ in whitespace only, and keeping both keeps every page's bytes.

>>> template_env().get_template("index.html").name
'index.html'
"""

from __future__ import annotations

from functools import cache

from ..resources import TEMPLATES_DIR

__all__ = ["site_template_env", "template_env"]


@cache
def template_env():
    """The Jinja environment of the package's templates (autoescaped), made
    once: it caches the templates it compiles."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )


@cache
def site_template_env():
    """The environment of the site pages and the presence page: the same
    templates, with blocks trimmed (a site page repeats its rows thousands
    of times in a large export), made once."""
    from jinja2 import Environment, FileSystemLoader

    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the package's templates: no stat per page
    )
