"""Password hashes with scrypt (``hashlib.scrypt``, the standard library's memory-hard function).

A hash is stored as ``scrypt$<n>$<r>$<p>$<salt>$<key>`` (salt and key in base64), so the parameters can be
raised later and old hashes still check (``needs_rehash`` says when to store a new one at the next login).
Parameters: n = 2**15, r = 8, p = 1 (32 MiB of memory, some 100 ms a check), a random 16-byte salt, a 32-byte
key; keys are compared in constant time.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

N, R, P = 2 ** 15, 8, 1
SALT_BYTES, KEY_BYTES = 16, 32
MIN_LENGTH, MAX_LENGTH = 12, 256
_SCHEME = "scrypt"


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES,
                          maxmem=256 * r * n + 1024 * 1024)


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
    return not stored.startswith(f"{_SCHEME}${N}${R}${P}$")


# A hash of a random password: checked against when the username is unknown, so that a login for a name that
# does not exist takes as long as one for a name that does.
_DUMMY: list[str] = []


def dummy_check(password: str) -> None:
    if not _DUMMY:
        _DUMMY.append(hash_password(secrets.token_urlsafe(16)))
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
