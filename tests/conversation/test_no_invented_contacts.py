"""No contact that is not in the contacts file (or a national route) appears in any message the bot can send.

"Any message" is enumerated: every response in domain.yml, every turn of the conversation core for every
route, level, question and area (known, near miss, unknown, none), the answers to side questions, the summary,
the REST channel's safe fallback, and the Telegram front end's own texts and formatting. It is run with the
shipped example file and with a second file whose numbers the code has never seen, so a number that came
from anywhere but the file would show.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from bot import paths, wording
from bot.channels.safe_path import EMPTY_TEXT, fallback_reply
from bot.conversation import questions, turns
from bot.conversation.answers import AgeRange
from bot.conversation.concern import Concern, Question
from bot.conversation.follow_up import ORDER, present
from bot.conversation.summary import summary
from bot.findings import Findings
from bot.guideline.vocabulary import Route
from bot.observations.beyond import situations
from bot.referral_contacts import get_directory
from tests.referral_contacts.test_never_invented import (
    DOMAIN_IN_TEXT, EMAIL_IN_TEXT, PHONE_IN_TEXT, URL_IN_TEXT, allowed_from_file, phone_digits)

ROUTES = tuple(route.value for route in Route)
FEATURES = (("1.3.23", "suspect"), ("1.3.31", "consider"), ("1.3.13", "consider"), ("1.3.29", "consider"))
OTHER_FILE = """area,aliases,postcode_districts,default,front_door_name,front_door_phone,front_door_email,front_door_url,front_door_hours,out_of_hours_name,out_of_hours_phone,police_name,police_phone,lado_name,lado_phone,dsl_name,dsl_phone,dsl_email,checked_by,checked_on
Testshire (fictional),Testshire,QZ1,yes,Testshire Front Door,020 7946 0321,door@testshire.example.net,https://testshire.example.net/refer,Mon-Fri 09:00-17:00,Testshire EDT,020 7946 0322,Testshire Police,020 7946 0323,Testshire LADO,020 7946 0324,Pat Test (fictional),0113 496 0777,dsl@testshire.example.net,Lee Test (fictional),2026-11-01
"""


def texts_of(value) -> Iterator[str]:
    """Every string inside a message, its buttons and its payload."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts_of(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from texts_of(item)


def every_message(area: str | None) -> Iterator[object]:
    """What the bot can say, for one child's area."""
    domain = yaml.safe_load((paths.ROOT / "domain.yml").read_text(encoding="utf-8"))
    yield domain["responses"]
    yield fallback_reply(), EMPTY_TEXT
    yield tuple(sentence.text for sentence in wording.sentences().values())  # every sentence of knowledge/wording.yml
    yield questions.vulnerability_answer(), questions.early_help_answer()
    for asked in ("therapy for a 4-year-old after neglect", "New Orleans Intervention Model", "help after sexual "
                  "abuse for a 14 year old", "support for foster carers", "anything"):
        yield questions.interventions_answer(asked)
    for kind in ORDER:
        question = Question(kind, ["disclosure"] if kind == "disclosure" else ["1.3.29"], under=12,
                            options=["1.3.13", "1.3.23"] if kind == "which" else [])
        shown = present(question)
        yield shown.text, shown.buttons, shown.why
    mappings = [{"features": [{"id": r, "level": "danger" if r == "danger" else "suspect", "evidence": r}]}
                for r in ROUTES]
    mappings += [{"features": [{"id": f, "level": level, "evidence": f, "title": ""}]} for f, level in FEATURES]
    mappings += [{"features": [], "beyond": [key], "vulnerability": [
        {"key": "domestic_abuse", "name": "domestic abuse in the home", "cite": "NG76 1.2.3"}]} for key in situations()]
    yield turns.adult_concern(area).text, turns.gut_feeling(Concern(), area, None).replies[1].text
    for role in ("teacher", "health", "early_years", "other", None):
        for mapping in mappings:
            concern = Concern()
            for turn in (turns.noted(concern, Findings.from_dict(mapping), False, None, area, role),
                         turns.follow_up(concern, "done", "done", Findings(), AgeRange(6, 6, "6"), True),
                         turns.final_advice(concern, area, role),
                         turns.danger(concern, Findings(), area, role), turns.danger_unsure(concern, area, role),
                         turns.correct(concern, None), turns.resume(concern, True), turns.not_understood(concern)):
                yield [(r.text, r.buttons, r.payload) for r in turn.replies]
            yield summary(concern, turns.advise(concern, area, role), role, AgeRange(6, 6, "6"))


def telegram_messages(messages: list[object]) -> Iterator[str]:
    """The Telegram front end's own texts, and the bot's messages as Telegram shows them."""
    from bot.telegram import formatting, texts

    yield from (v for k, v in vars(texts).items() if k.isupper() and isinstance(v, str))
    for message in messages:
        if isinstance(message, list):
            for text, buttons, payload in message:
                reply = {"text": text, "buttons": [{"title": t, "payload": p} for t, p in buttons],
                         "custom": payload}
                yield from (shown.text for shown in formatting.render_reply(reply))


def check(strings: list[str], allowed: tuple[set[str], set[str], set[str]]) -> None:
    phones, emails, urls = allowed
    domains = {e.partition("@")[2].lower() for e in emails} | {
        re.sub(r"^https?://([^/]+).*$", r"\1", u).lower() for u in urls}
    offenders = []
    for text in strings:
        offenders += [("phone", f) for f in PHONE_IN_TEXT.findall(text) if phone_digits(f) not in phones]
        offenders += [("email", f) for f in EMAIL_IN_TEXT.findall(text) if f not in emails]
        offenders += [("url", f) for f in URL_IN_TEXT.findall(text) if f.rstrip(").,;") not in urls]
        offenders += [("domain", m[0]) for m in DOMAIN_IN_TEXT.finditer(text)
                      if not any(d == m[0].lower() or d.endswith("." + m[0].lower()) for d in domains)]
    assert not offenders, sorted(set(offenders))


@pytest.fixture(params=["example", "other"])
def contacts_file(request, tmp_path, monkeypatch) -> str:
    if request.param == "example":
        text = (paths.CONTACTS_DIR / "example-contacts.csv").read_text(encoding="utf-8")
        monkeypatch.delenv("BOT_CONTACTS_FILE", raising=False)
    else:
        text = OTHER_FILE
        path = Path(tmp_path) / "contacts.csv"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setenv("BOT_CONTACTS_FILE", str(path))
    get_directory.cache_clear()
    yield text
    get_directory.cache_clear()


def test_no_message_carries_a_contact_that_is_not_in_the_file(contacts_file):
    directory = get_directory()
    areas = [None, "Atlantis", *(a.name for a in directory.areas), *(a.name[:-3] for a in directory.areas)]
    allowed = allowed_from_file(contacts_file)
    for area in areas:
        messages = list(every_message(area))
        strings = [s for m in messages for s in texts_of(m)]
        assert any("999" in s for s in strings)
        check(strings + list(telegram_messages(messages)), allowed)


def test_the_check_catches_an_invented_number():
    allowed = allowed_from_file(OTHER_FILE)
    with pytest.raises(AssertionError):
        check(["Call the front door on 020 7946 0999."], allowed)
    with pytest.raises(AssertionError):
        check(["Email help@invented.example.com"], allowed)
