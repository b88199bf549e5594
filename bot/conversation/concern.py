"""What the practitioner has told the assistant so far about one child: the concern, built over several messages.

Each message's findings (``bot.findings.Findings``, from ``bot.observations.mapper``) add *notes*: one per
alerting feature, special route or set-aside feature found, with the practitioner's own words. Notes can be removed when the read-back is wrong.
The guideline's conditions that a single message could not settle (how old the child is, whether it has
happened more than once, whether the child said it themselves, whether a known cause fully explains it)
become *questions*; ``follow_up`` asks only those whose answer changes the level or the route.

The whole concern is a plain dict in the Rasa slot ``concern`` (``to_dict`` / ``from_dict``), so a
conversation survives a restart of either server. ``findings()`` gives what it holds back as ``Findings`` for the
advice.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Optional

from bot.findings import Finding, Findings
from bot.findings import Question as MapperQuestion
from bot.findings import SetAside
from bot.guideline import guideline
from bot.guideline.vocabulary import Level, Route
from bot.observations.vulnerability import VulnerabilityFactor
from bot.redaction import redact

MET = ("met", "route")
NON_RECENT = "the practitioner said the harm was in the past and the child is now safe"
"""What the concern keeps of a non-recent description (``Findings.non_recent``): that it was said, not the words."""
WORDS_SHOWN = 100


@dataclass
class Note:
    """One thing the assistant understood: the practitioner's words and the feature or route they point to."""

    words: str
    feature: str                 # "1.3.23", or a route id ("disclosure", ...)
    level: str                   # consider | suspect | danger; for a set-aside note, the feature's own level
    title: str
    status: str = "met"          # met | route | not_met | explained
    reason: str = ""             # why a set-aside note is not met (yet)
    details: list[str] = field(default_factory=list)

    @property
    def counts(self) -> bool:
        """Does this note count towards the level (as opposed to being recorded and kept in mind)?"""
        return self.status in MET


@dataclass
class Question:
    """A guideline condition the practitioner can settle: asked once, answered yes, no or not sure."""

    kind: str                    # disclosure | puberty | under | persistence | which | explanation | one_off | resolved
    features: list[str]
    words: str = ""              # the practitioner's words the question is about
    under: Optional[int] = None  # for kind "under": the age limit in the feature's wording
    options: list[str] = field(default_factory=list)  # for kind "which": the feature ids to choose from


@dataclass
class Concern:
    notes: list[Note] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    asking: Optional[Question] = None
    answers: list[dict] = field(default_factory=list)
    finished: bool = False       # the practitioner said that is everything
    advised: bool = False
    advice_key: str = ""         # the advice last given, so unchanged advice is not repeated in full
    messages: int = 0
    unanswered: int = 0          # replies in a row that did not answer the question being asked
    factors: list[dict] = field(default_factory=list)  # NG76 1.2 vulnerability factors mentioned, once each
    beyond: list[str] = field(default_factory=list)    # situations outside NG76's alerting features, once each
    non_recent: bool = False     # the practitioner said the harm was in the past and the child is now safe
    # every description in full (redacted) and what it matched, for the summary that goes into the record
    descriptions: list[dict] = field(default_factory=list)

    # ------------------------------------------------------------------ serialisation
    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Optional[dict]) -> "Concern":
        """The concern kept in the slot; anything unreadable (an old format) starts a fresh one."""
        if not isinstance(data, dict) or "notes" not in data:
            return cls()
        try:
            return cls(
                notes=[Note(**n) for n in data.get("notes", [])],
                questions=[Question(**q) for q in data.get("questions", [])],
                asking=Question(**data["asking"]) if data.get("asking") else None,
                answers=list(data.get("answers", [])),
                finished=bool(data.get("finished")),
                advised=bool(data.get("advised")),
                advice_key=str(data.get("advice_key", "")),
                messages=int(data.get("messages", 0)),
                unanswered=int(data.get("unanswered", 0)),
                factors=[dict(f) for f in data.get("factors", []) if isinstance(f, dict)],
                beyond=[str(b) for b in data.get("beyond", [])],
                non_recent=bool(data.get("non_recent")),
                descriptions=[dict(d) for d in data.get("descriptions", []) if isinstance(d, dict)],
            )
        except TypeError:
            return cls()

    # ------------------------------------------------------------------ views
    @property
    def counted(self) -> list[Note]:
        return [n for n in self.notes if n.counts]

    @property
    def set_aside(self) -> list[Note]:
        return [n for n in self.notes if not n.counts]

    @property
    def routes(self) -> list[Route]:
        """The routes noted, in the knowledge base's order."""
        return Route.in_order(n.feature for n in self.notes if n.status == "route")

    @property
    def level(self) -> Level:
        return Level.highest(n.level for n in self.counted)

    def features(self) -> list[Finding]:
        """Each alerting feature once, at its level, in the order first noted (routes are separate)."""
        seen: dict[str, Finding] = {}
        for note in self.counted:
            if note.status == "met" and note.feature not in seen:
                seen[note.feature] = Finding(note.feature, Level(note.level), title=note.title)
        return list(seen.values())

    def findings(self) -> Findings:
        """Everything confirmed so far, as findings, for ``bot.advice.build_advice``."""
        counted = self.features() + [Finding(r.value, r.level, title=guideline().route(r).title) for r in self.routes]
        kept = {f.id for f in counted}
        aside = [n for n in self.set_aside if n.feature not in kept]
        return Findings(
            features=counted,
            level=self.level,
            vulnerability=[VulnerabilityFactor(f.get("key", ""), f.get("name", ""), f.get("cite", ""), "")
                           for f in self.factors],
            beyond=list(self.beyond),
            non_recent=NON_RECENT if self.non_recent else None,
            not_met=[SetAside(n.feature, n.reason, n.words) for n in aside if n.status == "not_met"],
            explained=[SetAside(n.feature, n.reason, n.words) for n in aside if n.status == "explained"],
        )

    # ------------------------------------------------------------------ changes
    def add_findings(self, findings: Findings) -> list[Note]:
        """Add one message's findings; return the notes they added."""
        self.messages += 1
        knowledge = guideline()
        added: list[Note] = []
        for found in findings.features:
            route = found.route
            if route is not None:
                note = Note(shorten(found.evidence), route.value, found.level.value, knowledge.route(route).title,
                            "route")
            else:
                note = Note(shorten(found.evidence), found.id, found.level.value,
                            found.title or knowledge.feature(found.id).title, "met", details=list(found.notes))
            added.append(note)
        confirm: list[Question] = []
        for status, asides in (("not_met", findings.not_met), ("explained", findings.explained)):
            for aside in asides:
                feature = knowledge.feature(aside.id)
                if aside.ask:
                    # A qualifier in the words ("once", "part of his autism", "mum sorted it") lowers nothing by
                    # itself: the feature counts until the practitioner's answer to the question sets it aside.
                    added.append(Note(shorten(aside.evidence), feature.id, feature.level, feature.title,
                                      "met", details=[f"you mentioned: {aside.words or aside.ask}"]))
                    confirm.append(Question(aside.ask, [feature.id], words=aside.words))
                    continue
                added.append(Note(shorten(aside.evidence), feature.id, feature.level, feature.title,
                                  status, aside.reason))
        self.notes += added
        for question in confirm:
            self._ask(question)
        for asked in findings.uncertain:
            for question in questions_from_mapper(asked, added):
                self._ask(question)
        self.beyond += [key for key in findings.beyond if key not in self.beyond]
        self.non_recent = self.non_recent or bool(findings.non_recent)
        for factor in findings.vulnerability:
            if factor.key not in {f.get("key") for f in self.factors}:
                self.factors.append({"key": factor.key, "name": factor.name, "cite": factor.cite})
        if added:
            self.advised = False
        return added

    def _ask(self, question: Question) -> None:
        """Keep a question to ask, once."""
        if not any(q.kind == question.kind and q.features == question.features for q in self.questions):
            self.questions.append(question)

    def remove(self, number: int) -> Optional[Note]:
        """Remove the note shown as ``number`` (1-based) and any question only about it."""
        if not 1 <= number <= len(self.notes):
            return None
        note = self.notes.pop(number - 1)
        still = {n.feature for n in self.notes}
        # a disclosure question is about what the child said, not about a note: it stays
        self.questions = [q for q in self.questions if q.kind == "disclosure" or set(q.features) & still]
        if self.asking and self.asking.kind != "disclosure" and not set(self.asking.features) & still:
            self.asking = None
        self.advised = False
        return note

    def describe(self, text: str, matched: list[str]) -> None:
        """Keep a description as the practitioner wrote it (personal details redacted) and what it matched."""
        words = " ".join(redact(text or "").text.split())
        if words:
            self.descriptions.append({"text": words, "matched": list(matched)})

    def notes_for(self, feature_ids: list[str]) -> list[Note]:
        return [n for n in self.notes if n.feature in feature_ids]


def questions_from_mapper(asked: MapperQuestion, added: list[Note]) -> list[Question]:
    """The mapper's open questions, made specific: "is the child under 12?" rather than "how old is the child?"."""
    knowledge = guideline()
    kind = asked.kind
    # only alerting features have conditions to ask about (a route id here would be a mapper bug: ignore it)
    ids = [fid for fid in asked.features if not Route.known(fid) and _is_feature(fid)]
    if kind == "disclosure":
        return [Question("disclosure", ["disclosure"], words=next((n.words for n in added), ""))]
    if kind == "persistence" and ids:
        return [Question("persistence", sorted(ids))]
    if kind == "explanation" and ids:
        return [Question("explanation", sorted(ids), words=asked.words)]
    if kind == "which" and len(ids) == 2:
        return [Question("which", ids[:1], options=ids)]
    if kind == "age":
        made = []
        for fid in ids:
            age = knowledge.feature(fid).conditions.age
            if age is None:
                continue
            if age.pre_pubertal:
                made.append(Question("puberty", [fid]))
            if age.under:
                made.append(Question("under", [fid], under=age.under))
        return made
    return []


def _is_feature(fid: str) -> bool:
    try:
        guideline().feature(fid)
    except Exception:  # an id the knowledge base does not have
        return False
    return True


def shorten(words: str, limit: int = WORDS_SHOWN) -> str:
    """The practitioner's words for a read-back line: names, numbers and addresses replaced by placeholders
    (the bot never repeats a contact or a name it was given), trimmed at a word boundary."""
    words = " ".join(redact(words or "").text.split()).strip(" ,;.")
    if len(words) <= limit:
        return words
    cut = words[:limit].rsplit(" ", 1)[0]
    return cut + "…"
