"""The wording file loads, and a sentence is sent only as signed off: a known key, exactly its parts."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot import wording
from bot.wording import WordingError, load


def test_the_projects_wording_file_loads_and_every_key_is_group_dot_name():
    loaded = load()
    keys = [s.key for g in loaded.values() for s in g.sentences]
    assert len(keys) == len(set(keys)) > 100
    assert all(wording.KEY.match(key) for key in keys)
    assert all(group.about for group in loaded.values()), "each group says where it is used, for the signer"


def test_a_sentence_is_filled_in_with_its_named_parts():
    assert wording.text("read_back.removed", words="takes food") == "Removed: takes food."
    assert wording.text("describe.tell_me_more") == "Tell me anything else you noticed, or choose below."


@pytest.mark.parametrize("key, parts, says", [
    ("read_back.no_such_sentence", {}, "no sentence 'read_back.no_such_sentence'"),
    ("read_back.removed", {}, "missing words"),
    ("read_back.removed", {"words": "x", "name": "Jayden"}, "not in the sentence: name"),
    ("describe.tell_me_more", {"extra": "x"}, "not in the sentence: extra"),
])
def test_an_unknown_key_or_a_part_missing_or_left_over_is_refused(key, parts, says):
    with pytest.raises(WordingError, match=says):
        wording.text(key, **parts)


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "wording.yml"
    path.write_text(body, encoding="utf-8")
    return path


def test_the_loader_reports_every_problem_at_once(tmp_path):
    path = write(tmp_path, """\
groups:
  describe:
    about: Somewhere.
    sentences:
      spec: "Level {level:>10}"
      conversion: "Hello {name!r}"
      index: "Hello {names[0]}"
      brace: "An open { brace"
      spaced: " starts with a space"
      Bad-Name: fine text
      "yes": "Yes"
  no_about:
    sentences:
      a: b
""")
    with pytest.raises(WordingError) as caught:
        load(path)
    message = str(caught.value)
    for expected in ("describe.spec", "describe.conversion", "describe.index", "describe.brace", "describe.spaced",
                     "Bad-Name", "group 'no_about'"):
        assert expected in message
    assert "describe.yes" not in message, "a quoted yes is a name like any other"


def test_a_key_written_twice_is_refused(tmp_path):
    path = write(tmp_path, "groups:\n  g:\n    about: x\n    sentences:\n      a: one\n      a: two\n")
    with pytest.raises(WordingError, match="'a' appears twice"):
        load(path)


def test_a_line_rasa_would_read_as_training_data_is_refused(tmp_path):
    path = write(tmp_path, "groups:\n  g:\n    about: x\n    sentences:\n      responses: one\n")
    with pytest.raises(WordingError, match="which Rasa would read as training data"):
        load(path)


def test_a_sentence_with_a_note_keeps_both(tmp_path):
    path = write(tmp_path, "groups:\n  g:\n    about: >-\n      Said\n      somewhere.\n    sentences:\n"
                           "      a:\n        text: Hello {who}.\n        note: For the signer.\n")
    group = load(path)["g"]
    assert group.about == "Said somewhere."
    (sentence,) = group.sentences
    assert (sentence.key, sentence.text, sentence.note, sentence.variables) == ("g.a", "Hello {who}.",
                                                                                "For the signer.", {"who"})
    assert sentence.line == 7
