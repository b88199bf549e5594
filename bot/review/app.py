"""The review web app: a Sanic application with server-rendered Jinja2 pages and no JavaScript.

Every page needs a login except ``/login`` and the stylesheet. Each role sees its own pages and nothing else:

==========  ======================================================================================
lead        ``/conversations`` (list, filters, search), ``/transcript?id=`` (read, mark reviewed, notes,
            export as PDF or Markdown); only the deployment's organisation's conversations
trainer     ``/practice`` (cohort results) and ``/practice.csv``
admin       ``/accounts`` (create, disable, enable, set a password) and ``/audit`` (read only)
everyone    ``/password`` (change one's own), ``POST /logout``
==========  ======================================================================================

Security: sessions are server-side (``accounts``), in a ``__Host-`` cookie that is Secure, HttpOnly and
SameSite=Strict, with Path=/ and no Domain, and every response says ``Strict-Transport-Security``: the app is
meant for HTTPS, and only ``BOT_REVIEW_INSECURE_DEV=1`` (plain HTTP on the loopback, for development and
tests) drops the prefix, ``Secure`` and HSTS. Every POST carries the session's form token (the login form a
cookie-bound one) and is refused with 403 without it, or when its ``Origin`` is another site; responses carry
a Content-Security-Policy (``default-src 'self'``), ``X-Frame-Options: DENY`` and ``Cache-Control: no-store``.
Logins are throttled by address and by account (``throttle``). Nothing typed into a form is logged; notes are
redacted before they are stored; the search words stay in the request.

Database work and redaction run in a small thread pool, so a slow query holds up one request, not the server.
"""
from __future__ import annotations

import asyncio
import functools
import hmac
import io
import itertools
import logging
import secrets
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Optional
from urllib.parse import quote, urlencode, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.review import accounts, audit, concern_record, conversations, throttle
from bot.review.addresses import client_address
from bot.review.conversations import without_nul
from bot.review.database import Databases, open_databases
from bot.review.settings import Settings
from bot.review.tables import ROLE_NAMES, ROLES, STATUSES, Account, Review

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "review_session"
LOGIN_COOKIE = "review_login"
HOST_PREFIX = "__Host-"   # the browser keeps such a cookie only if Secure, Path=/ and without Domain: no subdomain
#                           or plain-HTTP page can set or replace it
HSTS = "max-age=31536000; includeSubDomains"
PUBLIC_PATHS = {"/login"}
HOME = {"lead": "/queue", "trainer": "/practice", "admin": "/accounts"}  # the queue: bot.review.desk
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
                               "object-src 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
DONE = {  # messages after a form, chosen by a fixed key so no typed text is ever echoed from the URL
    "note": "Your note was added.",
    "reviewed": "The conversation is marked as reviewed.",
    "open": "The conversation is marked as not reviewed.",
    "created": "The account was created.",
    "disabled": "The account was disabled; its sessions have ended.",
    "enabled": "The account was enabled.",
    "password": "The password was set; the account's sessions have ended.",
    "own-password": "Your password was changed.",
}
_names = itertools.count(1)


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Forbidden(SanicException):
    status_code = 403


def build_app(settings: Optional[Settings] = None, databases: Optional[Databases] = None,
              clock: Callable[[], datetime] = utcnow) -> Sanic:
    """The app, its databases opened (and the app's tables created) now."""
    settings = settings or Settings.from_env()
    app = Sanic(f"review_{next(_names)}")
    app.config.FALLBACK_ERROR_FORMAT = "html"
    app.config.REQUEST_MAX_SIZE = 1_000_000
    app.config.KEEP_ALIVE_TIMEOUT = 15
    app.ctx.settings = settings
    app.ctx.cookies = cookie_names(settings)
    app.ctx.databases = databases or open_databases(settings)
    app.ctx.clock = clock
    app.ctx.executor = ThreadPoolExecutor(max_workers=8, thread_name_prefix="review")
    try:
        app.ctx.zone = ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        logger.warning("unknown time zone %r: showing times in UTC", settings.timezone)
        app.ctx.zone = ZoneInfo("UTC")
    app.ctx.templates = _templates(app.ctx.zone)
    app.static("/static", str(HERE / "static"), name="static")
    _middleware(app)
    _routes(app)
    _errors(app)
    return app


def close_app(app: Sanic) -> None:
    """Stop the worker threads and close the database connections (``serve`` does it when the server stops)."""
    app.ctx.executor.shutdown(wait=False)
    app.ctx.databases.dispose()


# ---------------------------------------------------------------------------- helpers

def _templates(zone: ZoneInfo) -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)

    def local(moment: Optional[datetime]) -> Optional[datetime]:
        return moment.replace(tzinfo=timezone.utc).astimezone(zone) if moment else None

    def when(moment: Optional[datetime], seconds: bool = False) -> Markup:
        if moment is None:
            return Markup("&ndash;")
        shown = local(moment)
        text = shown.strftime("%d %b %Y, %H:%M:%S" if seconds else "%d %b %Y, %H:%M")
        return Markup('<time datetime="{}">{}</time>').format(shown.isoformat(timespec="seconds"), text)

    def clock_time(moment: datetime) -> Markup:
        shown = local(moment)
        return Markup('<time datetime="{}">{}</time>').format(shown.isoformat(timespec="seconds"),
                                                              shown.strftime("%H:%M:%S"))

    env.filters.update(when=when, clock=clock_time, pct=lambda v: f"{float(v or 0):.0%}")
    env.globals.update(ROLE_NAMES=ROLE_NAMES, zone_name=zone.key, quote=lambda v: quote(str(v), safe=""))
    return env


async def in_thread(request: Request, function: Callable[..., Any], *args: Any) -> Any:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(request.app.ctx.executor, functools.partial(function, *args))


def now(request: Request) -> datetime:
    return request.app.ctx.clock()


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTTPResponse:
    user = getattr(request.ctx, "user", None)
    context.setdefault("done", DONE.get(request.args.get("done", ""), ""))
    html = request.app.ctx.templates.get_template(template).render(
        user=user, csrf=user.csrf_token if user else "", path=request.path, **context)
    return response.html(html, status=status)


def see_other(location: str) -> HTTPResponse:
    return response.redirect(location, status=303)


def cookie_names(settings: Settings) -> dict[str, str]:
    """The session and login-form cookies' names: ``__Host-`` prefixed unless in insecure development."""
    prefix = "" if settings.insecure_dev else HOST_PREFIX
    return {SESSION_COOKIE: prefix + SESSION_COOKIE, LOGIN_COOKIE: prefix + LOGIN_COOKIE}


def _cookie(request: Request, which: str) -> str:
    return request.cookies.get(request.app.ctx.cookies[which], "")


def _set_cookie(request: Request, reply: HTTPResponse, which: str, value: str, expire: bool = False) -> None:
    name = request.app.ctx.cookies[which]
    reply.cookies[name] = value
    cookie = reply.cookies[name]
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["path"] = "/"   # and no Domain: a __Host- cookie must have neither more nor less
    if not request.app.ctx.settings.insecure_dev:
        cookie["secure"] = True
    if expire:
        cookie["max-age"] = 0


def _safe_next(target: str) -> str:
    """A local path to go back to after logging in; anything else is ignored."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target or len(target) > 500:
        return ""
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else ""


def allow(*roles: str):
    """The handler is for these roles only; another role gets 403."""

    def wrap(handler):
        @functools.wraps(handler)
        async def checked(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
            user = request.ctx.user
            if user is None or user.role not in roles:
                raise Forbidden("Your role cannot open this page.")
            return await handler(request, *args, **kwargs)

        return checked

    return wrap


def _form(request: Request, name: str, limit: int = 10_000) -> str:
    value = request.form.get(name) if request.form else None
    return without_nul(str(value or ""))[:limit]


def _arg(request: Request, name: str) -> str:
    """A query-string value as typed (empty when absent); like ``_form``, without NUL characters."""
    return without_nul(request.args.get(name, ""))


# ---------------------------------------------------------------------------- middleware

def _middleware(app: Sanic) -> None:
    @app.on_request
    async def authenticate(request: Request) -> Optional[HTTPResponse]:
        request.ctx.user, request.ctx.why = None, "none"
        if request.path.startswith("/static/"):
            return None
        token = _cookie(request, SESSION_COOKIE)
        if token:
            request.ctx.user, request.ctx.why = await in_thread(request, _lookup, request.app, token, now(request))
        if request.method == "POST":
            return _check_post(request)
        if request.ctx.user is None and request.path not in PUBLIC_PATHS:
            target = request.path + (f"?{request.query_string}" if request.query_string else "")
            query = {"next": target} if request.path != "/" else {}
            if request.ctx.why == "expired":
                query["expired"] = "1"
            reply = see_other("/login" + (f"?{urlencode(query)}" if query else ""))
            if request.ctx.why != "none":
                _set_cookie(request, reply, SESSION_COOKIE, "", expire=True)
            return reply
        return None

    @app.on_response
    async def headers(request: Request, reply: HTTPResponse) -> None:
        _secure(request, reply)


def _secure(request: Request, reply: HTTPResponse) -> None:
    for name, value in SECURITY_HEADERS.items():
        reply.headers[name] = value
    if not request.app.ctx.settings.insecure_dev:
        reply.headers["Strict-Transport-Security"] = HSTS
    if not request.path.startswith("/static/"):
        reply.headers["Cache-Control"] = "no-store"
        reply.headers["Pragma"] = "no-cache"


def _lookup(app: Sanic, token: str, moment: datetime) -> tuple[Optional[accounts.Current], str]:
    settings = app.ctx.settings
    with app.ctx.databases.review() as session, session.begin():
        return accounts.current(session, token, moment, timedelta(minutes=settings.session_minutes),
                                timedelta(hours=settings.session_hours))


def _check_post(request: Request) -> Optional[HTTPResponse]:
    """Every POST: from this site, and with the form token of the session (or of the login form)."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.host:
        return _refused(request, "This form came from another site.")
    sent = _form(request, "csrf_token", 200)
    if request.path == "/login":
        expected = _cookie(request, LOGIN_COOKIE)
    elif request.ctx.user is None:
        message = ("Your session has expired: log in again." if request.ctx.why == "expired"
                   else "Log in first.")
        return _refused(request, message)
    else:
        expected = request.ctx.user.csrf_token
    if not expected or not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
        return _refused(request, "The form's security token is missing or wrong. Go back, reload the page and "
                                 "try again.")
    return None


def _refused(request: Request, message: str) -> HTTPResponse:
    reply = render(request, "error.html", status=403, title="Refused", message=message)
    _secure(request, reply)
    return reply


# ---------------------------------------------------------------------------- errors

def _errors(app: Sanic) -> None:
    @app.exception(SanicException)
    async def known(request: Request, error: SanicException) -> HTTPResponse:
        status = getattr(error, "status_code", 500) or 500
        titles = {403: "Not allowed", 404: "Not found", 405: "Not allowed"}
        message = str(error) if status in (403, 400) else {
            404: "There is no page here.", 405: "That is not something this page does."}.get(
            status, "Something went wrong.")
        if not hasattr(request.ctx, "user"):
            request.ctx.user = None
        reply = render(request, "error.html", status=status, title=titles.get(status, "Error"), message=message)
        _secure(request, reply)
        return reply

    @app.exception(Exception)
    async def unexpected(request: Request, error: Exception) -> HTTPResponse:
        logger.error("%s %s failed: %s", request.method, request.path, type(error).__name__, exc_info=error)
        if not hasattr(request.ctx, "user"):
            request.ctx.user = None
        reply = render(request, "error.html", status=500, title="Something went wrong",
                       message="The page could not be shown. Try again; if it keeps failing, tell your administrator.")
        _secure(request, reply)
        return reply


# ---------------------------------------------------------------------------- pages

def _routes(app: Sanic) -> None:
    app.add_route(home, "/", methods=["GET"])
    app.add_route(login_page, "/login", methods=["GET"])
    app.add_route(login, "/login", methods=["POST"], name="login_post")
    app.add_route(logout, "/logout", methods=["POST"])
    app.add_route(password_page, "/password", methods=["GET"])
    app.add_route(change_password, "/password", methods=["POST"], name="password_post")
    app.add_route(conversation_list, "/conversations", methods=["GET"])
    app.add_route(transcript, "/transcript", methods=["GET"])
    app.add_route(add_note, "/transcript/note", methods=["POST"])
    app.add_route(set_status, "/transcript/status", methods=["POST"])
    app.add_route(export, "/transcript/export", methods=["POST"])
    app.add_route(practice, "/practice", methods=["GET"])
    app.add_route(practice_csv, "/practice.csv", methods=["GET"])
    app.add_route(account_list, "/accounts", methods=["GET"])
    app.add_route(create_account, "/accounts", methods=["POST"], name="accounts_post")
    app.add_route(change_account, "/accounts/change", methods=["POST"])
    app.add_route(audit_log, "/audit", methods=["GET"])
    from bot.review.desk import add_routes   # the queue, the termly picture, the trainer's chart

    add_routes(app)


async def home(request: Request) -> HTTPResponse:
    return see_other(HOME.get(request.ctx.user.role, "/password"))


# ---- logging in and out

async def login_page(request: Request, error: str = "", status: int = 200, username: str = "") -> HTTPResponse:
    if request.ctx.user is not None and not error:
        return see_other(HOME.get(request.ctx.user.role, "/password"))
    token = _cookie(request, LOGIN_COOKIE)
    fresh = len(token) < 40
    if fresh:
        token = secrets.token_urlsafe(32)
    notice = "Your session has expired: log in again." if request.args.get("expired") == "1" else ""
    reply = render(request, "login.html", status=status, login_token=token, error=error, notice=notice,
                   next=_safe_next(request.args.get("next", "") or _form(request, "next", 500)), username=username,
                   session_minutes=request.app.ctx.settings.session_minutes)
    if fresh:
        _set_cookie(request, reply, LOGIN_COOKIE, token)
    return reply


def _login(app: Sanic, username: str, password: str, address: str, moment: datetime
           ) -> tuple[Optional[str], Optional[str]]:
    """(cookie token, role) after a right password, else (None, None); the attempt is audited (except while its
    address is locked: ``throttle``). No database lock is held while the password is checked."""
    from bot.transcripts.database import for_writing

    with app.ctx.databases.review() as session:
        attempt = accounts.begin_login(session, username, address, moment)
    check = accounts.check_password(attempt, password)
    with app.ctx.databases.review() as session, session.begin():
        for_writing(session)
        result = accounts.finish_login(session, attempt, check, moment)
        account = result.account
        if result.reason == "address-locked":
            return None, None
        if not result.ok:
            detail = result.reason + ("; address locked" if result.address_locked_now else "")
            audit.record(session, username=account.username if account else "(unknown name)",
                         organisation=account.organisation if account else "", action="login-refused",
                         account_id=account.id if account else None, detail=detail, now=moment)
            return None, None
        settings = app.ctx.settings
        accounts.purge_expired(session, moment, timedelta(minutes=settings.session_minutes),
                               timedelta(hours=settings.session_hours))   # everybody's stale sessions, now and then
        throttle.forget_old(session, moment)                              # and old counts and addresses
        token, _ = accounts.start_session(session, account, moment)
        if result.rehashed:
            audit.record(session, username=account.username, organisation=account.organisation,
                         action="password-rehash", account_id=account.id, now=moment)
        audit.record(session, username=account.username, organisation=account.organisation, action="login",
                     account_id=account.id, now=moment)
        return token, account.role


def request_address(request: Request) -> str:
    """The client's address for the throttle: the socket's peer unless it is a trusted proxy (``addresses``)."""
    return client_address(request.ip or "", request.headers.get("x-forwarded-for"),
                          request.app.ctx.settings.trusted_proxies)


async def login(request: Request) -> HTTPResponse:
    username, password = _form(request, "username", 100).strip(), _form(request, "password", 1000)
    token, role = await in_thread(request, _login, request.app, username, password, request_address(request),
                                  now(request))
    if token is None:
        return await login_page(request, status=401, username=username[:64],
                                error="The username or password is wrong, or the account is locked for a few "
                                      "minutes after several wrong passwords, or disabled.")
    target = _safe_next(_form(request, "next", 500)) or HOME.get(role, "/password")
    reply = see_other(target)
    _set_cookie(request, reply, SESSION_COOKIE, token)
    _set_cookie(request, reply, LOGIN_COOKIE, "", expire=True)
    return reply


def _logout(app: Sanic, user: accounts.Current, moment: datetime) -> None:
    with app.ctx.databases.review() as session, session.begin():
        accounts.end_session(session, user.token_hash)
        audit.record(session, username=user.username, organisation=user.organisation, action="logout",
                     account_id=user.account_id, now=moment)


async def logout(request: Request) -> HTTPResponse:
    await in_thread(request, _logout, request.app, request.ctx.user, now(request))
    reply = see_other("/login")
    _set_cookie(request, reply, SESSION_COOKIE, "", expire=True)
    return reply


# ---- one's own password

async def password_page(request: Request, error: str = "", status: int = 200) -> HTTPResponse:
    return render(request, "password.html", status=status, error=error)


def _change_password(app: Sanic, user: accounts.Current, current: str, new: str, moment: datetime) -> str:
    with app.ctx.databases.review() as session, session.begin():
        account = session.get(Account, user.account_id)
        from bot.review.passwords import verify_password

        if not verify_password(current, account.password_hash):
            return "Your current password is wrong."
        try:
            accounts.set_password(session, account, new, moment)
        except accounts.AccountError as error:
            return str(error)
        token, _ = accounts.start_session(session, account, moment)
        audit.record(session, username=user.username, organisation=user.organisation, action="password-change",
                     account_id=user.account_id, now=moment)
        return "ok:" + token


async def change_password(request: Request) -> HTTPResponse:
    new, again = _form(request, "new_password", 1000), _form(request, "new_password_again", 1000)
    if new != again:
        return await password_page(request, error="The two new passwords are not the same.", status=400)
    outcome = await in_thread(request, _change_password, request.app, request.ctx.user,
                              _form(request, "current_password", 1000), new, now(request))
    if not outcome.startswith("ok:"):
        return await password_page(request, error=outcome, status=400)
    reply = see_other("/password?done=own-password")
    _set_cookie(request, reply, SESSION_COOKIE, outcome[3:])  # the other sessions ended; this one goes on
    return reply


# ---- leads: the list, a transcript, notes, status, export

def _own(request: Request) -> bool:
    return conversations.belongs(request.ctx.user.organisation, request.app.ctx.settings.organisation)


@allow("lead")
async def conversation_list(request: Request) -> HTTPResponse:
    filters = conversations.ListFilters.from_args(request.args)
    databases: Databases = request.app.ctx.databases

    def load() -> tuple[conversations.Listing, list[str]]:
        if not _own(request) or filters.problems:
            return conversations.Listing([], {}, False), []
        with databases.conversations() as conv, databases.review() as review:
            return (conversations.list_conversations(conv, review, filters, zone=request.app.ctx.zone,
                                                     same_database=databases.same),
                    conversations.channels(conv))

    listing, channel_names = await in_thread(request, load)
    return render(request, "conversations.html", filters=filters, listing=listing, channels=channel_names,
                  level_choices=conversations.LEVEL_CHOICES, status_choices=conversations.STATUS_CHOICES,
                  practice_choices=conversations.PRACTICE_CHOICES, sort_choices=conversations.SORT_CHOICES,
                  feature_choices=conversations.feature_choices(), route_choices=conversations.route_choices())


def _conversation_or_404(request: Request, conv, sender_id: str):
    record = conversations.conversation(conv, sender_id) if sender_id and _own(request) else None
    if record is None:
        raise SanicException("There is no conversation with that id that you can see.", status_code=404)
    return record


@allow("lead")
async def transcript(request: Request) -> HTTPResponse:
    sender_id = _arg(request, "id")[:255]
    databases: Databases = request.app.ctx.databases
    user, moment = request.ctx.user, now(request)

    def load() -> dict:
        with databases.conversations() as conv:
            record = _conversation_or_404(request, conv, sender_id)
            messages = conversations.messages(conv, sender_id)
        with databases.review() as review, review.begin():
            audit.record(review, username=user.username, organisation=user.organisation, action="view",
                         account_id=user.account_id, sender_id=sender_id, now=moment)
            status = review.get(Review, sender_id)
            notes = conversations.notes(review, sender_id)
        return dict(record=record, messages=messages, findings=conversations.findings(record, messages),
                    review_status=status, notes=notes)

    page = await in_thread(request, load)
    return render(request, "transcript.html", error=request.args.get("error", "") == "note",
                  max_note=conversations.MAX_NOTE, **page)


@allow("lead")
async def add_note(request: Request) -> HTTPResponse:
    sender_id, text = _form(request, "id", 255), _form(request, "note", conversations.MAX_NOTE + 1000)
    databases: Databases = request.app.ctx.databases
    user, moment = request.ctx.user, now(request)

    def save() -> bool:
        with databases.conversations() as conv:
            _conversation_or_404(request, conv, sender_id)
        if not text.strip() or len(text.strip()) > conversations.MAX_NOTE:
            return False
        redacted = conversations.redact_note(text)   # before any transaction: spaCy takes a moment
        with databases.review() as review, review.begin():
            note = conversations.add_note(review, sender_id, redacted, account_id=user.account_id,
                                          username=user.username, role=user.role, now=moment)
            review.flush()
            audit.record(review, username=user.username, organisation=user.organisation, action="annotate",
                         account_id=user.account_id, sender_id=sender_id, detail=f"note {note.id}", now=moment)
        return True

    saved = await in_thread(request, save)
    target = f"/transcript?id={quote(sender_id, safe='')}"
    return see_other(target + ("&done=note#notes" if saved else "&error=note#add-note"))


@allow("lead")
async def set_status(request: Request) -> HTTPResponse:
    sender_id, status = _form(request, "id", 255), _form(request, "status", 20)
    if status not in STATUSES:
        raise SanicException("Choose reviewed or not reviewed.", status_code=400)
    databases: Databases = request.app.ctx.databases
    user, moment = request.ctx.user, now(request)

    def save() -> None:
        with databases.conversations() as conv:
            _conversation_or_404(request, conv, sender_id)
        with databases.review() as review, review.begin():
            conversations.set_status(review, sender_id, status, account_id=user.account_id,
                                     username=user.username, now=moment)
            audit.record(review, username=user.username, organisation=user.organisation, action="status",
                         account_id=user.account_id, sender_id=sender_id, detail=f"status {status}", now=moment)

    await in_thread(request, save)
    return see_other(f"/transcript?id={quote(sender_id, safe='')}&done={status}")


@allow("lead")
async def export(request: Request) -> HTTPResponse:
    sender_id, kind = _form(request, "id", 255), _form(request, "format", 10)
    if kind not in ("pdf", "markdown"):
        raise SanicException("Choose PDF or Markdown.", status_code=400)
    databases: Databases = request.app.ctx.databases
    user, moment = request.ctx.user, now(request)

    def build() -> tuple[bytes, str]:
        with databases.conversations() as conv:
            record = _conversation_or_404(request, conv, sender_id)
            messages = conversations.messages(conv, sender_id)
        with databases.review() as review, review.begin():
            status = review.get(Review, sender_id)
            notes = conversations.notes(review, sender_id)
            audit.record(review, username=user.username, organisation=user.organisation, action="export",
                         account_id=user.account_id, sender_id=sender_id, detail=kind, now=moment)
        concern = concern_record.ConcernRecord(
            sender_id=sender_id, organisation=user.organisation, channel=record.channel, practice=record.practice,
            started_at=record.started_at, last_event_at=record.last_event_at,
            findings=conversations.findings(record, messages), messages=messages,
            notes=[concern_record.NoteLine(n.at, n.author, ROLE_NAMES.get(n.author_role, n.author_role), n.text)
                   for n in notes],
            status=status.status if status else None, status_by=status.reviewed_by if status else None,
            status_at=status.at if status else None, exported_by=user.username, exported_at=moment,
            zone=request.app.ctx.zone)
        if kind == "pdf":
            return concern_record.to_pdf(concern), concern.filename("pdf")
        return concern_record.to_markdown(concern).encode("utf-8"), concern.filename("md")

    body, filename = await in_thread(request, build)
    content_type = "application/pdf" if kind == "pdf" else "text/markdown; charset=utf-8"
    return response.raw(body, content_type=content_type,
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# ---- trainers: practice results

def _cohort(request: Request, label: str, since: Optional[date]):
    from bot.scenarios.results import PracticeResult, cohort

    import sqlalchemy as sa

    moment = None
    if since:
        moment = datetime.combine(since, datetime.min.time(), tzinfo=request.app.ctx.zone).astimezone(timezone.utc)
    with request.app.ctx.databases.practice()() as session:
        labels = [c for c in session.scalars(sa.select(PracticeResult.cohort).distinct()
                                             .order_by(PracticeResult.cohort)) if c]
        view = cohort(session, label or None, moment)
    return view, labels


def _practice_filters(request: Request) -> tuple[str, Optional[date], str]:
    label = _arg(request, "cohort").strip()[:64]
    since_text, problem, since = _arg(request, "since").strip(), "", None
    if since_text:
        try:
            since = date.fromisoformat(since_text)
        except ValueError:
            problem = "From: enter a date like 2026-01-31."
    return label, since, problem


def _audit_cohort(request: Request, action: str, detail: str) -> None:
    user = request.ctx.user
    with request.app.ctx.databases.review() as review, review.begin():
        audit.record(review, username=user.username, organisation=user.organisation, action=action,
                     account_id=user.account_id, detail=detail or None, now=now(request))


@allow("trainer")
async def practice(request: Request) -> HTTPResponse:
    label, since, problem = _practice_filters(request)
    view, labels = None, []
    if _own(request) and not problem:
        view, labels = await in_thread(request, _cohort, request, label, since)
        await in_thread(request, _audit_cohort, request, "cohort-view", f"cohort {label}" if label else "")
    return render(request, "practice.html", view=view, labels=labels, label=label,
                  since=since.isoformat() if since else "", problem=problem,
                  csv_query=urlencode({k: v for k, v in (("cohort", label),
                                                          ("since", since.isoformat() if since else "")) if v}))


@allow("trainer")
async def practice_csv(request: Request) -> HTTPResponse:
    label, since, problem = _practice_filters(request)
    if problem:
        raise SanicException(problem, status_code=400)
    if not _own(request):
        raise SanicException("There are no practice results you can see.", status_code=404)
    view, _ = await in_thread(request, _cohort, request, label, since)
    await in_thread(request, _audit_cohort, request, "cohort-export", f"cohort {label}" if label else "")
    out = io.StringIO()
    view.write_csv(out)
    filename = f"practice-results-{now(request):%Y%m%d-%H%M}.csv"
    return response.raw(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# ---- administrators: accounts and the audit log

def _accounts(request: Request) -> list[Account]:
    with request.app.ctx.databases.review() as session:
        return accounts.accounts_of(session, request.ctx.user.organisation)


@allow("admin")
async def account_list(request: Request, error: str = "", status: int = 200, form: Optional[dict] = None
                       ) -> HTTPResponse:
    rows = await in_thread(request, _accounts, request)
    return render(request, "accounts.html", status=status, accounts=rows, roles=ROLES, error=error,
                  form=form or {"username": "", "role": "lead"})


@allow("admin")
async def create_account(request: Request) -> HTTPResponse:
    user, moment = request.ctx.user, now(request)
    username, role = _form(request, "username", 100).strip().lower(), _form(request, "role", 20)
    password, again = _form(request, "password", 1000), _form(request, "password_again", 1000)
    if password != again:
        return await account_list(request, error="The two passwords are not the same.", status=400,
                                  form={"username": username, "role": role})

    def save() -> str:
        with request.app.ctx.databases.review() as session, session.begin():
            try:
                account = accounts.create_account(session, username, user.organisation, role, password, moment)
            except accounts.AccountError as error:
                return str(error)
            audit.record(session, username=user.username, organisation=user.organisation, action="account-create",
                         account_id=user.account_id, detail=f"{account.username} as {role}", now=moment)
        return ""

    error = await in_thread(request, save)
    if error:
        return await account_list(request, error=error, status=400, form={"username": username, "role": role})
    return see_other("/accounts?done=created")


@allow("admin")
async def change_account(request: Request) -> HTTPResponse:
    user, moment = request.ctx.user, now(request)
    action, target = _form(request, "action", 20), _form(request, "account", 20)
    if action not in ("disable", "enable", "password") or not target.isdecimal():
        raise SanicException("That change is not possible.", status_code=400)
    password, again = _form(request, "password", 1000), _form(request, "password_again", 1000)

    def save() -> str:
        with request.app.ctx.databases.review() as session, session.begin():
            account = session.get(Account, int(target))
            if account is None or account.organisation != user.organisation:
                raise SanicException("There is no such account in your organisation.", status_code=404)
            if action == "disable":
                if account.id == user.account_id:
                    return "You cannot disable your own account."
                accounts.set_disabled(session, account, True)
            elif action == "enable":
                accounts.set_disabled(session, account, False)   # and its locks end, at every address
            else:
                if password != again:
                    return "The two passwords are not the same."
                try:
                    accounts.set_password(session, account, password, moment)
                except accounts.AccountError as error:
                    return str(error)
            audit.record(session, username=user.username, organisation=user.organisation,
                         action=f"account-{action}", account_id=user.account_id, detail=account.username, now=moment)
        return ""

    error = await in_thread(request, save)
    if error:
        return await account_list(request, error=error, status=400)
    if action == "password" and target == str(user.account_id):
        return see_other("/login")  # one's own sessions ended with the new password
    return see_other("/accounts?done=" + {"disable": "disabled", "enable": "enabled", "password": "password"}[action])


@allow("admin")
async def audit_log(request: Request) -> HTTPResponse:
    action = request.args.get("action", "")
    action = action if action in audit.ACTIONS else ""
    sender_id = _arg(request, "conversation").strip()[:255]
    username = _arg(request, "account").strip()[:64]
    page_text = request.args.get("page", "1")
    page = int(page_text) if page_text.isdecimal() and 0 < int(page_text) < 100000 else 1
    size = 100

    def load() -> list:
        with request.app.ctx.databases.review() as session:
            return audit.entries(session, request.ctx.user.organisation, action=action or None,
                                 sender_id=sender_id or None, username=username or None, limit=size + 1,
                                 offset=(page - 1) * size)

    rows = await in_thread(request, load)
    query = {k: v for k, v in (("action", action), ("conversation", sender_id), ("account", username)) if v}
    return render(request, "audit.html", rows=rows[:size], has_next=len(rows) > size, page=page,
                  actions=audit.ACTIONS, action=action, conversation=sender_id, account=username,
                  query=urlencode(query))
