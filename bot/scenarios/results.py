"""Practice results, stored for trainers: one row per scored practice case, and the cohort view over them.

The table ``practice_results`` lives in its own ``MetaData`` (the app's tables never mix with Rasa's), in
the database named by ``BOT_PRACTICE_DB`` (a SQLAlchemy URL, or a file path for SQLite; default
``var/practice.db``). Sessions belong to the caller, in the SQLAlchemy 2.0 style that 1.4 offers::

    Session = session_factory()                     # built on first call, cached per URL
    with Session() as session, session.begin():
        record_result(session, participant=pseudonymous_id(sender_id), score=practice_score)
    with Session() as session:
        view = cohort(session)
        view.write_csv(open("cohort.csv", "w", newline=""))

Participants are pseudonymous: ``record_result`` refuses anything that looks like a name, an email address
or a phone number, and ``pseudonymous_id`` turns a conversation id into a keyed hash. The key is
``BOT_PRACTICE_ID_KEY`` when set (at least 16 characters), else a random one made on first use and kept in
``var/practice-id.key`` (0600), so a participant keeps one pseudonym across restarts and nobody without the key
can link a pseudonym to a conversation id by trying ids. A row holds scores and ids only, never the trainee's
words.
"""
from __future__ import annotations

import csv
import os
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from typing import IO, Dict, List, Optional

from sqlalchemy import (JSON, Column, DateTime, Float, Integer, MetaData, String, create_engine, delete,
                        func, select)
from sqlalchemy.orm import Session, declarative_base, sessionmaker

from bot.database_url import from_setting, sqlite_url
from bot.guideline.vocabulary import Level
from bot.paths import var_dir
from bot.pseudonyms import check_key, keyed_hash

metadata = MetaData()
Base = declarative_base(metadata=metadata)

DB_ENV = "BOT_PRACTICE_DB"
ID_KEY_ENV = "BOT_PRACTICE_ID_KEY"
ID_KEY_FILE = "practice-id.key"   # under var/ (BOT_VAR_DIR)
PSEUDONYM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
_LOOKS_PERSONAL = re.compile(r"@|\d{7,}|^[A-Z][a-z]+[._ -][A-Z][a-z]+$")
OWN_PSEUDONYM = re.compile(r"^p-[0-9a-f]{16}$")   # what pseudonymous_id makes: hex may hold 7 digits in a row


class PracticeResult(Base):
    """One scored practice case."""

    __tablename__ = "practice_results"

    id = Column(Integer, primary_key=True)
    participant = Column(String(64), nullable=False, index=True)
    """A pseudonymous id (``pseudonymous_id``), never a name."""
    cohort = Column(String(64), nullable=True, index=True)
    """An optional training group label, e.g. 'inset-2026-09'."""
    scenario_id = Column(String(100), nullable=False, index=True)
    recorded_at = Column(DateTime(timezone=True), nullable=False)
    overall = Column(Float, nullable=False)
    scores = Column(JSON, nullable=False)
    """``PracticeScore.summary()``: the part scores and the ids spotted, missed and extra."""
    missed_features = Column(JSON, nullable=False)
    """Expected feature numbers and routes not (fully) spotted."""
    level_given = Column(String(10), nullable=True)
    level_expected = Column(String(10), nullable=False)


def database_url(url: Optional[str] = None) -> str:
    """``url``, else ``BOT_PRACTICE_DB`` (a URL, or a path to an SQLite file), else ``var/practice.db``; read as
    every database setting is (``bot.database_url``)."""
    value = (url or os.environ.get(DB_ENV) or "").strip()
    return from_setting(value) if value else sqlite_url(var_dir() / "practice.db")


@lru_cache(maxsize=4)
def session_factory(url: Optional[str] = None) -> sessionmaker:
    """A session factory for the practice database, creating the table when missing; cached per URL."""
    from bot.transcripts.database import create_missing_tables, erase_deleted

    from bot.private_files import private_sqlite

    engine = create_engine(database_url(url), future=True)
    if engine.dialect.name == "sqlite":
        private_sqlite(engine.url.database)   # 0600 before SQLite makes it
    erase_deleted(engine)  # on SQLite, a purged result is overwritten on disk, not just unlinked
    create_missing_tables(metadata, engine)
    return sessionmaker(engine, future=True, expire_on_commit=False)


def pseudonymous_id(raw: str, key: Optional[str] = None) -> str:
    """A stable pseudonym for a conversation or sender id: 'p-' and 16 hex digits of a keyed hash.

    The key is ``key``, else ``BOT_PRACTICE_ID_KEY``, else this installation's generated key
    (``practice_id_key``); never a fixed word or a short key (``bot.pseudonyms.check_key``), which would let anyone
    who can guess a conversation id find its pseudonym.
    """
    secret = check_key(key, "the practice id key") if key else practice_id_key()
    return "p-" + keyed_hash(secret, raw, 16)


def practice_id_key() -> bytes:
    """``BOT_PRACTICE_ID_KEY`` (at least 16 characters), else the key in ``var/practice-id.key``, made on first
    use (32 random bytes, hex, file mode 0600) and the same after every restart. Instances that share one
    practice database on several machines set ``BOT_PRACTICE_ID_KEY`` to one value instead."""
    from_env = os.environ.get(ID_KEY_ENV, "").strip()
    if from_env:
        return check_key(from_env, ID_KEY_ENV)
    return _key_in(var_dir() / ID_KEY_FILE)


@lru_cache(maxsize=4)
def _key_in(path: "os.PathLike[str]") -> bytes:
    from bot.private_files import secret_file

    return secret_file(path)


def check_participant(participant: str) -> str:
    """The id if it is a pseudonym (letters, digits, '_.:-', up to 64); a ``ValueError`` if it looks personal."""
    if OWN_PSEUDONYM.match(participant or ""):
        return participant
    if not participant or not PSEUDONYM.match(participant) or _LOOKS_PERSONAL.search(participant):
        raise ValueError("participant must be a pseudonymous id (letters, digits and _.:- only, no names, emails "
                         "or phone numbers); use pseudonymous_id()")
    return participant


def record_result(session: Session, *, participant: str, score, cohort: Optional[str] = None,
                  at: Optional[datetime] = None) -> PracticeResult:
    """Add one scored practice case (a ``PracticeScore``) to the session; the caller commits."""
    summary = score.summary()
    row = PracticeResult(
        participant=check_participant(participant),
        cohort=cohort,
        scenario_id=score.scenario_id,
        recorded_at=at or datetime.now(timezone.utc),
        overall=summary["scores"]["overall"],
        scores=summary,
        missed_features=list(score.missed_feature_ids),
        level_given=score.level.given,
        level_expected=score.level.expected,
    )
    session.add(row)
    return row


def delete_results_before(session: Session, cutoff: datetime, dry_run: bool = False) -> int:
    """Delete (or, with ``dry_run``, count) the results recorded before ``cutoff``: the practice retention.

    ``python -m bot transcripts purge`` calls it with ``BOT_PRACTICE_RETENTION_DAYS`` (default: the
    conversations' period); the caller commits.
    """
    if cutoff.tzinfo is None:
        cutoff = cutoff.replace(tzinfo=timezone.utc)
    old = PracticeResult.recorded_at < cutoff
    if dry_run:
        return session.scalar(select(func.count()).select_from(PracticeResult).where(old)) or 0
    return session.execute(delete(PracticeResult).where(old).execution_options(synchronize_session=False)
                           ).rowcount or 0


# ---------------------------------------------------------------------------------------------------------
# The cohort view
# ---------------------------------------------------------------------------------------------------------


@dataclass
class ScenarioRow:
    scenario_id: str
    attempts: int
    participants: int
    mean_overall: float
    mean_noticed: float
    mean_level: float
    mean_steps: float
    level_right: int
    under_triage: int
    over_triage: int


@dataclass
class ParticipantRow:
    participant: str
    attempts: int
    scenarios: int
    mean_overall: float
    mean_noticed: float
    mean_level: float
    mean_steps: float
    level_right: int
    under_triage: int


@dataclass
class MissedFeature:
    feature_id: str
    missed: int
    scenarios: List[str]


@dataclass
class Misjudged:
    scenario_id: str
    attempts: int
    misjudged: int
    rate: float
    under_triage: int
    over_triage: int


@dataclass
class CohortView:
    """Results per scenario and per participant, the features most often missed, the scenarios most misjudged."""

    attempts: int
    per_scenario: List[ScenarioRow] = field(default_factory=list)
    per_participant: List[ParticipantRow] = field(default_factory=list)
    most_missed: List[MissedFeature] = field(default_factory=list)
    most_misjudged: List[Misjudged] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    CSV_COLUMNS = ("table", "id", "attempts", "participants_or_scenarios", "mean_overall", "mean_noticed",
                   "mean_level", "mean_steps", "level_right", "under_triage", "over_triage", "missed",
                   "misjudged_rate", "scenarios")

    def write_csv(self, out: IO[str]) -> None:
        """All four tables in one CSV, one row each, told apart by the ``table`` column."""
        w = csv.writer(out)
        w.writerow(self.CSV_COLUMNS)
        for r in self.per_scenario:
            w.writerow(["per_scenario", r.scenario_id, r.attempts, r.participants, r.mean_overall, r.mean_noticed,
                        r.mean_level, r.mean_steps, r.level_right, r.under_triage, r.over_triage, "", "", ""])
        for p in self.per_participant:
            w.writerow(["per_participant", p.participant, p.attempts, p.scenarios, p.mean_overall, p.mean_noticed,
                        p.mean_level, p.mean_steps, p.level_right, p.under_triage, "", "", "", ""])
        for m in self.most_missed:
            w.writerow(["most_missed_feature", m.feature_id, "", "", "", "", "", "", "", "", "", m.missed, "",
                        " ".join(m.scenarios)])
        for j in self.most_misjudged:
            w.writerow(["most_misjudged_scenario", j.scenario_id, j.attempts, "", "", "", "", "", "",
                        j.under_triage, j.over_triage, "", j.rate, ""])

    def to_text(self) -> str:
        if not self.attempts:
            return "No practice results yet."
        lines = [f"{self.attempts} practice attempts", "", "Per scenario:",
                 f"  {'scenario':<34} {'tries':>5} {'people':>6} {'overall':>7} {'notice':>6} {'level':>5} "
                 f"{'steps':>5} {'under':>5} {'over':>4}"]
        for r in self.per_scenario:
            lines.append(f"  {r.scenario_id:<34} {r.attempts:>5} {r.participants:>6} {r.mean_overall:>7.0%} "
                         f"{r.mean_noticed:>6.0%} {r.mean_level:>5.0%} {r.mean_steps:>5.0%} {r.under_triage:>5} "
                         f"{r.over_triage:>4}")
        lines += ["", "Per participant:",
                  f"  {'participant':<24} {'tries':>5} {'cases':>5} {'overall':>7} {'notice':>6} {'level':>5} "
                  f"{'steps':>5} {'under':>5}"]
        for p in self.per_participant:
            lines.append(f"  {p.participant:<24} {p.attempts:>5} {p.scenarios:>5} {p.mean_overall:>7.0%} "
                         f"{p.mean_noticed:>6.0%} {p.mean_level:>5.0%} {p.mean_steps:>5.0%} {p.under_triage:>5}")
        lines += ["", "Features most often missed:"]
        lines += [f"  {m.feature_id:<12} missed {m.missed} time(s), in {', '.join(m.scenarios)}"
                  for m in self.most_missed] or ["  none"]
        lines += ["", "Scenarios most often misjudged (level):"]
        lines += [f"  {j.scenario_id:<34} {j.misjudged}/{j.attempts} ({j.rate:.0%}); under {j.under_triage}, "
                  f"over {j.over_triage}" for j in self.most_misjudged] or ["  none"]
        return "\n".join(lines)


def _mean(values: List[float]) -> float:
    return round(sum(values) / len(values), 3) if values else 0.0


def _direction(row: PracticeResult) -> Optional[str]:
    if row.level_given is None:
        return "unread"
    if row.level_given == row.level_expected:
        return None
    return "over" if Level(row.level_given) > Level(row.level_expected) else "under"


def cohort(session: Session, cohort_label: Optional[str] = None, since: Optional[datetime] = None,
           top: int = 10) -> CohortView:
    """Aggregate the stored results (optionally one cohort, or since a date) into a ``CohortView``."""
    query = select(PracticeResult).order_by(PracticeResult.recorded_at)
    if cohort_label:
        query = query.where(PracticeResult.cohort == cohort_label)
    if since:
        query = query.where(PracticeResult.recorded_at >= since)
    rows = list(session.scalars(query))
    view = CohortView(attempts=len(rows))

    def part(row: PracticeResult, name: str) -> float:
        return float((row.scores or {}).get("scores", {}).get(name, 0.0))

    by_scenario: Dict[str, List[PracticeResult]] = defaultdict(list)
    by_participant: Dict[str, List[PracticeResult]] = defaultdict(list)
    for row in rows:
        by_scenario[row.scenario_id].append(row)
        by_participant[row.participant].append(row)

    for sid, group in sorted(by_scenario.items()):
        directions = [_direction(r) for r in group]
        view.per_scenario.append(ScenarioRow(
            sid, len(group), len({r.participant for r in group}), _mean([r.overall for r in group]),
            _mean([part(r, "noticed") for r in group]), _mean([part(r, "level") for r in group]),
            _mean([part(r, "steps") for r in group]), directions.count(None), directions.count("under"),
            directions.count("over")))
        misjudged = len(group) - directions.count(None)
        if misjudged:
            view.most_misjudged.append(Misjudged(sid, len(group), misjudged, round(misjudged / len(group), 3),
                                                 directions.count("under"), directions.count("over")))
    for pid, group in sorted(by_participant.items()):
        directions = [_direction(r) for r in group]
        view.per_participant.append(ParticipantRow(
            pid, len(group), len({r.scenario_id for r in group}), _mean([r.overall for r in group]),
            _mean([part(r, "noticed") for r in group]), _mean([part(r, "level") for r in group]),
            _mean([part(r, "steps") for r in group]), directions.count(None), directions.count("under")))

    missed: Counter = Counter()
    where: Dict[str, set] = defaultdict(set)
    for row in rows:
        for fid in row.missed_features or []:
            missed[fid] += 1
            where[fid].add(row.scenario_id)
    view.most_missed = [MissedFeature(fid, n, sorted(where[fid]))
                        for fid, n in sorted(missed.items(), key=lambda kv: (-kv[1], kv[0]))][:top]
    view.most_misjudged = sorted(view.most_misjudged, key=lambda m: (-m.rate, -m.misjudged, m.scenario_id))[:top]
    return view


__all__ = [
    "metadata",
    "PracticeResult",
    "session_factory",
    "database_url",
    "pseudonymous_id",
    "check_participant",
    "record_result",
    "delete_results_before",
    "cohort",
    "CohortView",
]
