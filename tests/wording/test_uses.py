"""Every sentence of the wording file is used, every key the code uses exists, and every call gives a sentence
exactly its parts; every fixed response of domain.yml is used too. Read from the source, so branches no test
reaches are checked as well."""
from __future__ import annotations

from bot.wording import sentences
from bot.wording.uses import domain_responses, key_like_strings, key_uses, text_calls, unknown_keys


def test_every_sentence_is_used_in_bot_or_actions():
    assert [key for key, places in key_uses().items() if not places] == []


def test_every_key_the_code_uses_is_in_the_wording_file():
    assert unknown_keys() == {}


def test_every_call_with_its_key_written_out_gives_exactly_the_sentences_parts():
    wrong = []
    for call in text_calls():
        assert not call.passes_unpacked, f"{call.place}: pass a sentence's parts by name, not **parts"
        for key in call.keys:
            if key in sentences() and call.variables != sentences()[key].variables:
                wrong.append(f"{call.place}: {key} takes {sorted(sentences()[key].variables)}, "
                             f"given {sorted(call.variables)}")
    assert wrong == []


def test_a_key_looked_up_in_a_table_names_a_sentence_with_no_parts():
    """A call whose key is not written out (a table of keys by kind) cannot be checked for its parts: so it passes
    none, and every key written outside a call names a sentence that takes none."""
    written_in_calls = {(place, key) for c in text_calls() for place, key in zip(c.key_places, c.keys)}
    looked_up = [c for c in text_calls() if not c.keys]
    assert looked_up, "the summary's tables and the group titles are looked up"
    assert [str(c.place) for c in looked_up if c.variables] == []
    in_tables = {key for key, places in key_like_strings().items()
                 for place in places if (place, key) not in written_in_calls}
    assert in_tables and [key for key in sorted(in_tables) if sentences()[key].variables] == []


def test_every_response_of_the_domain_is_used():
    responses = domain_responses()
    assert {"utter_greet", "utter_ask_area", "utter_restart"} <= {r.name for r in responses}
    assert [r.name for r in responses if not r.used_at] == []
    asked = next(r for r in responses if r.name == "utter_ask_role")
    assert any(place.path == "domain.yml" for place in asked.used_at), "a form asks with utter_ask_<slot>"
