"""The static site's pages as HTML text (pure; jinja2; imported only by `claims site`).

Templates and the stylesheet are package data in `render/site_templates/`. Every link is
relative (`root` is "../" per folder level), so the site works from file:// and from any
sub-path of a web server (GitHub Pages). Pages never say when they were built: a page whose
inputs did not change comes out byte for byte the same, and is not rewritten.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files
from typing import Any

import jinja2
import jinja2.compiler
import orjson
from markupsafe import Markup, escape

SITE_TITLE = "Fact base"
STATIC_FILES = ("site.css", "search.js")


try:  # markupsafe's C escaping; `escape()` is this plus a Markup made around the result
    from markupsafe import _escape_inner as _escaped
except ImportError:  # another markupsafe: the public function, slower, the same text

    def _escaped(text: str) -> str:
        return str(escape(text))


def html_text(value: Any) -> str:
    """A value as HTML text: markup (`|safe`, macros) as it is, anything else escaped, as
    markupsafe's `escape` does, as a plain string (the Markup that `escape` makes around
    each of a page's 30-80 values was a quarter of its rendering time)."""
    if type(value) is str:
        return _escaped(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return _escaped(str(value))


class _CodeGenerator(jinja2.compiler.CodeGenerator):
    """Compiles `{{ value }}` in an autoescaped template to `environment.html_text(value)`
    rather than `escape(value)`. Where a jinja version no longer calls this method, templates
    compile as before: the same pages, made slower."""

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("environment.html_text(")
        if finalize.src is not None:
            self.write(finalize.src)


class _Environment(jinja2.Environment):
    """Views are dicts: `{{ c.id }}` looks the key up first (jinja tries the attribute first,
    and the AttributeError it raises and catches cost a fifth of a page's time)."""

    code_generator_class = _CodeGenerator
    html_text = staticmethod(html_text)

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
    # Only what the templates use: every global is copied into each page's context, and
    # jinja's defaults (range, lipsum, cycler, ...) cost 9 µs of a claim page's 67.
    env.globals.clear()
    # The macros are globals, made once: a `{% from "macros.html.j2" import ... %}` in each
    # template made the macro module again on every page (the page's variables count as
    # globals it might read), a sixth of a claim page's rendering time.
    macros = env.get_template("macros.html.j2").module
    env.globals.update(status=status_badge, claims_table=macros.claims_table)
    return env


@cache
def status_badge(status: str) -> Markup:
    """A conflict status as a labelled badge (a Python function, not a macro: calling a
    jinja macro cost 6 µs, on every group of every page)."""
    return Markup('<span class="status status-{0}">{0}</span>').format(status)


def root_of(path: str) -> str:
    """The relative way from a page back to the site's top: "" or "../../"."""
    return "../" * path.count("/")


COMPILED: dict[str, str | None] = {"folder": None}  # set by the command: its cache folder
COMPILED_AS = 2  # the templates' compiled form; 2: values escaped by `html_text`
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


SEARCH_ORDER = ("subjects/", "claims/", "sources/")  # subjects come first in results


def search_index(texts: Mapping[str, str]) -> bytes:
    """The search index as a script (file:// pages may not fetch JSON beside them): an
    object from each page's path to its text, subjects first, then claims, then sources;
    `search.js` reads a result's kind and id from its path."""
    paths = sorted(texts)
    ordered: dict[str, str] = {}
    for prefix in SEARCH_ORDER:  # each kind's paths lie together in sorted order
        start = bisect_left(paths, prefix)
        end = bisect_left(paths, prefix[:-1] + chr(ord("/") + 1), start)
        ordered.update((p, texts[p]) for p in paths[start:end])
    body = orjson.dumps(ordered)  # 14 MB at 100,000 claims: orjson, not json
    # "</" would end the script early if a quote held "</script>".
    return b"window.CLAIMS_SEARCH=" + body.replace(b"</", b"<\\/") + b";\n"


def static_file(name: str) -> bytes:
    """The stylesheet or the search script, as shipped."""
    return files("claimledger.render").joinpath("site_templates", name).read_bytes()


def _id(row: Mapping[str, Any]) -> str:
    return str(row["id"])
