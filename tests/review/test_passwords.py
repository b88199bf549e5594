"""scrypt password hashes."""
from __future__ import annotations

import subprocess
import sys

import pytest

from bot.paths import ROOT
from bot.review import passwords

from .conftest import PASSWORD


def test_the_default_parameters_are_owasps_and_the_memory_limit_lets_them_run():
    """In a fresh interpreter (this suite lowers ``N``): n = 2**17, r = 8, p = 1, as the OWASP Password Storage
    Cheat Sheet asks, and a hash made and checked with them (``hashlib.scrypt`` refuses over 32 MiB unless told)."""
    script = ("from bot.review import passwords as p\n"
              "h = p.hash_password('a long passphrase')\n"
              "old = 'scrypt$32768$8$1$' + h.split('$', 4)[4]\n"
              "print(h.rsplit('$', 2)[0], p.verify_password('a long passphrase', h),\n"
              "      p.verify_password('a long passphrasf', h), p.needs_rehash(h), p.needs_rehash(old))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["scrypt$131072$8$1", "True", "False", "False", "True"]


def test_a_hash_has_a_random_salt_and_never_the_password():
    first, second = passwords.hash_password("a long passphrase"), passwords.hash_password("a long passphrase")
    assert first.startswith(f"scrypt${passwords.N}$8$1$") and first != second
    assert "a long passphrase" not in first
    assert passwords.verify_password("a long passphrase", first)
    assert not passwords.verify_password("a long passphrasf", first)
    assert not passwords.needs_rehash(first)


def test_a_malformed_or_outsized_hash_never_matches():
    for stored in ("", "plain", "md5$x$y", "scrypt$1$8$1$AAAA$BBBB", "scrypt$x$8$1$AAAA$BBBB",
                   "scrypt$4194304$8$1$AAAA$BBBB", "scrypt$1024$8$99$AAAA$BBBB"):
        assert passwords.verify_password("anything", stored) is False


def test_an_old_hash_asks_to_be_replaced():
    old = "scrypt$16384$8$1$" + passwords.hash_password("x" * 12).split("$", 4)[4]
    assert passwords.needs_rehash(old)


def test_a_login_replaces_a_hash_made_with_older_parameters_and_audits_it(review, monkeypatch):
    review.account("lead.one", "lead")                         # hashed with n = 2**10 ...
    [before] = [a["password_hash"] for a in review.rows("review_accounts")]
    monkeypatch.setattr(passwords, "N", 2 ** 11)               # ... and today's parameters are stronger
    assert review.client().login("lead.one", "a wrong password here").status_code == 401
    assert [a["password_hash"] for a in review.rows("review_accounts")] == [before], "only a right password"
    assert review.client().login("lead.one").status_code == 303
    [after] = [a["password_hash"] for a in review.rows("review_accounts")]
    assert after.startswith("scrypt$2048$8$1$") and passwords.verify_password(PASSWORD, after)
    assert review.client().login("lead.one").status_code == 303
    actions = [(r["action"], r["username"]) for r in review.rows("review_audit")]
    assert actions.count(("password-rehash", "lead.one")) == 1 and actions.count(("login", "lead.one")) == 2


@pytest.mark.parametrize("password, problem", [
    ("short", "at least 12"), ("lead.one-is-my-password", "username"), ("aaaaaaaaaaaaaaaa", "different"),
    ("x" * 300, "at most"),
])
def test_weak_passwords_are_refused(password, problem):
    assert any(problem in p for p in passwords.password_problems(password, "lead.one"))


def test_a_good_password_has_no_problem():
    assert passwords.password_problems("correct horse battery staple", "lead.one") == []
