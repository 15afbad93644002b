"""The text of each page of a PDF that Chromium printed (Skia's PDF: plain objects,
Flate streams, Type0 fonts with ToUnicode maps): enough to read a page number, with no
PDF library in the project."""

from __future__ import annotations

import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_SHOW = re.compile(rb"/(\w+) [\d.]+ Tf|<([0-9A-Fa-f]+)> ?Tj|\[(.*?)\] ?TJ|/(\w+) Do", re.S)


def page_texts(pdf: bytes) -> list[str]:
    """The text shown on each page, in page order."""
    objects = {int(number): body for number, body in _OBJECT.findall(pdf)}
    order = re.search(rb"/Kids \[([^\]]*)\]", objects[_root_pages(objects)])
    kids = [int(n) for n in re.findall(rb"(\d+) 0 R", order.group(1))] if order else []
    return [_shown(objects, objects[kid], objects[kid]) for kid in kids]


def _root_pages(objects: dict[int, bytes]) -> int:
    return next(n for n, body in objects.items() if b"/Type /Pages" in body and b"/Parent"
                not in body)


def _shown(objects: dict[int, bytes], owner: bytes, holder: bytes) -> str:
    fonts = _refs(owner, b"Font")
    forms = _refs(owner, b"XObject")
    contents = re.search(rb"/Contents (\d+) 0 R", holder)
    raw = _stream(objects[int(contents.group(1))]) if contents else _stream(holder)
    text: list[str] = []
    cmap: dict[bytes, str] = {}
    for font, single, array, form in _SHOW.findall(raw):
        if font:
            cmap = _cmap(objects, fonts.get(font.decode()))
        elif form and form.decode() in forms:
            child = objects[forms[form.decode()]]
            text.append(_shown(objects, child, child))
        else:
            width = len(next(iter(cmap), b"0000"))  # 2 hex digits a code, or 4
            for hexes in [single] if single else re.findall(rb"<([0-9A-Fa-f]+)>", array):
                codes = [hexes[i:i + width] for i in range(0, len(hexes), width)]
                text.append("".join(cmap.get(code.upper(), "") for code in codes))
    return "".join(text)


def _refs(body: bytes, kind: bytes) -> dict[str, int]:
    found = re.search(rb"/" + kind + rb" <<(.*?)>>", body, re.S)
    return {name.decode(): int(number) for name, number in
            re.findall(rb"/(\w+) (\d+) 0 R", found.group(1))} if found else {}


def _stream(body: bytes) -> bytes:
    """The stream's bytes, cut at its ``/Length``: compressed data may itself end in a
    CR, which a pattern for the line end before ``endstream`` would take away."""
    found = _STREAM.search(body)
    if found is None:
        return b""
    length = re.search(rb"/Length (\d+)", body[:found.start()])
    data = found.group(1)[:int(length.group(1))] if length else found.group(1)
    if b"/FlateDecode" not in body[:found.start()]:
        return data
    return zlib.decompress(data)


def _cmap(objects: dict[int, bytes], font: int | None) -> dict[bytes, str]:
    if font is None:
        return {}
    found = re.search(rb"/ToUnicode (\d+) 0 R", objects[font])
    if found is None:
        return {}
    cmap, source = {}, _stream(objects[int(found.group(1))])
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", source, re.S):
        for code, char in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            cmap[code.upper()] = bytes.fromhex(char.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", source, re.S):
        for low, high, start in re.findall(
                rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = ord(bytes.fromhex(start.decode()).decode("utf-16-be"))
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                cmap[f"{code:0{len(low)}X}".encode()] = chr(first + offset)
    return cmap
