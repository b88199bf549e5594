"""Password hashes with scrypt (``hashlib.scrypt``, the standard library's memory-hard function).

A hash is stored as ``scrypt$<n>$<r>$<p>$<salt>$<key>`` (salt and key in base64), so the parameters can be
raised and old hashes still check: ``needs_rehash`` says when a hash was made with other parameters, and a
login with the right password then stores a new one (``accounts.finish_login``, audited as
``password-rehash``).

Parameters: n = 2**17, r = 8, p = 1, the minimum of the OWASP Password Storage Cheat Sheet for scrypt (128 MiB
of memory and about a second of one core a check on a small server), a random 16-byte salt, a 32-byte key;
keys are compared in constant time. ``hashlib.scrypt`` refuses to use more than 32 MiB unless told
(``maxmem``), so every call passes the memory the parameters need.

``N`` is read at each call so that tests can lower it (tests/review/conftest.py sets 2**10: the production
cost would make the suite minutes slower); that is its only other use. ``OWASP_N`` is the production value,
which a test checks in a fresh interpreter.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

OWASP_N, OWASP_R, OWASP_P = 2 ** 17, 8, 1
N, R, P = OWASP_N, OWASP_R, OWASP_P
MAX_N = 2 ** 20            # a stored hash asking for more (a damaged or tampered row) is refused, not computed
SALT_BYTES, KEY_BYTES = 16, 32
MIN_LENGTH, MAX_LENGTH = 12, 256
_SCHEME = "scrypt"


def memory_needed(n: int, r: int, p: int) -> int:
    """What OpenSSL's scrypt allocates (128·r·(n + p + 2) bytes), and a MiB to spare, for ``maxmem``."""
    return 128 * r * (n + p + 2) + 1024 * 1024


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    if not (1 < n <= MAX_N and 0 < r <= 32 and 0 < p <= 16):
        raise ValueError("scrypt parameters out of range")
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES,
                          maxmem=memory_needed(n, r, p))


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(password, salt, N, R, P)
    return "$".join([_SCHEME, str(N), str(R), str(P), base64.b64encode(salt).decode(), base64.b64encode(key).decode()])


def verify_password(password: str, stored: str) -> bool:
    """Does ``password`` match the stored hash? False for a malformed hash, never an exception."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != _SCHEME:
            return False
        expected = base64.b64decode(key)
        actual = _derive(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def needs_rehash(stored: str) -> bool:
    """Was the hash made with other parameters than today's? Then the next right password replaces it."""
    return not stored.startswith(f"{_SCHEME}${N}${R}${P}$")


# A hash of a random password: checked against when the username is unknown, so that a login for a name that
# does not exist takes as long as one for a name that does.
_DUMMY: list[str] = []


def dummy_check(password: str) -> None:
    if not _DUMMY or needs_rehash(_DUMMY[0]):
        _DUMMY[:] = [hash_password(secrets.token_urlsafe(16))]
    verify_password(password, _DUMMY[0])


def password_problems(password: str, username: str = "") -> list[str]:
    """Why a new password is not acceptable (empty when it is)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Use at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        problems.append(f"Use at most {MAX_LENGTH} characters.")
    if username and username.lower() in password.lower():
        problems.append("Do not include the username.")
    if password and len(set(password)) < 5:
        problems.append("Use more different characters.")
    return problems
