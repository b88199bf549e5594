"""The gaps a review found in redaction (issue 17): each kind caught, what must survive, and floors per kind.

Every test here failed before the recogniser was changed for it (the gaps set scored 2 of 62 then).
"""
from __future__ import annotations

import pytest

from bot.redaction import Redacted, redact
from bot.redaction.cli import GAPS_SET, UNLABELLED, load_set, score
from bot.redaction.identifiers import handle_shaped, ni_prefix_issued, upn_check_letter_ok
from bot.redaction.normalise import normalise

ZW = "\u200b"  # zero-width space


def spans(text: str) -> list[tuple[str, str]]:
    return [(kind, text[start:end]) for kind, start, end in redact(text).found]


# ---------------------------------------------------------------------------- each gap, in words not in the set

@pytest.mark.parametrize("text, kind, value", [
    # National Insurance numbers
    ("Stepdad's NI number: AB 65 43 21 D.", "NI_NUMBER", "AB 65 43 21 D"),
    ("national insurance qq 11 22 33 b on her payslip", "NI_NUMBER", "qq 11 22 33 b"),
    ("The form had CE102030A written on it.", "NI_NUMBER", "CE102030A"),
    # unique pupil numbers
    ("He arrived with UPN A999123418001 from another county.", "UPN", "A999123418001"),
    ("pupil number x999000000001 on the CTF", "UPN", "x999000000001"),
    # vehicle registrations
    ("A grey Golf, MA21 KTY, picks her up from the corner.", "VEHICLE_REG", "MA21 KTY"),
    ("Van reg yd68pkt seen twice this week.", "VEHICLE_REG", "yd68pkt"),
    ("He drives an old car, reg ABC 123D.", "VEHICLE_REG", "ABC 123D"),
    # social media
    ("She follows @kai.plays.99 and he messages her.", "SOCIAL_MEDIA", "@kai.plays.99"),
    ("Link: https://instagram.com/lil_shan22?igsh=abc", "SOCIAL_MEDIA", "https://instagram.com/lil_shan22?igsh=abc"),
    ("His xbox gamertag is Wolfie_07.", "SOCIAL_MEDIA", "Wolfie_07"),
    ("her snap is shan.x.x", "SOCIAL_MEDIA", "shan.x.x"),
    # postcodes with a hyphen or two spaces
    ("Address ends BD9-4HX.", "POSTCODE", "BD9-4HX"),
    ("living at ls6  2qp", "POSTCODE", "ls6  2qp"),
    # phone numbers without the leading 0
    ("Nan's mobile 7700 900 999.", "PHONE", "7700 900 999"),
    ("ring her on 7700900111 after school", "PHONE", "7700900111"),
    ("Dad's landline is 20 7946 0123.", "PHONE", "20 7946 0123"),
    # full-width and zero-width digits
    ("mobile ０７７００９００４５６", "PHONE", "０７７００９００４５６"),
    ("NHS 999" + ZW + "526" + ZW + "0182 for the baby", "NHS_NUMBER", "999" + ZW + "526" + ZW + "0182"),
    ("ring 07700 900" + ZW + "888", "PHONE", "07700 900" + ZW + "888"),
    # lower-case names beside a word of telling
    ("nkemdirim said he was hit", "NAME", "nkemdirim"),
    ("please tell oluwaseun to see me", "NAME", "oluwaseun"),
    ("i asked yaretzi about the bruise", "NAME", "yaretzi"),
    # lower-case streets
    ("they're at 22 larch close now", "ADDRESS", "22 larch close"),
    ("new address 5 bramble way", "ADDRESS", "5 bramble way"),
    ("she stays at 9 rowan drive", "ADDRESS", "9 rowan drive"),
    # e-mail addresses spelled out
    ("email is j dot okoro at example dot co dot uk", "EMAIL", "j dot okoro at example dot co dot uk"),
    ("write to nan[at]example[dot]org", "EMAIL", "nan[at]example[dot]org"),
])
def test_each_gap_is_found_and_replaced(text, kind, value):
    result = redact(text)
    assert (kind, value) in spans(text)
    assert value not in result.text
    assert f"[{kind}]" in result.text


def test_a_lower_case_name_is_redacted_everywhere_it_recurs():
    assert redact("zuri said zuri's dad hit her").text == "[NAME] said [NAME]'s dad hit her"


def test_invisible_characters_inside_a_detail_go_with_it():
    text = "Call 07700" + ZW + "900" + ZW + "123 now"
    assert redact(text).text == "Call [PHONE] now"


# ---------------------------------------------------------------------------- what must survive

@pytest.mark.parametrize("text", [
    # the words after or before a verb of telling are mostly ordinary
    "she said no", "tell me", "tell mum", "tell mum she can come in", "the boy said he was cold",
    "her gf said she is cutting", "tell the DSL", "i told the senco", "he told off the younger ones",
    "the childminder said he was hungry", "my mindee said her dad shouts", "the physio said it was bruised",
    "mums said they saw it", "she jus says leave him", "mum hasnt asked about him", "he doesnt tell anyone", "tell nan", "ask sir", "teacher said she was 7",
    # ages, counts, times, recommendation numbers, emergency numbers, body parts, injuries
    "she is 7 and goes twice a week", "recommendation 1.3.23 says to consider neglect", "we rang 999 at 6pm",
    "he is 14 with a burn on his forearm and bruises on his shins", "It happened at 10:45, then at 13:10.",
    # shapes that look like the new kinds and are not
    "a man in his 30s in a car outside", "it's a 10 minute walk and a 20 minute drive", "toddler tiny for 2, weight way down",
    "SHE IS IN YR10 AND WON'T EAT", "Years 5-6 swim on Fridays", "She scored 7/10 and 12 34 56 in the mocks.",
    "Her snapchat is private.", "Meet @ the park at 4.", "She was at school at 9 and at nan's at 5.",
    "The school's DfE number is 3834012.", "Referral 2024/0173 and case 1234 567.",
    "He was in Year 10 at 2am on TikTok.",
])
def test_words_the_guideline_needs_are_left_alone(text):
    assert redact(text) == Redacted(text, [])


# ---------------------------------------------------------------------------- the checks behind the shapes

@pytest.mark.parametrize("upn, valid", [
    ("A999123418001", True), ("W999870521014", True), ("B999123418001", False), ("A99912341800", False),
])
def test_upn_check_letter(upn, valid):
    assert upn_check_letter_ok(upn) is valid


@pytest.mark.parametrize("prefix, issued", [("AB", True), ("QQ", True), ("DA", False), ("AO", False), ("GB", False)])
def test_ni_prefixes_hmrc_issues(prefix, issued):
    assert ni_prefix_issued(prefix) is issued


@pytest.mark.parametrize("word, shaped", [
    ("@kai", True), ("lil_shan22", True), ("jayden.xx07", True), ("private", False), ("3pm", False), ("2nd", False),
])
def test_handle_shape(word, shaped):
    assert handle_shaped(word) is shaped


def test_normalise_folds_digits_and_keeps_the_way_back():
    text = "ring ０７７" + ZW + "00"
    folded = normalise(text)
    assert folded is not None and folded.text == "ring 07700"
    assert text[slice(*folded.original_span(5, 10))] == "０７７" + ZW + "00"
    assert normalise("plain ascii") is None


# ---------------------------------------------------------------------------- floors on the gaps set

GAP_FLOORS = {  # per gap: the share of details that must be caught
    "ni-number": 1.0, "social-media": 1.0, "vehicle-reg": 1.0, "upn": 1.0, "postcode-spacing": 1.0,
    "phone-without-0": 1.0, "odd-digits": 1.0, "lower-case-name": 0.85, "lower-case-address": 1.0,
    "spelled-email": 1.0,
}
KIND_FLOORS = {"NAME": 0.85, "ADDRESS": 1.0, "POSTCODE": 1.0, "PHONE": 1.0, "EMAIL": 1.0, "NHS_NUMBER": 1.0,
               "NI_NUMBER": 1.0, "UPN": 1.0, "VEHICLE_REG": 1.0, "SOCIAL_MEDIA": 1.0}


@pytest.fixture(scope="module")
def gaps_score():
    return score(load_set(GAPS_SET))


def test_the_gaps_set_covers_every_gap_and_tempted_kind():
    test_set = load_set(GAPS_SET)
    assert set(test_set.gaps) == set(GAP_FLOORS)
    for gap in GAP_FLOORS:
        assert test_set.gaps.count(gap) >= 5, gap
    assert UNLABELLED not in test_set.tempts and test_set.tempts.count("NAME") >= 20


@pytest.mark.parametrize("gap", sorted(GAP_FLOORS))
def test_floor_per_gap(gaps_score, gap):
    assert gaps_score.gap_recall(gap) >= GAP_FLOORS[gap], gaps_score.missed


@pytest.mark.parametrize("kind", sorted(KIND_FLOORS))
def test_floor_per_kind(gaps_score, kind):
    assert gaps_score.kind_recall(kind) >= KIND_FLOORS[kind], gaps_score.missed


def test_no_over_redaction_of_any_tempted_kind(gaps_score):
    changed = {kind: c for kind, (c, _) in gaps_score.per_guard.items() if c}
    assert changed == {}
    assert gaps_score.removed_share == 0


# ---------------------------------------------------------------------------- the score command

def test_score_reports_recall_per_gap_and_over_redaction_per_kind(tmp_path, capsys):
    import json

    from bot.redaction.cli import main

    small = tmp_path / "small.yml"
    small.write_text(
        'with_details:\n'
        '  - text: "ring mum on 7700 900123"\n'
        '    gap: phone-without-0\n'
        '    details:\n'
        '      - {kind: PHONE, start: 12, end: 23, value: "7700 900123"}\n'
        'without_details:\n'
        '  - {tempts: NAME, text: "she said no"}\n'
        '  - "plain sentence"\n', encoding="utf-8")
    assert main(["score", "--json", "--file", str(small)]) == 0
    data = json.loads(capsys.readouterr().out)["small.yml"]
    assert data["gap_recall"] == {"phone-without-0": 1.0}
    assert data["kind_recall"] == {"PHONE": 1.0}
    assert data["over_redaction"] == {"NAME": 0.0, UNLABELLED: 0.0}
    assert main(["score", "--file", str(small)]) == 0
    text = capsys.readouterr().out
    assert "phone-without-0     1.000 (1/1)" in text and "NAME             0.000 (0/1)" in text


def test_presidio_is_asked_for_only_when_installed(monkeypatch, capsys):
    import sys

    from bot.redaction.cli import main
    from bot.redaction.presidio import presidio_redactor

    presidio_redactor.cache_clear()
    monkeypatch.setitem(sys.modules, "presidio_analyzer", None)  # as if it were not installed
    assert main(["score", "--engine", "presidio", "--file", str(GAPS_SET)]) == 2
    assert "Presidio is not installed" in capsys.readouterr().err


def test_presidio_results_become_placeholders_without_overlap():
    from types import SimpleNamespace as R

    from bot.redaction.presidio import as_redacted, placeholder_spans

    text = "Sarah Jones rang 07700 900123"
    results = [R(entity_type="PERSON", start=0, end=11, score=0.85), R(entity_type="PERSON", start=0, end=5, score=0.5),
               R(entity_type="PHONE_NUMBER", start=17, end=29, score=0.75)]
    spans = placeholder_spans(results)
    assert spans == [("NAME", 0, 11), ("PHONE", 17, 29)]
    assert as_redacted(text, spans).text == "[NAME] rang [PHONE]"
