"""scrypt password hashes."""
from __future__ import annotations

import pytest

from bot.review import passwords


@pytest.fixture
def production(monkeypatch):
    monkeypatch.setattr(passwords, "N", 2 ** 15)


def test_a_hash_uses_scrypt_with_the_production_parameters_and_a_random_salt(production):
    first, second = passwords.hash_password("a long passphrase"), passwords.hash_password("a long passphrase")
    assert first.startswith("scrypt$32768$8$1$") and first != second
    assert "a long passphrase" not in first
    assert passwords.verify_password("a long passphrase", first)
    assert not passwords.verify_password("a long passphrasf", first)
    assert not passwords.needs_rehash(first)


def test_a_malformed_hash_never_matches():
    for stored in ("", "plain", "md5$x$y", "scrypt$1$8$1$AAAA$BBBB", "scrypt$x$8$1$AAAA$BBBB"):
        assert passwords.verify_password("anything", stored) is False


def test_an_old_hash_asks_to_be_replaced(production):
    old = "scrypt$16384$8$1$" + passwords.hash_password("x" * 12).split("$", 4)[4]
    assert passwords.needs_rehash(old)


@pytest.mark.parametrize("password, problem", [
    ("short", "at least 12"), ("lead.one-is-my-password", "username"), ("aaaaaaaaaaaaaaaa", "different"),
    ("x" * 300, "at most"),
])
def test_weak_passwords_are_refused(password, problem):
    assert any(problem in p for p in passwords.password_problems(password, "lead.one"))


def test_a_good_password_has_no_problem():
    assert passwords.password_problems("correct horse battery staple", "lead.one") == []
