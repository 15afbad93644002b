"""The printable HTML view of a credit report (信用报告, CR-12; issue 19).

One self-contained page (``templates/report.html``, its style inline and allowed by its
hash): words for every code, dates in Chinese that never break across lines, the moment
in China time to the second, the issuing authority and the report number, numbered A4
pages in print, cards instead of wide tables on a phone, and the signed JSON as a
download. Jinja2 escapes every value: names, legal bases and commitment texts come from
other systems and from the entity itself.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from services.credit_rating.handlers.report_document import CreditReport
from services.credit_rating.handlers.report_words import chinese_part
from shared.clock import china_time
from shared.web.security import content_security_policy, inline_hash, page_headers

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
STYLE = (TEMPLATES / "report.css").read_text(encoding="utf-8")
KINDS = ("企业", "个体工商户", "农民专业合作社")


def day(value: date | None) -> Markup:
    """2026年11月25日, in a ``<time>`` that never breaks across lines."""
    if value is None:
        return Markup("—")
    return Markup('<time datetime="{}">{}年{}月{}日</time>').format(
        value.isoformat(), value.year, value.month, value.day)


def moment(value: datetime) -> Markup:
    """2026年11月25日 00:05:12, China time to the second."""
    local = china_time(value)
    return Markup('<time datetime="{}">{}年{}月{}日 {}</time>').format(
        local.isoformat(timespec="seconds"), local.year, local.month, local.day,
        f"{local:%H:%M:%S}")


def points(value: float) -> str:
    return f"{value:g}"


def signed(value: float) -> str:
    return f"+{value:g}" if value > 0 else f"{value:g}".replace("-", "−")


def records(numbers: Iterable[int]) -> str:
    return "、".join(f"记录 {n}" for n in numbers) or "—"


_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                   undefined=StrictUndefined, trim_blocks=False)
_env.filters.update(day=day, moment=moment, points=points, signed=signed, records=records,
                    chinese=chinese_part)


def print_style(report: CreditReport) -> str:
    """The report number at the head of every printed page (a page handed out alone
    still says which report it belongs to); the number is [A-Z0-9-] only."""
    number = report.number.replace('"', "")
    return ("@media print{@page{@top-right{content:\"报告编号 " + number
            + '";font-size:8pt;color:#444}}}')


def report_page(report: CreditReport) -> HTMLResponse:
    """The page with its headers: a policy allowing exactly its two styles, no script
    and no outside source; ``no-store`` (a report is personal)."""
    styles = f"{inline_hash(STYLE)} {inline_hash(print_style(report))}"
    return HTMLResponse(render_report(report), headers=page_headers(
        content_security_policy(style_src=styles)))


def render_report(report: CreditReport) -> str:
    """The report as one self-contained, printable HTML page."""
    kind = report.entity.kind
    return _env.get_template("report.html").render(
        r=report, e=report.entity, g=report.grade, style=Markup(STYLE),
        print_style=Markup(print_style(report)),
        title=f"{kind if kind in KINDS else '市场主体'}信用报告",
        lists=[("严重失信主体名单", report.blacklist), ("重点关注名单", report.watchlist)],
        signed=base64.b64encode(report.model_dump_json().encode("utf-8")).decode("ascii"))
