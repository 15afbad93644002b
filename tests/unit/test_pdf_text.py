"""The PDF reader the browser tests use to find page numbers reads a stream whose
compressed bytes end in a CR (1 Flate stream in 256 does): CI once saw a report's
digits vanish because the line end before ``endstream`` took that byte away."""

from __future__ import annotations

import hashlib
import zlib

from tests.integration.public_notice.pdf_text import page_texts


def _to_unicode_ending_in_cr() -> bytes:
    """A ToUnicode map mapping code 11 to "0", padded until its Flate bytes end in CR."""
    for n in range(10_000):
        pad = hashlib.sha256(str(n).encode()).hexdigest()  # a comment, so the checksum varies
        cmap = f"begincmap 1 beginbfchar <11> <0030> endbfchar endcmap % {pad}".encode()
        packed = zlib.compress(cmap)
        if packed.endswith(b"\r"):
            return packed
    raise AssertionError("no padding gives a stream ending in CR")


def _pdf(to_unicode: bytes) -> bytes:
    content = b"BT /F1 12 Tf <11> Tj ET"
    objects = [
        b"<</Type /Catalog /Pages 2 0 R>>",
        b"<</Type /Pages /Kids [3 0 R] /Count 1>>",
        b"<</Type /Page /Parent 2 0 R /Resources <</Font <</F1 4 0 R>> >> /Contents 5 0 R>>",
        b"<</Type /Font /Subtype /Type3 /ToUnicode 6 0 R>>",
        b"<</Length %d>> stream\n%s\nendstream" % (len(content), content),
        b"<</Filter /FlateDecode\n/Length %d>> stream\n%s\nendstream"
        % (len(to_unicode), to_unicode),
    ]
    return b"%PDF-1.4\n" + b"".join(
        b"%d 0 obj\n%s\nendobj\n" % (number, body) for number, body in enumerate(objects, 1))


def test_a_flate_stream_ending_in_cr_is_read_whole():
    packed = _to_unicode_ending_in_cr()
    assert packed.endswith(b"\r")
    assert page_texts(_pdf(packed)) == ["0"]
