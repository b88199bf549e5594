"""Logins, sessions and forms: what is refused, and that nothing is readable without a session."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot.review import accounts
from bot.review.tables import WebSession

from .conftest import PASSWORD, food_conversation

SESSION = "__Host-review_session"   # the name a browser keeps only from HTTPS, with Path=/ and no Domain

# A representative body for each POST route, so a refusal is for the token or the session, not the form.
POST_FORMS = {
    "/logout": {},
    "/password": {"current_password": PASSWORD, "new_password": "another long passphrase",
                  "new_password_again": "another long passphrase"},
    "/transcript/note": {"id": "conv-1", "note": "Spoke to the teacher."},
    "/transcript/status": {"id": "conv-1", "status": "reviewed"},
    "/transcript/export": {"id": "conv-1", "format": "markdown"},
    "/accounts": {"username": "new.lead", "role": "lead", "password": "a long enough password",
                  "password_again": "a long enough password"},
    "/accounts/change": {"account": "1", "action": "disable"},
}


def routes(app) -> list[tuple[str, str]]:
    """Every (method, path) the app serves, except the stylesheet and the login form itself."""
    out = []
    for route in app.router.routes:
        path = "/" + route.path
        if path.startswith("/static/"):
            continue
        for method in route.methods - {"HEAD"}:
            if path != "/login":
                out.append((method, path))
    return sorted(out)


def test_the_route_list_is_known(review):
    """A new route must be added to POST_FORMS (or be a GET), so the tests below cover it."""
    posts = {path for method, path in routes(review.app) if method == "POST"}
    assert posts == set(POST_FORMS)


def test_every_page_without_a_session_goes_to_the_login_and_every_form_is_refused(review):
    review.conversation("conv-1", food_conversation())
    client = review.client()
    for method, path in routes(review.app):
        if method == "GET":
            reply = client.get(path + ("?id=conv-1" if path == "/transcript" else ""))
            assert reply.status_code == 303, path
            assert reply.headers["location"].startswith("/login"), path
            assert "conv-1" not in reply.text and "lunchbox" not in reply.text
        else:
            client.get("/login")  # a page with a form token: the login form's, not a session's
            reply = client.post(path, POST_FORMS[path])
            assert reply.status_code == 403, path
            assert "Log in first" in reply.text
    assert review.rows("review_notes") == [] and review.rows("review_status") == []
    assert review.rows("review_accounts") == []


def test_a_made_up_session_cookie_is_no_session(review):
    client = review.client()
    client.http.cookies.set(SESSION, "not-a-real-token", domain="review.test")
    reply = client.get("/conversations")
    assert reply.status_code == 303 and reply.headers["location"].startswith("/login")


@pytest.mark.parametrize("token", [None, "", "forged-token-0123456789", "page-of-another-session"])
def test_a_forged_or_missing_form_token_is_refused_on_every_form(review, token):
    review.conversation("conv-1", food_conversation())
    lead = review.logged_in("lead.one", "lead")
    admin = review.logged_in("admin.one", "admin")
    other = review.logged_in("lead.two", "lead")
    other.get("/conversations")
    other_token = other.token()
    for path, form in POST_FORMS.items():
        client = admin if path.startswith("/accounts") else lead
        client.get("/password")
        sent = other_token if token == "page-of-another-session" else token
        reply = client.post(path, form, token=sent)
        assert reply.status_code == 403, path
        assert "security token" in reply.text
    assert review.rows("review_notes") == [] and review.rows("review_status") == []
    assert {a["username"] for a in review.rows("review_accounts")} == {"lead.one", "admin.one", "lead.two"}
    assert not any(a["disabled"] for a in review.rows("review_accounts"))
    # the sessions are still good: the refusals changed nothing
    assert lead.get("/conversations").status_code == 200


def test_the_login_form_needs_its_own_token(review):
    review.account("lead.one", "lead")
    client = review.client()
    reply = client.post("/login", {"username": "lead.one", "password": PASSWORD}, token="made-up")
    assert reply.status_code == 403 and "review_session" not in reply.headers.get("set-cookie", "")
    fresh = review.client()
    reply = fresh.post("/login", {"username": "lead.one", "password": PASSWORD}, token=None)
    assert reply.status_code == 403


def test_a_form_posted_from_another_site_is_refused(review):
    review.conversation("conv-1", food_conversation())
    lead = review.logged_in("lead.one", "lead")
    lead.get("/transcript?id=conv-1")
    reply = lead.post("/transcript/status", {"id": "conv-1", "status": "reviewed"},
                      headers={"Origin": "https://evil.example"})
    assert reply.status_code == 403 and review.rows("review_status") == []


def test_a_wrong_password_is_refused_and_audited(review):
    review.account("lead.one", "lead")
    client = review.client()
    reply = client.login("lead.one", "not the password at all")
    assert reply.status_code == 401
    assert "username or password is wrong" in reply.text
    assert "review_session=" not in reply.headers.get("set-cookie", "")
    assert client.get("/conversations").status_code == 303
    unknown = client.login("nobody.here", PASSWORD)
    assert unknown.status_code == 401 and "username or password is wrong" in unknown.text
    refused = [r for r in review.rows("review_audit") if r["action"] == "login-refused"]
    assert [(r["username"], r["detail"]) for r in refused] == [("lead.one", "wrong"), ("(unknown name)", "unknown")]


def test_repeated_wrong_passwords_lock_the_account_for_a_while(review):
    review.account("lead.one", "lead")
    client = review.client()
    for _ in range(accounts.FREE_ATTEMPTS):
        assert client.login("lead.one", "wrong password here").status_code == 401
    assert client.login("lead.one").status_code == 401, "the right password is refused during the lock"
    review.now += accounts.FIRST_LOCK + timedelta(seconds=1)
    assert client.login("lead.one").status_code == 303
    assert accounts.lock_for(accounts.FREE_ATTEMPTS + 20) == accounts.LONGEST_LOCK


def test_an_idle_session_expires(review):
    review.conversation("conv-1", food_conversation())
    lead = review.logged_in("lead.one", "lead")
    assert lead.get("/conversations").status_code == 200
    lead.get("/transcript?id=conv-1")
    review.now += timedelta(minutes=31)
    reply = lead.get("/conversations")
    assert reply.status_code == 303 and "expired=1" in reply.headers["location"]
    assert review.rows("review_sessions") == []
    assert "expired" in lead.get(reply.headers["location"]).text
    # a form from the page read before the expiry is refused too
    lead.get("/login")
    reply = lead.post("/transcript/status", {"id": "conv-1", "status": "reviewed"}, token="anything")
    assert reply.status_code == 403 and review.rows("review_status") == []


def test_an_active_session_still_ends_at_the_absolute_limit(review):
    lead = review.logged_in("lead.one", "lead")
    for _ in range(8 * 3 - 1):   # a request every 20 minutes for nearly 8 hours
        review.now += timedelta(minutes=20)
        assert lead.get("/conversations").status_code == 200
    review.now += timedelta(minutes=21)
    assert lead.get("/conversations").status_code == 303


def test_the_session_length_comes_from_the_settings(review):
    review.build(session_minutes=5)
    lead = review.logged_in("lead.one", "lead")
    review.now += timedelta(minutes=6)
    assert lead.get("/conversations").status_code == 303


def test_logging_out_ends_the_session_on_the_server(review):
    lead = review.logged_in("lead.one", "lead")
    cookie = lead.http.cookies.get(SESSION)
    lead.get("/conversations")
    assert lead.post("/logout").status_code == 303
    thief = review.client()
    thief.http.cookies.set(SESSION, cookie, domain="review.test")
    assert thief.get("/conversations").status_code == 303


def test_the_cookie_is_host_only_secure_httponly_samesite_strict_and_only_its_hash_is_stored(review):
    review.account("lead.one", "lead")
    client = review.client()
    client.get("/login")
    [login_cookie] = client.last.headers.get_list("set-cookie")
    reply = client.post("/login", {"username": "lead.one", "password": PASSWORD})
    cookie = next(c for c in reply.headers.get_list("set-cookie") if c.startswith(f"{SESSION}="))
    for each in (cookie, login_cookie):
        assert each.startswith("__Host-review_")
        attributes = {a.strip().split("=")[0].lower() for a in each.split(";")[1:]}
        assert {"secure", "httponly", "samesite", "path"} <= attributes and "domain" not in attributes, each
        assert "SameSite=Strict" in each and "Path=/;" in each + ";"
    token = client.http.cookies.get(SESSION)
    assert len(token) >= 43  # 32 random bytes
    [row] = review.rows("review_sessions")
    assert row["token_hash"] == accounts.token_hash(token) and token not in str(row)


def test_plain_http_cookies_only_with_the_development_switch(review):
    """``BOT_REVIEW_INSECURE_DEV=1`` (``insecure_dev``): no Secure, no prefix, no HSTS, for http://localhost."""
    review.build(insecure_dev=True)
    review.account("lead.one", "lead")
    client = review.client("http://review.test")
    reply = client.login("lead.one")
    cookie = next(c for c in reply.headers.get_list("set-cookie") if c.startswith("review_session="))
    assert "Secure" not in cookie and "HttpOnly" in cookie
    assert "strict-transport-security" not in reply.headers
    assert client.get("/conversations").status_code == 200


def test_security_headers_and_no_store_on_every_page(review):
    review.conversation("conv-1", food_conversation())
    lead = review.logged_in("lead.one", "lead")
    for path in ("/login", "/conversations", "/transcript?id=conv-1", "/password", "/no-such-page"):
        reply = lead.get(path)
        assert reply.headers["content-security-policy"].startswith("default-src 'self'"), path
        assert reply.headers["x-frame-options"] == "DENY", path
        assert reply.headers["cache-control"] == "no-store", path
        assert reply.headers["x-content-type-options"] == "nosniff", path
        assert reply.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains", path
    assert lead.get("/static/review.css").headers["strict-transport-security"].startswith("max-age=31536000")


def test_after_login_only_a_local_page_is_a_destination(review):
    review.account("lead.one", "lead")
    for target, expected in (("/transcript?id=conv-1", "/transcript?id=conv-1"),
                             ("//evil.example/x", "/queue"), ("https://evil.example/", "/queue"),
                             ("/\\evil.example", "/queue")):
        client = review.client()
        client.get("/login")
        reply = client.post("/login", {"username": "lead.one", "password": PASSWORD, "next": target})
        assert reply.headers["location"] == expected


def test_a_disabled_account_loses_its_sessions_and_cannot_log_in(review):
    lead = review.logged_in("lead.one", "lead")
    admin = review.logged_in("admin.one", "admin")
    [lead_row] = [a for a in review.rows("review_accounts") if a["username"] == "lead.one"]
    admin.get("/accounts")
    assert admin.post("/accounts/change", {"account": str(lead_row["id"]), "action": "disable"}).status_code == 303
    assert lead.get("/conversations").status_code == 303
    assert review.client().login("lead.one").status_code == 401


def test_changing_ones_password_ends_the_other_sessions(review):
    first = review.logged_in("lead.one", "lead")
    second = review.client()
    second.login("lead.one")
    first.get("/password")
    reply = first.post("/password", {"current_password": PASSWORD, "new_password": "a brand new passphrase",
                                     "new_password_again": "a brand new passphrase"})
    assert reply.status_code == 303
    assert first.get("/conversations").status_code == 200
    assert second.get("/conversations").status_code == 303
    assert review.client().login("lead.one", "a brand new passphrase").status_code == 303


def test_expired_sessions_are_deleted(review):
    review.logged_in("lead.one", "lead")
    review.now += timedelta(hours=9)
    with review.app.ctx.databases.review() as session, session.begin():
        assert accounts.purge_expired(session, review.now, timedelta(minutes=30), timedelta(hours=8)) == 1
        assert session.query(WebSession).count() == 0


def test_the_development_switch_is_refused_on_any_address_but_the_loopback(monkeypatch, capsys):
    """``serve`` with ``BOT_REVIEW_INSECURE_DEV=1`` on 0.0.0.0 stops before building the app."""
    from bot.review import app, cli

    def never(*_args, **_kwargs):
        raise AssertionError("the app was built")

    monkeypatch.setattr(app, "build_app", never)
    monkeypatch.setenv("BOT_REVIEW_INSECURE_DEV", "1")
    assert cli.main(["serve", "--host", "0.0.0.0", "--port", "1"]) == cli.EXIT_USAGE
    assert "BOT_REVIEW_INSECURE_DEV" in capsys.readouterr().err
