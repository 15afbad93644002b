"""Chinese renders wherever the suite renders (issue 19 §3): the image and `make test`
install Debian's fonts-noto-cjk, and the pages name that font first (no web font, no
outside address). The browser tests check the glyphs are drawn with it."""

from __future__ import annotations

import re

from shared.settings import REPO_ROOT

FONT_PACKAGE = "fonts-noto-cjk"


def run_steps(dockerfile: str) -> list[str]:
    joined = re.sub(r"\\\n", " ", "\n".join(
        line for line in dockerfile.splitlines() if not line.lstrip().startswith("#")))
    return [line[4:] for line in joined.splitlines() if line.upper().startswith("RUN ")]


def test_the_image_installs_the_cjk_font():
    dockerfile = (REPO_ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    installs = [s for s in run_steps(dockerfile) if "apt-get install" in s]
    assert any(re.search(rf"\b{FONT_PACKAGE}\b", s) for s in installs), installs
    assert dockerfile.index(FONT_PACKAGE) < dockerfile.index("\nUSER "), (
        "the font is installed as root, before the image drops to its user")


def test_make_test_installs_the_font_beside_chromium():
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(rf"apt-get install[^\n]*chromium[^\n]*{FONT_PACKAGE}", makefile)


def test_the_pages_name_the_installed_font_first_and_load_none():
    for css in (REPO_ROOT / "services" / "credit_rating" / "templates" / "report.css",
                REPO_ROOT / "shared" / "web" / "pages.py"):
        text = css.read_text(encoding="utf-8")
        families = re.search(r"font-family:\s*([^;]+);", text)
        assert families and families[1].strip().startswith('"Noto Sans CJK SC"'), css
        assert "@font-face" not in text and "fonts.googleapis" not in text
