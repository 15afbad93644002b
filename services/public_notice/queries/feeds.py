"""Atom feeds for integrators (订阅源, RFC 4287): the newest public notices of one kind
(or of the 曝光台), each entry linking to its page and carrying its JSON twin's path."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree

from services.public_notice.bootstrap import PublicNoticeContext
from services.public_notice.queries.listing import NoticeFilter, notice_page
from services.public_notice.queries.views import NoticeOut

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50
EXPOSURE = "exposure"


async def atom_feed(ctx: PublicNoticeContext, kind: str, base_url: str, today: date) -> bytes:
    """The feed of ``kind`` (a notice kind, or ``exposure`` for the 曝光台)."""
    filters = NoticeFilter(exposed=True) if kind == EXPOSURE else NoticeFilter(kind=kind)
    page = await notice_page(ctx, filters, today, 1, ENTRIES)
    title = "曝光台" if kind == EXPOSURE else ctx.rules.name_of(kind)
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang":
                                                    "zh-CN"})
    _text(feed, "id", f"{base_url}/feeds/{kind}.atom")
    _text(feed, "title", f"信息公示：{title}")
    updated = max((item.published_on for item in page.items), default=today)
    _text(feed, "updated", _stamp(updated))
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self",
                                                      "href": f"{base_url}/feeds/{kind}.atom"})
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html",
                                                      "href": f"{base_url}/"})
    author = ElementTree.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "信息公示")
    for item in page.items:
        feed.append(_entry(item, base_url))
    return ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)


def _entry(item: NoticeOut, base_url: str) -> ElementTree.Element:
    entry = ElementTree.Element(f"{{{ATOM}}}entry")
    _text(entry, "id", f"{base_url}{item.path}")
    subject = f"{item.entity_name}：" if item.entity_name else ""
    _text(entry, "title", f"{subject}{item.title}")
    _text(entry, "updated", _stamp(item.published_on))
    _text(entry, "published", _stamp(item.published_on))
    ElementTree.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html",
                                                       "href": f"{base_url}{item.path}"})
    ElementTree.SubElement(entry, f"{{{ATOM}}}link", {
        "rel": "alternate", "type": "application/json",
        "href": f"{base_url}/v1/notices/{item.id}"})
    author = ElementTree.SubElement(entry, f"{{{ATOM}}}author")
    _text(author, "name", item.department_name)
    ElementTree.SubElement(entry, f"{{{ATOM}}}category", {"term": item.kind,
                                                           "label": item.kind_name})
    until = f"，公示至 {item.public_until}" if item.public_until else ""
    _text(entry, "summary", f"{item.summary or item.title}（{item.kind_name}，"
                            f"{item.department_name}，依据：{item.legal_basis}{until}）")
    return entry


def _text(parent: ElementTree.Element, tag: str, text: str) -> None:
    ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}").text = text


def _stamp(day: date) -> str:
    """The start of a China day in RFC 3339."""
    return f"{day.isoformat()}T00:00:00+08:00"
