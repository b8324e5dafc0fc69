"""The static site's pages as HTML text (pure; jinja2; imported only by `claims site`).

Templates and the stylesheet are package data in `render/site_templates/`. Every link is
relative (`root` is "../" per folder level), so the site works from file:// and from any
sub-path of a web server (GitHub Pages). Pages never say when they were built: a page whose
inputs did not change comes out byte for byte the same, and is not rewritten.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files
from typing import Any

import jinja2
from markupsafe import escape

SITE_TITLE = "Fact base"
STATIC_FILES = ("site.css", "search.js")


class _Environment(jinja2.Environment):
    """Views are dicts: `{{ c.id }}` looks the key up first (jinja tries the attribute first,
    and the AttributeError it raises and catches cost a fifth of a page's time)."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


@cache
def environment(compiled: str | None = None) -> jinja2.Environment:
    """The templates; `compiled` is a folder keeping them compiled between runs (compiling
    the ten templates took a second of a one-file rebuild)."""
    # Autoescape every template: the default covers only .html/.htm/.xml, not .html.j2.
    env = _Environment(
        loader=jinja2.PackageLoader("claimledger.render", "site_templates"),
        auto_reload=False,  # templates are package data: no stat per page
        bytecode_cache=jinja2.FileSystemBytecodeCache(compiled) if compiled else None,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # The macros are globals, made once: a `{% from "macros.html.j2" import ... %}` in each
    # template made the macro module again on every page (the page's variables count as
    # globals it might read), a sixth of a claim page's rendering time.
    macros = env.get_template("macros.html.j2").module
    env.globals.update(status=macros.status, claims_table=macros.claims_table)
    return env


def root_of(path: str) -> str:
    """The relative way from a page back to the site's top: "" or "../../"."""
    return "../" * path.count("/")


COMPILED: dict[str, str | None] = {"folder": None}  # set by the command: its cache folder
TITLE_MARK = "\x00title\x00"


@cache
def _frame(root: str, script: str) -> tuple[str, str]:
    """The page's head and foot, rendered once per folder depth (a template per page with
    `{% extends %}` cost a third of a claim page's time)."""
    env = environment(COMPILED["folder"])
    head = env.get_template("head.html.j2").render(
        root=root, site_title=SITE_TITLE, title=TITLE_MARK
    )
    scripts = f'<script src="{root}{script}"></script>' if script else ""
    return head, env.get_template("foot.html.j2").render(scripts=scripts)


@cache
def _template(name: str) -> jinja2.Template:
    return environment(COMPILED["folder"]).get_template(name)


def render(template: str, path: str, title: str, script: str = "", **data: Any) -> str:
    root = root_of(path)
    head, foot = _frame(root, script)
    body = _template(template).render(root=root, **data)
    return head.replace(TITLE_MARK, str(escape(title)), 1) + body + foot


def subject_page(view: Mapping[str, Any]) -> str:
    return render("subject.html.j2", view["path"], view["id"], s=view)


def source_page(view: Mapping[str, Any]) -> str:
    return render("source.html.j2", view["path"], view["id"], s=view)


def claim_page(view: Mapping[str, Any]) -> str:
    return render("claim.html.j2", view["path"], view["id"], c=view)


def index_page(subjects: Sequence[Mapping[str, Any]], counts: Mapping[str, Any]) -> str:
    """The front page: subjects in dispute, open ones first, then resolved; counts."""
    disputed = [s for s in subjects if s["open"] or s["resolved"]]
    disputed.sort(key=lambda s: (not s["open"], -s["open"], s["id"]))
    last = max((s["last_change"] for s in subjects), default="")
    return render(
        "index.html.j2",
        "index.html",
        "Index",
        rows=disputed,
        counts=counts,
        last_change=last,
        site_title=SITE_TITLE,
    )


def subjects_page(subjects: Sequence[Mapping[str, Any]]) -> str:
    return render("subjects.html.j2", "subjects.html", "Subjects", rows=sorted(subjects, key=_id))


def sources_page(sources: Sequence[Mapping[str, Any]]) -> str:
    return render("sources.html.j2", "sources.html", "Sources", rows=sorted(sources, key=_id))


def search_page() -> str:
    return render("search.html.j2", "search.html", "Search", "search.js")


def search_index(rows: Sequence[Sequence[str]]) -> str:
    """The search index as a script (file:// pages may not fetch JSON beside them)."""
    body = json.dumps(
        sorted(rows, key=lambda r: (r[0] != "subject", r[0], r[1])),
        ensure_ascii=False,
        separators=(",", ":"),
    )
    # "</" would end the script early if a quote held "</script>".
    return "window.CLAIMS_SEARCH=" + body.replace("</", "<\\/") + ";\n"


def static_file(name: str) -> bytes:
    """The stylesheet or the search script, as shipped."""
    return files("claimledger.render").joinpath("site_templates", name).read_bytes()


def _id(row: Mapping[str, Any]) -> str:
    return str(row["id"])
