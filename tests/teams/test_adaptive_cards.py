"""Bot messages as Teams activities: the advice and contacts cards, buttons, plain-text fallback, no injection."""
from __future__ import annotations

import json
from typing import Any, Iterator

import pytest

from bot.channels.teams.adaptive_cards import (
    CONTENT_TYPE,
    HEADINGS,
    MAX_ACTIONS,
    activity_fields,
    feature_title,
)

CONTACTS = [
    {"role": "front_door", "label": "Children's social care front door: Sample City Front Door (MASH)",
     "phone": "0113 496 0100", "email": "frontdoor.samplecity@example.org",
     "url": "https://example.org/sample-city/report-a-concern", "hours": "Mon-Thu 08:30-17:00",
     "area": "Sample City (fictional)", "source": "local"},
    {"role": "nspcc", "label": "NSPCC Helpline, for adults worried about a child", "phone": "0808 800 5000",
     "email": "help@nspcc.org.uk", "source": "national"},
]
ADVICE = {
    "kind": "advice", "level": "suspect",
    "features": [{"id": "1.3.23", "level": "suspect"}, {"id": "1.3.31", "level": "consider"}],
    "routes": ["disclosure"],
    "steps": ["Discuss the need for a referral with children's social care. (NG76 1.3)",
              "Seek advice from your organisation's safeguarding lead. (NG76 1.3)"],
    "contacts": CONTACTS,
}
ADVICE_TEXT = "What I found:\n• NG76 1.3.23, takes, hoards or hides food: SUSPECT\nOverall level: SUSPECT"


def elements(card: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for element in card.get("body", []):
        yield element
        yield from element.get("inlines", [])


def runs(card: dict[str, Any]) -> list[str]:
    return [e["text"] for e in elements(card) if e.get("type") == "TextRun"]


def lines(card: dict[str, Any]) -> list[str]:
    """Each RichTextBlock's runs joined, as Teams shows the line."""
    return ["".join(r["text"] for r in e["inlines"]) for e in card["body"] if e["type"] == "RichTextBlock"]


def the_card(fields: dict[str, Any]) -> dict[str, Any]:
    [attachment] = fields["attachments"]
    assert attachment["contentType"] == CONTENT_TYPE
    return attachment["content"]


def test_advice_becomes_an_adaptive_card_with_level_features_steps_and_contacts():
    fields = activity_fields({"text": ADVICE_TEXT, "custom": ADVICE})
    card = the_card(fields)
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    assert card["$schema"] == "http://adaptivecards.io/schemas/adaptive-card.json"
    shown = lines(card)
    assert "Overall level: SUSPECT" in shown
    assert f"NG76 1.3.23, {feature_title('1.3.23').lower()}: SUSPECT" in shown
    assert any(line.startswith("NG76 1.3.31") and line.endswith(": CONSIDER") for line in shown)
    assert [line for line in shown if line[:2] in {"1.", "2."}] == [
        f"{n}. {step}" for n, step in enumerate(ADVICE["steps"], start=1)]
    assert any("0808 800 5000" in line and line.startswith("NSPCC Helpline") for line in shown)
    assert any("Mon-Thu 08:30-17:00" in line for line in shown)
    assert "A child tells you about abuse or neglect" in shown  # the route, by its knowledge-base title
    suspect = next(e for e in elements(card) if e.get("text") == "SUSPECT")
    assert suspect["weight"] == "Bolder" and suspect["color"] == "Attention"


def test_advice_keeps_its_plain_text_and_carries_the_payload_as_json():
    fields = activity_fields({"text": ADVICE_TEXT, "custom": ADVICE})
    assert fields["type"] == "message" and fields["textFormat"] == "plain"
    assert fields["text"] == ADVICE_TEXT and the_card(fields)["fallbackText"].startswith(ADVICE_TEXT)
    assert fields["value"] == ADVICE
    assert json.loads(json.dumps(fields)) == fields


def test_a_payload_without_text_still_gets_plain_text():
    fields = activity_fields({"custom": ADVICE})
    assert fields["text"].startswith("Overall level: SUSPECT")
    assert "1. Discuss the need for a referral" in fields["text"] and "0808 800 5000" in fields["text"]


def test_contacts_get_their_own_card():
    fields = activity_fields({"text": "If a child is in immediate danger, call 999.",
                              "custom": {"kind": "contacts", "area": "Sample City (fictional)", "contacts": CONTACTS}})
    shown = lines(the_card(fields))
    assert shown[0].startswith("Children's social care front door: Sample City Front Door (MASH): 0113 496 0100")
    assert [b["text"] for b in the_card(fields)["body"] if b["type"] == "TextBlock"] == [
        "Contacts", "If a child is in immediate danger, call 999."]


def test_buttons_become_submit_actions_under_the_text():
    fields = activity_fields({"text": "First: is the child in immediate danger right now?",
                              "buttons": [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]})
    card = the_card(fields)
    assert card["body"] == [], "the question is the message text; the card holds only the buttons"
    assert [(a["type"], a["title"], a["data"]["payload"]) for a in card["actions"]] == [
        ("Action.Submit", "Yes", "/affirm"), ("Action.Submit", "No", "/deny")]
    no = card["actions"][1]["data"]["msteams"]
    assert no["type"] == "messageBack" and no["displayText"] == "No" and json.loads(no["value"]) == {"payload": "/deny"}
    assert fields["text"] == "First: is the child in immediate danger right now?"
    assert card["fallbackText"].endswith("[1] Yes\n[2] No")


def test_more_than_six_buttons_are_split_into_action_sets():
    buttons = [{"title": f"Option {n}", "payload": f"option {n}"} for n in range(1, 9)]
    card = the_card(activity_fields({"text": "Choose", "buttons": buttons}))
    sets = [e for e in card["body"] if e["type"] == "ActionSet"]
    assert "actions" not in card and [len(s["actions"]) for s in sets] == [MAX_ACTIONS, 2]
    assert [a["title"] for s in sets for a in s["actions"]] == [b["title"] for b in buttons]


def test_malformed_buttons_are_left_out_and_empty_messages_are_not_sent():
    fields = activity_fields({"text": "Choose", "buttons": [{"title": "", "payload": "/x"}, {"title": "Ok"}, "junk"]})
    assert "attachments" not in fields
    assert activity_fields({}) is None and activity_fields({"text": "  "}) is None


def test_text_only_messages_are_plain_text_without_a_card():
    assert activity_fields({"text": "Thank you."}) == {"type": "message", "text": "Thank you.", "textFormat": "plain"}


INJECTION = ("**bold** _it_ [click](https://evil.example) <b>x</b> \\* 1. list\n"
             "- item {{DATE(2017-02-14T06:00:00Z, SHORT)}}")


@pytest.mark.parametrize("where", ["steps", "contacts", "text"])
def test_supplied_text_is_never_read_as_markdown_and_nothing_is_escaped_wrongly(where):
    custom = json.loads(json.dumps(ADVICE))
    text = ADVICE_TEXT
    if where == "steps":
        custom["steps"] = [INJECTION]
    elif where == "contacts":
        custom["contacts"] = [{"label": INJECTION, "phone": "0808 800 5000", "hours": INJECTION}]
    else:
        text = INJECTION
    fields = activity_fields({"text": text, "custom": custom,
                              "buttons": [{"title": INJECTION.split("\n")[0], "payload": "/x"}]})
    card = the_card(fields)
    # Markdown is only read in TextBlocks, and every TextBlock is one of the card's own fixed headings
    assert all(e["text"] in HEADINGS for e in elements(card) if e.get("type") == "TextBlock")
    shown = "\n".join(runs(card))
    if where != "text":
        assert "**bold** _it_ [click](https://evil.example) <b>x</b> \\* 1. list" in shown, "shown as typed"
        assert "{{\u200bDATE(" in shown and "{{DATE(" not in shown, "the date function cannot run"
    assert fields["text"] == text.strip("\n"), "the plain text goes out exactly as written"
    assert card["actions"][0]["title"] == INJECTION.split("\n")[0]  # action titles are never Markdown


def test_a_real_size_advice_card_stays_far_under_teams_message_limit():
    big = dict(ADVICE, steps=ADVICE["steps"] * 5, contacts=CONTACTS * 6)
    fields = activity_fields({"text": ADVICE_TEXT * 10, "custom": big})
    assert len(json.dumps(fields).encode("utf-16-le")) < 40_000
