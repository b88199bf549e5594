"""Accessibility checks that need no browser: labels, headings, language, contrast, no inline script or style.

The browser test (test_browser.py) adds keyboard use and the layout at laptop and tablet widths."""
from __future__ import annotations

import re
from html.parser import HTMLParser


from bot.review.app import HERE

from .conftest import food_conversation

CSS = (HERE / "static" / "review.css").read_text()


def colours() -> dict[str, str]:
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;", CSS))


def luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_colour_pair_meets_wcag_aa():
    palette = colours()
    pairs = [(name[:-3], palette[name], palette[name[:-3] + "-bg"]) for name in palette
             if name.endswith("-fg") and name[:-3] + "-bg" in palette]
    assert len(pairs) >= 15
    # text that sits on another pair's background
    for fg, bg in (("muted-fg", "panel-bg"), ("link-fg", "panel-bg"), ("link-fg", "assistant-bg"),
                   ("muted-fg", "assistant-bg"), ("error-fg", "page-bg"), ("page-fg", "notice-bg"),
                   ("link-fg", "notice-bg"), ("page-fg", "panel-bg")):
        pairs.append((f"{fg} on {bg}", palette[fg], palette[bg]))
    low = [(name, round(contrast(fg, bg), 2)) for name, fg, bg in pairs if contrast(fg, bg) < 4.5]
    assert low == []
    # the focus indicator and the input borders are non-text: 3:1 against the page
    assert contrast(palette["focus-ring"], palette["focus-bg"]) >= 3
    assert contrast(palette["border"], palette["page-bg"]) >= 3


def test_focus_is_visible_on_every_kind_of_control():
    for selector in ("a:focus", "button:focus", "summary:focus", "input:focus", "select:focus", "textarea:focus",
                     "[tabindex=\"0\"]:focus"):
        assert selector in CSS, selector
    assert "outline: none" not in CSS.replace("main:focus { outline: none; }", "")


class Page(HTMLParser):
    """The parts of a page the checks need."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict] = []
        self.label_for: set[str] = set()
        self.h1 = 0
        self.lang = None
        self.inline: list[str] = []
        self.tables = 0
        self.captions = 0
        self._in_label = 0
        self.wrapped: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "h1":
            self.h1 += 1
        if tag == "label":
            self._in_label += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.controls.append(a)
        if tag == "script" or "style" in a or any(k.startswith("on") for k in a):
            self.inline.append(tag)
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self.captions += 1

    def handle_endtag(self, tag):
        if tag == "label":
            self._in_label -= 1


def pages(review) -> dict[str, str]:
    review.conversation("conv-1", food_conversation())
    out = {"login": review.client().get("/login").text}
    lead = review.logged_in("lead.one", "lead")
    out["conversations"] = lead.get("/conversations").text
    out["transcript"] = lead.get("/transcript?id=conv-1").text
    out["password"] = lead.get("/password").text
    out["not found"] = lead.get("/nowhere").text
    trainer = review.logged_in("trainer.one", "trainer")
    out["practice"] = trainer.get("/practice").text
    admin = review.logged_in("admin.one", "admin")
    out["accounts"] = admin.get("/accounts").text
    out["audit"] = admin.get("/audit").text
    return out


def test_every_page_is_labelled_titled_and_free_of_inline_script_and_style(review):
    for name, html in pages(review).items():
        page = Page()
        page.feed(html)
        assert page.lang == "en-GB", name
        assert page.h1 == 1, name
        unlabelled = [c.get("name") for c in page.controls if c.get("id") not in page.label_for
                      and not c.get("aria-label")]
        assert unlabelled == [], name
        assert page.inline == [], name
        assert '<a class="skip-link" href="#main">' in html and 'id="main"' in html, name
        assert re.search(r"<title>[^<]+ – Safeguarding review</title>", html), name
        assert 'name="viewport"' in html, name
