"""The production cookies in a real browser: ``__Host-``, ``Secure``, and still a working login on loopback.

The app's cookies are ``Secure`` unless ``BOT_REVIEW_INSECURE_DEV=1``. Chromium counts ``http://127.0.0.1`` as a
secure context and keeps such cookies from it, so the app is started here *without* the switch, on plain HTTP,
with no assistant behind it (an empty database): the administrator logs in, the cookie is the ``__Host-`` one
and ``Secure``, and the next pages are open. Marked ``e2e``; skipped, saying why, without Debian's Chromium.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.paths import ROOT
from tests.e2e.servers import free_port, stop, wait_until

from .test_browser import chromium, log_in  # noqa: F401  (the fixture, and the keyboard login)

pytestmark = [pytest.mark.e2e]

ORG = "Northshire Council"
PASSWORD = "first admin passphrase"


def test_the_secure_host_cookie_works_in_chromium_on_loopback(chromium, tmp_path: Path):  # noqa: F811
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_DATABASE_URL", "BOT_REVIEW_"))}
    env.update({"BOT_TRACKER_DB": str(tmp_path / "conversations.db"), "BOT_PRACTICE_DB": str(tmp_path / "p.db"),
                "BOT_ORGANISATION": ORG, "BOT_REVIEW_ADMIN_PASSWORD": PASSWORD, "BOT_VAR_DIR": str(tmp_path / "var")})
    created = subprocess.run([sys.executable, "-m", "bot", "review", "create-admin", "first.admin",
                              "--organisation", ORG], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert created.returncode == 0, created.stderr
    port, log = free_port(), tmp_path / "review.log"
    process = subprocess.Popen([sys.executable, "-m", "bot", "review", "serve", "--port", str(port)], cwd=ROOT,
                               env=env, stdout=open(log, "ab"), stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until(f"{url}/login", 60, process, log)
        context = chromium.new_context()
        page = context.new_page()
        log_in(page, url, "first.admin", PASSWORD)
        assert page.url.endswith("/accounts")
        cookies = {c["name"]: c for c in context.cookies()}
        session = cookies["__Host-review_session"]
        assert session["secure"] and session["httpOnly"] and session["sameSite"] == "Strict"
        assert session["path"] == "/" and session["domain"] == "127.0.0.1"
        page.goto(f"{url}/audit")
        assert page.url.endswith("/audit") and page.get_by_role("heading", level=1).is_visible()
        context.close()
    finally:
        stop(process)
    assert "Traceback" not in log.read_text()
