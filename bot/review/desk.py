"""The lead's desk: the triage queue (the lead's first page), the termly picture with its PNG and CSV, and the
trainer's chart of the features most often missed in practice.

==================  =========================  ================================================================
``/queue``          lead                       unreviewed real conversations, danger first (``triage``)
``/picture``        lead, administrator        the termly picture: charts and tables (``picture``)
``/picture.png``    lead, administrator        the same as one PNG; ``?download=1`` as a file (audited)
``/picture.csv``    lead, administrator        the same numbers as CSV (audited)
``/practice.png``   trainer                    features most often missed in practice, as a chart
==================  =========================  ================================================================

The picture holds counts, ids and the guideline's titles only (no conversation id, no words), which is why an
administrator, who cannot open a conversation, may still take it to the governors. Everything else here is as
in ``app``: a login and the role check on every route, only the deployment's organisation's conversations, GET
only (no form changes anything here), and the charts are images the server draws: no JavaScript.
"""
from __future__ import annotations

import io
from datetime import datetime, timezone
from urllib.parse import urlencode

from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.review import audit, charts, picture, triage
from bot.review.app import _cohort, _own, _practice_filters, allow, in_thread, now, render
from bot.review.database import Databases


def add_routes(app: Sanic) -> None:
    """Called by ``app._routes``."""
    app.add_route(queue_page, "/queue", methods=["GET"])
    app.add_route(picture_page, "/picture", methods=["GET"])
    app.add_route(picture_png, "/picture.png", methods=["GET"])
    app.add_route(picture_csv, "/picture.csv", methods=["GET"])
    app.add_route(practice_png, "/practice.png", methods=["GET"])


# ---------------------------------------------------------------------------- the queue

@allow("lead")
async def queue_page(request: Request) -> HTTPResponse:
    databases: Databases = request.app.ctx.databases

    def load() -> triage.Queue:
        if not _own(request):
            return triage.Queue([triage.Group(k, t, m, [], 0) for k, t, m in triage.GROUPS])
        with databases.conversations() as conv, databases.review() as review:
            return triage.load_queue(conv, review, same_database=databases.same)

    queue = await in_thread(request, load)
    return render(request, "queue.html", queue=queue, now_utc=now(request))


# ---------------------------------------------------------------------------- the termly picture

def _today(request: Request):
    return now(request).replace(tzinfo=timezone.utc).astimezone(request.app.ctx.zone).date()


def _period(request: Request):
    start, end, problems = picture.read_period(request.args, _today(request))
    return start, end, problems


def _build(request: Request, start, end) -> picture.Picture:
    databases: Databases = request.app.ctx.databases
    moment: datetime = now(request)
    if not _own(request):
        return picture.Picture(start=start, end=end, weeks=[], features=[], routes=[], waits=[], concerns=0,
                               reviewed=0, due=0, within_day=0)
    with databases.conversations() as conv, databases.review() as review:
        return picture.build(conv, review, start=start, end=end, zone=request.app.ctx.zone, now=moment,
                             organisation=request.ctx.user.organisation)


def _audit_export(request: Request, kind: str, start, end) -> None:
    user = request.ctx.user
    with request.app.ctx.databases.review() as review, review.begin():
        audit.record(review, username=user.username, organisation=user.organisation, action="picture-export",
                     account_id=user.account_id, detail=f"{kind} {start.isoformat()} to {end.isoformat()}",
                     now=now(request))


@allow("lead", "admin")
async def picture_page(request: Request) -> HTTPResponse:
    start, end, problems = _period(request)
    view = None if problems else await in_thread(request, _build, request, start, end)
    query = urlencode({"from": start.isoformat(), "to": end.isoformat()})
    return render(request, "picture.html", status=400 if problems else 200, picture=view, problems=problems,
                  start=start.isoformat(), end=end.isoformat(), query=query, level_names=picture.LEVEL_NAMES,
                  levels=picture.LEVELS_SHOWN)


def _checked_period(request: Request):
    start, end, problems = _period(request)
    if problems:
        raise SanicException(" ".join(problems), status_code=400)
    return start, end


@allow("lead", "admin")
async def picture_png(request: Request) -> HTTPResponse:
    start, end = _checked_period(request)
    view = await in_thread(request, _build, request, start, end)
    body = await in_thread(request, charts.picture_png, view)
    headers = {}
    if request.args.get("download") == "1":
        await in_thread(request, _audit_export, request, "png", start, end)
        headers["Content-Disposition"] = f'attachment; filename="concerns-{start:%Y%m%d}-{end:%Y%m%d}.png"'
    return response.raw(body, content_type="image/png", headers=headers)


@allow("lead", "admin")
async def picture_csv(request: Request) -> HTTPResponse:
    start, end = _checked_period(request)
    view = await in_thread(request, _build, request, start, end)
    await in_thread(request, _audit_export, request, "csv", start, end)
    out = io.StringIO()
    view.write_csv(out)
    return response.raw(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition":
                                 f'attachment; filename="concerns-{start:%Y%m%d}-{end:%Y%m%d}.csv"'})


# ---------------------------------------------------------------------------- the trainer's chart

@allow("trainer")
async def practice_png(request: Request) -> HTTPResponse:
    """The cohort page's chart; the page itself (audited) shows the same numbers as a table."""
    label, since, problem = _practice_filters(request)
    if problem:
        raise SanicException(problem, status_code=400)
    missed, known = [], []
    if _own(request):
        view, known = await in_thread(request, _cohort, request, label, since)
        missed = view.most_missed
    body = await in_thread(request, charts.missed_png, missed, label if label in known else "")
    return response.raw(body, content_type="image/png")
