"""One function serves a page as HTML, or as its JSON/CSV twin (same data, same code path)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlencode

import jinja2
import pandas as pd
from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ..errors import AccessError
from ..figures import Figure, FigureSet, amount
from ..figures.display import difference, unit_label
from ..units import pretty_unit
from .auth import csrf_token, current_user
from .i18n import LANGS, number, translations

TEMPLATES = Path(__file__).parent / "templates"
LICENCE = "CC-BY-4.0 for hubscope's compilation; each figure keeps its source's terms (see sources)"


def lang_url(request: Request, lang: str) -> str:
    """This page in ``lang``: the same path and query (compare, policy selections...), only ``lang`` changed."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"] + [("lang", lang)]
    return request.url.path + "?" + urlencode(query)


def _env(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]  # added by ext.i18n
    env.filters["num"] = lambda v: number(v, lang)
    env.filters["unit"] = lambda u: pretty_unit(u) if isinstance(u, str) else ""
    env.filters["cell"] = lambda v: "–" if v is None or (isinstance(v, float) and v != v) else v
    env.globals["amount"] = amount
    env.globals["unit_label"] = unit_label
    env.globals["difference"] = difference
    env.globals["lang_url"] = lang_url
    env.globals["tr"] = translations(lang).gettext  # no %-formatting: titles may hold "%"
    env.filters["tojson_safe"] = lambda v: json.dumps(v, default=str).replace("</", "<\\/")
    return env


ENVS = {lang: _env(lang) for lang in LANGS}


def lang_of(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get("lang") or "en"
    return lang if lang in LANGS else "en"


def fmt_of(request: Request) -> str:
    path = request.url.path
    if path.startswith("/api/"):
        return "json"
    for ext in ("json", "csv", "zip"):
        if path.endswith("." + ext):
            return ext
    f = request.query_params.get("format", "html")
    return f if f in ("json", "csv", "zip", "meta", "html") else "html"


def _plain(v):
    if isinstance(v, FigureSet):  # full-precision records, each with its display text beside
        return v.records(lang="en")
    if isinstance(v, Figure):
        return _plain(v.record())
    if isinstance(v, pd.DataFrame):
        return json.loads(v.to_json(orient="records", date_format="iso"))
    if isinstance(v, date | datetime):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    if isinstance(v, float) and v != v:
        return None
    return v


def metadata(request: Request, title: str | None, df: pd.DataFrame) -> dict:
    """What travels with a downloaded table: title, licence, where it came from, sources and units."""
    return {
        "title": title,
        "retrieved": datetime.now().isoformat(timespec="seconds"),
        "licence": LICENCE,
        "url": str(request.url),
        "columns": list(df.columns),
        "rows": len(df),
        "sources": [
            {"publisher": p, "url": u}
            for p, u in sorted(
                # missing cells are NaN in a frame: None here, or the JSON is not JSON
                {
                    (r.get("publisher"), r.get("url"))
                    for r in df.astype(object).where(df.notna(), None).to_dict("records")
                    if r.get("publisher")
                },
                key=str,
            )
        ],
        "units": sorted(
            {str(u) for u in (df["unit"] if "unit" in df else df.get("display_unit", pd.Series(dtype=str))).dropna()}
        ),
    }


def _who(request: Request) -> dict:
    """The signed-in user and their CSRF token, for the header and the forms."""
    try:
        user = current_user(request)
    except AccessError:
        user = None
    return {"user": user, "csrf": csrf_token(request) if user else ""}


def page(request: Request, template: str, data: dict, status: int = 200, table: str | None = None):
    """HTML from ``template``; the JSON twin is ``data`` itself; CSV and ZIP twins give
    ``data[table]`` (a DataFrame), the ZIP with a metadata file of sources, units and licence."""
    fmt = fmt_of(request)
    if fmt == "json":
        return JSONResponse(_plain({k: v for k, v in data.items() if not k.startswith("_")}), status_code=status)
    tab = data.get(table) if table else None
    if isinstance(tab, FigureSet):
        tab = tab.frame()  # full-precision numbers, never display strings
    elif isinstance(tab, list):
        tab = pd.DataFrame(tab)
    if fmt in ("csv", "zip", "meta") and isinstance(tab, pd.DataFrame):
        df = tab
        csv = df.to_csv(index=False)
        if fmt == "csv":
            return Response(
                csv,
                media_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": f'attachment; filename="{table}.csv"'},
            )
        meta = metadata(request, data.get("title"), df)
        if fmt == "meta":
            return JSONResponse(meta, headers={"Content-Disposition": f'attachment; filename="{table}.metadata.json"'})
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(f"{table}.csv", csv)
            z.writestr("metadata.json", json.dumps(meta, indent=2, default=str))
        return Response(
            buf.getvalue(),
            media_type="application/zip",
            headers={"Content-Disposition": f'attachment; filename="{table}.zip"'},
        )
    lang = lang_of(request)
    html = ENVS[lang].get_template(template).render(request=request, lang=lang, **_who(request), **data)
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie("lang", lang, samesite="lax")
    return response
