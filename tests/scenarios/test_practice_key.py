"""The practice pseudonyms' key: never a fixed word; a generated per-installation secret that survives restarts."""
from __future__ import annotations

import hashlib
import hmac
import re
import stat

import pytest

from bot.pseudonyms import IdentityKeyError
from bot.scenarios import results


@pytest.fixture
def installation(tmp_path, monkeypatch):
    """A fresh ``var/`` and no key in the environment; the key cache emptied, as in a new process."""
    monkeypatch.delenv(results.ID_KEY_ENV, raising=False)
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path / "var"))
    results._key_in.cache_clear()
    yield tmp_path / "var"
    results._key_in.cache_clear()


def test_without_a_configured_key_each_installation_makes_its_own_secret(installation, tmp_path, monkeypatch):
    first = results.pseudonymous_id("telegram:12345")
    fixed = "p-" + hmac.new(b"practice", b"telegram:12345", hashlib.sha256).hexdigest()[:16]
    assert first != fixed, "a fixed key lets anyone who guesses a conversation id find its pseudonym"
    key_file = installation / results.ID_KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text().strip()) == 64            # 32 random bytes, in hex
    # another installation, another key: the same conversation id, another pseudonym
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path / "elsewhere"))
    results._key_in.cache_clear()
    assert results.pseudonymous_id("telegram:12345") != first


def test_the_key_survives_a_restart_so_the_cohort_page_keeps_its_participants(installation):
    first = results.pseudonymous_id("telegram:12345")
    results._key_in.cache_clear()                             # a new process reads the same file
    assert results.pseudonymous_id("telegram:12345") == first


def test_a_configured_key_is_used_and_must_be_long_enough(installation, monkeypatch):
    monkeypatch.setenv(results.ID_KEY_ENV, "practice")
    with pytest.raises(IdentityKeyError, match="BOT_PRACTICE_ID_KEY is too short"):
        results.pseudonymous_id("telegram:12345")
    monkeypatch.setenv(results.ID_KEY_ENV, "a-shared-key-for-two-machines-01")
    expected = "p-" + hmac.new(b"a-shared-key-for-two-machines-01", b"telegram:12345",
                               hashlib.sha256).hexdigest()[:16]
    assert results.pseudonymous_id("telegram:12345") == expected
    assert not (installation / results.ID_KEY_FILE).exists()


def test_a_key_passed_in_is_held_to_the_same_rule(installation):
    """One keyed-id helper (bot.pseudonyms): a caller's own key is refused when too short, as the channels'
    are; a long enough one gives the pseudonym the configured key would."""
    with pytest.raises(IdentityKeyError, match="too short"):
        results.pseudonymous_id("telegram:12345", key="practice")
    expected = "p-" + hmac.new(b"a-shared-key-for-two-machines-01", b"telegram:12345",
                               hashlib.sha256).hexdigest()[:16]
    assert results.pseudonymous_id("telegram:12345", key="a-shared-key-for-two-machines-01") == expected


def test_a_damaged_key_file_is_refused_not_used(installation):
    installation.mkdir(parents=True)
    (installation / results.ID_KEY_FILE).write_text("short\n")
    with pytest.raises(ValueError, match="no usable key"):
        results.pseudonymous_id("telegram:12345")


def test_every_pseudonym_is_accepted_even_with_seven_digits_in_a_row(installation):
    """Hex digits: about one pseudonym in five has a run of 7 digits, which looks like a phone number."""
    made = [results.pseudonymous_id(f"telegram:{n}") for n in range(300)]
    assert any(re.search(r"\d{7,}", p) for p in made)
    assert [results.check_participant(p) for p in made] == made
