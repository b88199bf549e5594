"""From a practitioner's own words to NG76 alerting features, levels and special routes.

The message is split into sentences and clauses (spaCy); each clause is classified by the trained
``ClauseClassifier``; then the guideline's own conditions, read from the knowledge base, decide each feature's
final id and level: persistence (1.3.31 becomes 1.3.32 when persistent; "repeatedly" features are not met by
a stated one-off), the child's age (pre-pubertal, under 12, school-aged), stated explanations and negation.
Immediate danger also has explicit patterns (``danger.py``), because there a false alarm beats a miss.
"""
from __future__ import annotations

import re
from typing import Optional

from spacy.language import Language
from spacy.tokens import Span

from bot.findings import Finding, Findings, Question, SetAside
from bot.guideline import Guideline, guideline
from bot.guideline.vocabulary import Level, Route
from bot.observations.classifier import NONE, ClauseClassifier, Prediction
from bot.observations.danger import FGM_CUE, danger_doubts, danger_signs, told_as_history
from bot.observations.disclosure import adult_is_telling, disclosure_words
from bot.observations.suspect_signs import suspect_signs, witnessed_accident, witnessed_in_message
from bot.observations.vulnerability import vulnerability_factors
from bot.observations.beyond import situations_in
from bot.observations.reassurance import ruled_out_by
from bot.observations.textspeak import restore, sentence_bounds
from bot.observations.qualifiers import Qualifiers, frequency, negated, past_and_now_safe, qualifiers, resolved

MAX_CHARS = 5000
ACCEPT = 0.40          # a clause's label is taken when its probability reaches this
SECOND = 0.22          # a second label in the same clause needs this much
ASK_MARGIN = 0.10      # two labels this close in one clause: ask which was meant
DANGER_ACCEPT = 0.20   # immediate danger is taken at this probability, routes and 'suspect' features at the next
SERIOUS_ACCEPT = 0.28
ROUTE_ACCEPT = 0.34    # disclosure, FGM, trafficking, fabricated or induced illness, injury
DANGER_SURE = 0.35     # below this, the classifier's danger in words that tell only of past occasions is asked about
DANGER_ASK = 0.12      # the classifier's grey zone for immediate danger: below ACCEPT, never decided silently
DANGER_QUESTION = "Is the child in immediate danger right now?"

# explanation kinds found in text -> the knowledge base's "not fully explained by" kinds
_EXPLANATION_KINDS = {
    "bereavement": "stressful_situation",
    "separation": "stressful_situation",
    "medical": "medical",
    "neurodevelopmental": "neurodevelopmental",
    "english_additional_language": "english_additional_language",
    "bipolar": "bipolar",
    "traumatic_event": "traumatic_event",
}
_REPORTED = re.compile(r"\b(?:told|tell|tells|telling|said|says|saying|disclos\w*|wrote|writes|written|mention\w*|"
                       r"confided|whisper\w*|asked|explained|admitted|let slip|talked|spoke|drew)\b|(?:^|\s)['\"‘“](?=\w)", re.I)
_TANTRUM = re.compile(r"\b(?:tantrum|meltdown|paddy|strop|kick(?:ing|ed|s)? off|screaming fit|screaming because|"
                      r"lying on the floor|threw (?:himself|herself) (?:on|to) the floor|hissy fit|screaming and kicking|"
                      r"kicking and screaming|lay on the floor)\w*", re.I)
# Cutting told as self-harm, which the classifier can take for female genital mutilation's "cutting". Only the
# young person's own cutting counts ("she started cutting in the summer"), never a cutter's ("the woman
# who is cutting the girls"); any word of FGM anywhere in the message keeps the reading (the second reader's finding).
_SELF_HARM_CUTTING = re.compile(
    r"\b(?:she|he|I)(?:'s|'d| has| had| is| was)?\s+(?:started|starting|been|begun|kept|stopped)\s+cutting\b"
    r"(?!\s+(?:the |all the |other |young |little |her |his )?(?:girls?|children|kids|daughters?|sisters?))"
    r"|\bcut(?:ting|s)? (?:her|him|them)sel(?:f|ves)\b|\bself[- ]?harm\w*"
    r"|\bcuts? (?:to|on|across|up) (?:her|his|their|both) (?:arms?|forearms?|wrists?|thighs?|legs?|tummy|stomach)\b", re.I)
_FGM_CUE = re.compile(FGM_CUE + r"|\bwas cut\b|\bcut down there\b|\bhad (?:the|her) cut\b|\b(?:woman|women|lady|ladies|"
                      r"aunties|aunts?|grandmother|grandma|cutter)\b[^.]{0,30}\bcutting\b", re.I)
FGM_SELF_HARM_SURE = 0.6  # a reading of FGM this strong stays, whatever else the sentence says
# A clause that only says no illness explains what was seen ("no diagnosis as far as mum knows", "EEG normal") is
# the reason another feature stands; the classifier reads fabricated or induced illness into it. Its weak reading is
# not taken unless the message has a word of FII's own (invented, induced, tampered, insists, another hospital...).
_NO_DIAGNOSIS = re.compile(
    r"\bno (?:known |formal |obvious )?(?:medical )?(?:condition|diagnosis|explanation|cause|developmental \w+)\b"
    r"|\b(?:tests?|bloods|results?|eeg|scans?|hearing test|x-?rays?)\b[^.]{0,30}\b(?:normal|clear|negative)\b"
    r"|\bfound no\b|\bnot seizures\b", re.I)
_FII_CUE = re.compile(
    r"\b(?:fabricat\w*|induc\w*|exaggerat\w*|makes? (?:it|them|symptoms?|things) up|made (?:it|them|things) up|"
    r"tamper\w*|poison\w*|salt|insists?|insisted|demand\w*|(?:different|another|new|third|fourth) (?:hospital|gp|doctor|"
    r"consultant|specialist)|nobody else|no one else|never (?:been )?(?:seen|witnessed)|only (?:when|with|in front of) "
    r"(?:mum|dad|her mum|his mum|the mother|the father)|wheelchair|tube|unnecessary|fii|(?:more|further|extra) "
    r"(?:tests|scans|investigations|referrals)|never (?:while|when|in front of)|asking for (?:another|more|further)|"
    r"another (?:\w+ )?(?:scans?|tests?|referral|opinion)|(?:last|other|previous) hospital|always (?:at home|fits)|"
    r"keeps? (?:bringing|taking|ringing|calling)|new symptoms?|repeated\w* (?:attend\w*|present\w*|admissions?|visits)|"
    r"(?:\d+|several|many|multiple) (?:admissions|attendances|hospitals|gps|doctors))\b",
    re.I)
FII_NO_DIAGNOSIS_SURE = 0.6
_STOPWORDS = {
    "the", "a", "an", "and", "or", "but", "he", "she", "they", "his", "her", "their", "him", "it", "is", "was",
    "are", "has", "have", "had", "to", "of", "in", "on", "at", "for", "with", "from", "i", "we", "my", "me",
    "mum", "dad", "child", "not", "no", "been", "be", "this", "that", "when", "what", "who", "says", "said",
    "told", "you", "there", "if", "so", "as", "by", "up", "out", "about", "every", "all", "just", "yes",
}


MappingResult = Findings
"""What the mapper returns for one message: ``bot.findings.Findings`` (the name the mapper's code has used)."""


def looks_like_english(text: str) -> bool:
    """Enough common English words to be worth classifying (emoji, other languages and noise are not)."""
    words = re.findall(r"[a-zA-Z']+", text.lower())
    if not words:
        return False
    hits = sum(w in _STOPWORDS for w in words)
    return hits >= 1 and (hits / len(words) >= 0.12 or len(words) <= 3)


_CLAUSE_BREAK = re.compile(
    r"\s*(?:;|:\s|\s[-–—]\s|,\s*(?:and|but|while|plus|so)\s+"
    r"|\s+(?:and|but|while)\s+(?=(?:he|she|they|mum|dad|mother|father|his|her|their|the|it|we|i|nobody|no-one|"
    r"staff|carers?|parents?|[A-Z][a-z]+\s+(?:is|has|was|keeps|says))\b)"
    r"|\s+and\s+(?=(?:has|have|had|is|was|keeps|kept|hasn't|haven't|won't|wouldn't|doesn't|didn't|never|also|often|"
    r"always|still|regularly|now|then)\b)"
    r"|,\s+(?=(?:he|she|they|mum|dad|and)\b\s+\w+))")


def clauses(sentence: Span) -> list[str]:
    """Split a sentence where a new observation can start: semicolons, dashes, "and" before a new subject.

    The small English parser does not reliably mark coordinated clauses in practitioners' run-on sentences,
    so the split is lexical; each part and the whole sentence are classified.
    """
    parts = [p.strip(" ,;-—–") for p in _CLAUSE_BREAK.split(sentence.text)]
    return [p for p in parts if len(re.findall(r"[A-Za-z]+", p)) >= 2]


class ObservationMapper:
    """Maps a message to features; one instance holds the trained classifier and the spaCy pipeline."""

    def __init__(self, classifier: ClauseClassifier, nlp: Language, knowledge: Optional[Guideline] = None) -> None:
        self.classifier = classifier
        self.nlp = nlp
        self.knowledge = knowledge or guideline()
        # Only the sentences are read from spaCy, and the parser alone decides them: the tagger, lemmatizer and
        # entity recogniser are left out (the same sentences, in half the time).
        self._not_for_sentences = [name for name in nlp.pipe_names if name not in ("tok2vec", "parser")]
        # each persistent form with the interaction it escalates from (1.3.32 with 1.3.31, 1.3.34 with 1.3.33)
        self._persistent_forms = {f.conditions.escalates_to: f.id for f in self.knowledge.features
                                  if f.conditions.escalates_to}

    # -------------------------------------------------------------- public
    def map(self, text: str) -> MappingResult:
        text = (text or "").strip()
        if not text:
            return MappingResult(message="I didn't get any words there. Tell me what you saw or heard.")
        note = None
        if len(text) > MAX_CHARS:
            text = text[:MAX_CHARS]
            note = (f"That was a long message: I read the first {MAX_CHARS} characters. "
                    "Send the rest in another message if it matters.")
        result = MappingResult(qualifiers=qualifiers(text))
        signs = danger_signs(text)  # once a message: the patterns cost about 25 ms on 5,000 characters
        for sign in signs:
            self._add(result, Finding.immediate_danger(sign.words, 1.0, (sign.kind,)))
            route = _ROUTE_OF_DANGER.get(sign.kind)
            if route is not None:
                title = self.knowledge.route(route.value).title
                self._add(result, Finding(route.value, route.level, 1.0, sign.words, title,
                                          [f"the danger is this route's: {sign.kind}"]))
        if not looks_like_english(text):
            if not result.features:
                result.message = ("I couldn't find an observation in that. Please describe, in English, what you "
                                  "saw or heard about the child.")
            return self._finish(result)
        for sign in signs:
            if sign.kind in _SELF_HARM_DANGER and not _adult_is_the_one(text, sign.words):
                self._apply(Prediction("1.3.16", 0.8), sign.words, text, text, result)
        told = disclosure_words(text)
        if told and not negated(told):
            self._add(result, Finding(Route.DISCLOSURE.value, Route.DISCLOSURE.level, 0.9, told,
                                      self.knowledge.route("disclosure").title, ["the child has told someone (NG76 1.3.7)"]))
        doc = self.nlp(text, disable=self._not_for_sentences)
        sentences = list(doc.sents)
        analysed = [self._classify_sentence(sentence) for sentence in sentences]
        # a sentence with no feature of its own ("It has happened three times this week.") qualifies the others
        context = " ".join(s.text for s, segments in zip(sentences, analysed)
                           if not any(self._accepted(r) for _, r in segments))
        result_doubts: list[str] = []
        for sentence, segments in zip(sentences, analysed):
            self._map_sentence(sentence, segments, context, result)
            result_doubts += [segment for segment, ranking in segments if _danger_probability(ranking) >= DANGER_ASK]
        self._add_suspect_signs(text, context, result)
        if Route.DANGER not in result.routes:
            doubts = [d.words for d in danger_doubts(text)] + result_doubts
            if doubts and not any(q.kind == "danger" for q in result.uncertain):
                result.uncertain.insert(0, Question("danger", DANGER_QUESTION, [], words=doubts[0]))
        else:  # danger found: nothing left to ask about it
            result.uncertain = [q for q in result.uncertain if q.kind != "danger"]
        result.vulnerability = vulnerability_factors(text)
        result.beyond = situations_in(text)
        result.non_recent = past_and_now_safe(text)
        if not result.features and not result.not_met and not result.explained and not result.uncertain:
            result.message = ("I couldn't find an NG76 alerting feature in that. If something is worrying you, "
                              "tell me what you saw or heard, in your own words.")
        if note:
            result.message = note if not result.message else f"{note} {result.message}"
        self._to_confirm_if_ruled_out(text, result)
        return self._finish(result)

    def map_many(self, texts: list[str]) -> list[MappingResult]:
        return [self.map(t) for t in texts]

    # -------------------------------------------------------------- steps
    def _classify_sentence(self, sentence: Span) -> list[tuple[str, list[Prediction]]]:
        """Rank every label for the sentence and for each of its clauses."""
        opening = negated(sentence.text)
        if opening and sentence.text.lower().lstrip(" '\"").startswith(opening.lower()):
            return []  # "No concerns about ...": the whole sentence denies the concern
        parts = clauses(sentence)
        segments = parts if len(parts) <= 1 else [sentence.text] + parts
        rankings = self.classifier.rank(segments)
        return [(segment, _no_danger_without_words(segment, self._one_reading_per_interaction(ranking)))
                for segment, ranking in zip(segments, rankings)]

    def _one_reading_per_interaction(self, ranking: list[Prediction]) -> list[Prediction]:
        """An interaction and its persistent form as one reading, with their probabilities added.

        The classifier learns 1.3.31 and 1.3.32 (1.3.33 and 1.3.34) as two labels, but they are one interaction
        whose persistence the guideline decides, and ``_apply`` reads it from the words. Split between the two
        ("Dad screams at him every morning": 0.35 and 0.10), neither label reached its bar and the interaction
        was lost; together they are read as the likelier of the two, and the words then decide which applies.
        """
        pairs = {**self._persistent_forms, **{w: s for s, w in self._persistent_forms.items()}}
        by_label = {p.label: p for p in ranking}
        merged: list[Prediction] = []
        for prediction in ranking:
            partner = by_label.get(pairs.get(prediction.label, ""))
            if partner is None:
                merged.append(prediction)
            elif prediction.probability >= partner.probability:  # the likelier of the two carries both
                merged.append(Prediction(prediction.label, min(1.0, prediction.probability + partner.probability)))
        return sorted(merged, key=lambda p: p.probability, reverse=True)

    def _map_sentence(self, sentence: Span, segments: list[tuple[str, list[Prediction]]], context: str,
                      result: MappingResult) -> None:
        for segment, ranking in segments:
            for prediction in self._accepted(ranking):
                if prediction.label == "disclosure" and (not _REPORTED.search(segment) or adult_is_telling(segment)):
                    # 1.3.7 is about a child *telling*: with no words of telling, ask rather than assume
                    result.uncertain.append(Question(
                        "disclosure", "Did the child tell you this themselves, or did you see or hear it another way?",
                        ["disclosure"]))
                    continue
                if prediction.label == Route.FGM.value and prediction.probability < FGM_SELF_HARM_SURE \
                        and _SELF_HARM_CUTTING.search(sentence.text) and not _FGM_CUE.search(sentence.doc.text):
                    continue  # "she started cutting in the summer": a teenager's self-harm (1.3.16), not FGM
                if prediction.label == Route.FII.value and prediction.probability < FII_NO_DIAGNOSIS_SURE \
                        and _NO_DIAGNOSIS.search(segment) and not _FII_CUE.search(sentence.doc.text):
                    continue  # "no medical condition that mum has told us about": why the other feature stands, not FII
                if prediction.label == Route.INJURY.value and witnessed_in_message(sentence.doc.text):
                    continue  # the practitioner saw it happen, told in the next sentence: as in the same one (_apply)
                self._apply(prediction, segment, sentence.text, context, result)
            self._maybe_ask_which(ranking, result)

    def _add_suspect_signs(self, text: str, context: str, result: MappingResult) -> None:
        """The explicit floor under the classifier: a pattern's finding the classifier missed, with its conditions."""
        found = {f.id for f in result.features} | {s.id for s in result.not_met + result.explained}
        age = result.qualifiers.age if result.qualifiers else None
        for sign in suspect_signs(text):
            label = sign.label
            if label == "1.3.20" and age is not None and age.pre_pubertal and not sign.teenage_actor:
                label = "1.3.21"
            if label in found or (label in ("1.3.20", "1.3.21") and found & {"1.3.20", "1.3.21", "1.3.22"}):
                continue
            if negated(sign.words):
                continue
            self._apply(Prediction(label, 0.8), sign.words, text, context, result)

    def _accepted(self, ranking: list[Prediction]) -> list[Prediction]:
        taken = []
        for rank, prediction in enumerate(ranking[:3]):
            if prediction.label == NONE:
                continue
            needed = ACCEPT if rank == 0 or not taken else SECOND
            if rank > 0 and ranking[0].label == NONE:
                needed = ACCEPT
            if prediction.probability >= min(needed, self._serious_threshold(prediction.label)):
                taken.append(prediction)
        return taken

    def _serious_threshold(self, label: str) -> float:
        """A lower bar for the findings whose miss lowers the level most: immediate danger, the special routes and
        'suspect' features (a false alarm there costs a question or a referral discussion; a miss can cost a child)."""
        if label == "danger":
            return DANGER_ACCEPT
        if Route.known(label):
            return ROUTE_ACCEPT
        try:
            return SERIOUS_ACCEPT if self.knowledge.feature(label).level == "suspect" else 1.0
        except Exception:  # an unknown label: the ordinary bar
            return 1.0

    def _maybe_ask_which(self, ranking: list[Prediction], result: MappingResult) -> None:
        top, second = ranking[0], ranking[1] if len(ranking) > 1 else None
        if second is None or NONE in (top.label, second.label) or Route.known(top.label) or Route.known(second.label):
            return
        if top.probability >= ACCEPT and second.probability < ACCEPT and top.probability - second.probability < ASK_MARGIN:
            a, b = self.knowledge.feature(top.label), self.knowledge.feature(second.label)
            result.uncertain.append(Question(
                "which", f"Did you mean: {a.title.lower()} ({a.id}), or {b.title.lower()} ({b.id})?", [a.id, b.id]))

    def _apply(self, prediction: Prediction, clause: str, sentence: str, context: str, result: MappingResult) -> None:
        label, confidence = prediction.label, round(prediction.probability, 3)
        if negated(clause):
            return
        route = Route.of(label)
        if route is Route.DANGER and confidence < DANGER_SURE and told_as_history(clause):
            # "several times he has arrived standing on the back seat": a history, told with no word for now, is
            # the supervision features' ground; a weak reading of danger there is asked about at once, never
            # decided silently either way (the conversation gives 999 on "not sure")
            result.uncertain.insert(0, Question("danger", DANGER_QUESTION, [], words=clause))
            return
        if route is Route.INJURY and witnessed_accident(sentence):
            return  # the practitioner saw the accident happen: not a sign (bot.observations.suspect_signs)
        if route is not None:
            self._add(result, Finding(route.value, route.level, confidence, clause, self.knowledge.route(label).title))
            return
        feature = self.knowledge.feature(label)
        conditions = feature.conditions
        clause_freq, words = frequency(clause)
        if clause_freq == "unknown":
            clause_freq, words = frequency(sentence)
        if clause_freq == "unknown":
            clause_freq, words = frequency(context)
        notes: list[str] = []
        age = result.qualifiers.age if result.qualifiers else None

        # A persistent form (1.3.32, 1.3.34) is the guideline's finding only when the words say the interaction is
        # persistent. The classifier recognises the interaction; persistence is the guideline's condition, read
        # here from the words like every other. Without it the finding is the interaction itself (1.3.31, 1.3.33),
        # and the conversation asks whether it is persistent, which raises it.
        if conditions.escalated_from and clause_freq != "persistent":
            weaker = self.knowledge.feature(conditions.escalated_from)
            notes.append(f"the words do not say it is persistent: NG76 {weaker.id}, and {feature.id} if it is")
            feature, conditions = weaker, weaker.conditions

        # explanations the guideline names for this feature ("not fully explained by ..."): only one the
        # practitioner links to what they saw is read as explaining it, and even that is confirmed by a question;
        # a bare mention ("he is autistic") keeps the feature and asks whether it fully explains it.
        qualifiers_found = result.qualifiers or Qualifiers()
        named = set(conditions.not_fully_explained_by)
        mentioned = {k: w for k, w in qualifiers_found.explanation_words.items() if _EXPLANATION_KINDS[k] in named}
        linked = {k: w for k, w in qualifiers_found.linked.items() if _EXPLANATION_KINDS[k] in named}
        if linked:
            why = ", ".join(sorted(linked.values()))
            result.explained.append(SetAside(
                feature.id, f"the practitioner said {why} explains it; the guideline says keep abuse and neglect in "
                "mind even so", clause, ask="explanation", words=why))
            return
        if mentioned:
            why = ", ".join(sorted(mentioned.values()))
            result.uncertain.append(Question(
                "explanation", f"You mentioned {why}: does that fully explain it?", [feature.id], words=why))

        # age conditions
        if conditions.age is not None:
            if conditions.age.pre_pubertal:
                pre = age.pre_pubertal if age else None
                if pre is False:
                    feature = self.knowledge.feature("1.3.20")
                    notes.append(f"the child is not pre-pubertal ({age.words}), so {label} becomes 1.3.20")
                elif pre is None:
                    result.uncertain.append(Question(
                        "age", "How old is the child? (This feature is about children who have not reached puberty.)",
                        [feature.id]))
            if conditions.age.under and age is not None and age.years >= conditions.age.under:
                result.not_met.append(SetAside(feature.id, f"NG76 {feature.id} is about children under "
                                               f"{conditions.age.under} ({age.words})", clause))
                return
            if conditions.age.under and age is None:
                result.uncertain.append(Question("age", "How old is the child?", [feature.id]))
            if conditions.age.example_school_aged and age is not None and age.years < 4.5 and _TANTRUM.search(clause):
                result.not_met.append(SetAside(feature.id, f"tantrums are expected at this age ({age.words})", clause))
                return

        # persistence
        if conditions.persistence == "escalates" and clause_freq == "persistent" and conditions.escalates_to:
            feature = self.knowledge.feature(conditions.escalates_to)
            notes.append(f"persistent ({words}): NG76 {feature.id}")
        elif conditions.persistence == "escalates" and clause_freq == "unknown":
            result.uncertain.append(Question(
                "persistence", "Has this happened more than once, or is it ongoing?", [feature.id]))
        elif conditions.persistence == "required":
            dealt_with = resolved(sentence)
            if dealt_with:
                result.not_met.append(SetAside(
                    feature.id, f"dealt with promptly ({dealt_with}): NG76 {feature.id} needs it to be repeated or "
                    "persistent; record it, keep watching and review", clause, ask="resolved", words=dealt_with))
                return
            if clause_freq == "one_off":
                result.not_met.append(SetAside(
                    feature.id, f"a one-off ({words}): NG76 {feature.id} needs it to be repeated or persistent; "
                    "record it, keep watching and review", clause, ask="one_off", words=words or ""))
                return
            if clause_freq == "unknown":
                result.uncertain.append(Question(
                    "persistence", "Has this happened more than once, or is it ongoing?", [feature.id]))
            else:
                notes.append(f"repeated or persistent ({words})")
        self._add(result, Finding(feature.id, Level(feature.level), confidence, clause, feature.title, notes))

    def _to_confirm_if_ruled_out(self, text: str, result: MappingResult) -> None:
        """A professional's finding or the practitioner's fact that rules the topic out ("the GP's note says it's just
        a bruise", "on her centile", "same age, no pressure") puts features aside *to be confirmed*: the conversation
        counts them until the practitioner answers "yes" to "does that fully explain it?"
        (``bot.observations.reassurance``). A professional's finding puts aside only the 'consider' features told
        before it (a concern told after it is a new topic), never a 'suspect' feature. A peer relationship (a partner of
        the same age, no pressure, no age gap) puts aside only the sexual-behaviour features, 'suspect' as they are:
        their own wording is "indiscriminate, precocious or coercive", which those words answer, so the practitioner
        is asked whether that is what they saw. Immediate danger and the special routes are never put aside."""
        if Route.DANGER.value in {f.id for f in result.features}:
            return
        ruled_out = ruled_out_by(text)
        if ruled_out is None:
            return
        restored = restore(text).lower()
        kept = []
        for finding in result.features:
            if ruled_out.kind == "relationship":
                aside = finding.id in ("1.3.20", "1.3.21", "1.3.22")
            else:
                told_at = restored.find(restore(finding.evidence).lower()[:40])
                aside = (not Route.known(finding.id) and finding.level is Level.CONSIDER
                         and 0 <= told_at < ruled_out.end)
            if not aside:
                kept.append(finding)
                continue
            result.explained.append(SetAside(
                finding.id, f"you said {ruled_out.words}; the guideline says keep abuse and neglect in mind even so",
                finding.evidence, ask="explanation", words=ruled_out.words))
        result.features = kept

    @staticmethod
    def _add(result: MappingResult, found: Finding) -> None:
        for i, existing in enumerate(result.features):
            if existing.id == found.id:
                if found.confidence > existing.confidence:
                    result.features[i] = found
                return
        result.features.append(found)

    def _finish(self, result: MappingResult) -> MappingResult:
        ids = {f.id for f in result.features}
        for weaker, stronger in (("1.3.31", "1.3.32"), ("1.3.33", "1.3.34")):
            if weaker in ids and stronger in ids:
                result.features = [f for f in result.features if f.id != weaker]
        kept = {f.id for f in result.features}
        result.uncertain = _unique_questions([q for q in result.uncertain
                                              if set(q.features) & kept or (q.kind == "disclosure" and not kept)
                                              or (q.kind == "danger" and Route.DANGER not in kept)])
        result.not_met = _first_per_feature([s for s in result.not_met if s.id not in kept])
        result.explained = _first_per_feature([s for s in result.explained if s.id not in kept])
        result.level = Level.highest(f.level for f in result.features)
        return result


# Kinds of immediate danger that are a special route's concern as well: the danger comes first, and the route's own
# steps (the police for FGM under the mandatory duty, NG76 1.3.8; the child maltreatment guideline for an injury)
# still apply once the child is safe. The classifier, reading the clause as danger, often gave only that.
_ROUTE_OF_DANGER = {
    "female genital mutilation about to happen": Route.FGM,
    "a child injured and not being treated now": Route.INJURY,
}


# Kinds of immediate danger that are also a young person's self-harm (NG76 1.3.16), told in the same words: the
# danger comes first, and the feature is kept for what follows once the child is safe.
_SELF_HARM_DANGER = {"an overdose or suicide attempt now", "a plan to end their life"}
# Who the danger's words are about: the last person named before its verb, in the same sentence. An adult named there
# as the one doing it ("Mum's taken an overdose", "Dad says he's going to end it"; an older sister "(19)") makes it the
# carer's crisis (a vulnerability factor), not the young person's self-harm; an adult's things ("her mum's tablets"), a
# "young carer", and an adult who only reports it ("Mum rang, Jake has taken an overdose") do not. A "he" or "she" is
# the adult only when an adult of that sex is named bare just before it ("Mum says she's going to end it"); otherwise
# it is read as the young person, since the practitioner is telling of a child.
_PERSON = re.compile(
    r"\b(?P<adult>mum|mam|mom|mummy|mother|dad|daddy|father|parents?|step-?(?:dad|mum|father|mother)|partner|"
    r"boyfriend|girlfriend|(?<!young )carer|nan|nanny|nana|gran|granny|grandma|grandad|granddad|grandpa|uncle|aunt|"
    r"auntie|aunty|man|woman|lady)\b(?P<possessive>['’]s\b(?!\s+(?:going|gonna|taken|took|been|got|gone|had|just|said|"
    r"planning|about|threatening|on|at|up|in|out|swallowed|written|left|posted|sent|not|now|drunk)\b))?"
    r"|(?P<aged>\((?:1[89]|[2-9]\d)\))"
    r"|\b(?P<young>he|she|i|they|him|her|boy|girl|lad|son|daughter|child|kid|teen\w*|pupil|student|yo|y/o|year[- ]old|"
    r"(?-i:[A-Z][a-z]{2,}))\b|(?P<name>\[NAME\])", re.I)
# The danger's own verb, where the person doing it is named before it; "says" only when there is no other.
_ACTION = re.compile(r"\b(?:taken|took|swallowed|necked|downed|going to|gonna|about to|planning|plans?|wants? to|will|"
                     r"would|written|wrote|left|sent|posted|messag\w*|texted|on the|on top|at the top|lined up|"
                     r"laid out)\b|['’]ll\b", re.I)
_PRONOUNS = {"he", "she", "i", "they", "him", "her"}
_DETERMINER = re.compile(r"\b(?:his|her|their|the|a|my|your|our|with)\s+$", re.I)
_SEX = {**{w: "she" for w in ("mum", "mam", "mom", "mummy", "mother", "stepmum", "stepmother", "girlfriend", "nan", "nanny",
                              "nana", "gran", "granny", "grandma", "aunt", "auntie", "aunty", "woman", "lady")},
        **{w: "he" for w in ("dad", "daddy", "father", "stepdad", "stepfather", "boyfriend", "grandad", "granddad",
                             "grandpa", "uncle", "man")}}
_SAYING = re.compile(r"\b(?:says|saying|said)\b", re.I)


def _adult_is_the_one(text: str, words: str) -> bool:
    """An adult is the last person named before the danger's verb, in its sentence: it is theirs, not the child's."""
    text = restore(text)
    at = text.find(words)
    if at < 0:
        return False
    action = _ACTION.search(words) or _SAYING.search(words)
    anchor = at + (action.start() if action else 0)
    start, _ = sentence_bounds(text, anchor, anchor, ".!?;:")
    named = []
    for person in _PERSON.finditer(text, start):
        if person.start() >= anchor:
            break
        named.append(person)
    if not named:
        return False
    last = named[-1]
    if last.group("young") and last.group("young").lower() in ("he", "she"):
        # "Mum says she's going to end it", "Mum is in hospital after she took 40 paracetamol": the pronoun is the
        # adult named bare just before it, of the same sex; not "her mum ... she", "Stepdad called, she had taken"
        before = next((p for p in reversed(named[:-1])
                       if not (p.group("young") and p.group("young").lower() in _PRONOUNS)), None)
        return bool(before is not None and before.group("adult") and not before.group("possessive")
                    and not _DETERMINER.search(text[max(0, before.start() - 7):before.start()])
                    and _SEX.get(before.group("adult").lower().replace("-", "")) == last.group("young").lower())
    return bool(last.group("aged") or (last.group("adult") and not last.group("possessive")))


# Words that say who and how old, not what happened: "[NAME] is 7 and in my Year 3 class".
_INTRODUCTION_WORDS = {"year", "years", "yr", "yrs", "old", "aged", "age", "class", "months", "weeks", "name"}
_WORD = re.compile(r"[a-z]{3,}")


def _no_danger_without_words(segment: str, ranking: list[Prediction]) -> list[Prediction]:
    """The classifier's danger in a clause with almost no words of its own: none taken, or only asked about.

    A clause that only introduces the child ("[NAME] is 7 and in my Year 3 class") has nothing in it that could
    mean danger; a reading of danger there is the classifier's prior for short text (0.18 to 0.25 after the fourth
    batch of voices), not the words, so it is dropped. A clause with one word of its own ("she's with me now", but
    also "she's bleeding") may mean danger, so its reading is kept under the bar: never decided silently, it is
    asked about there and then when it reaches the grey zone (``DANGER_ASK``).
    """
    words = [w for w in _WORD.findall(segment.lower().replace("[name]", " ")) if w not in _STOPWORDS
             and w not in _INTRODUCTION_WORDS]
    if len(words) >= 2:
        return ranking
    if not words:
        return [p for p in ranking if p.label != "danger"]
    capped = [Prediction(p.label, min(p.probability, DANGER_ACCEPT - 0.01)) if p.label == "danger" else p for p in ranking]
    return sorted(capped, key=lambda p: p.probability, reverse=True)


def _danger_probability(ranking: list[Prediction]) -> float:
    return next((p.probability for p in ranking if p.label == "danger"), 0.0)


def _first_per_feature(asides: list[SetAside]) -> list[SetAside]:
    """One set-aside per feature: the whole sentence and its clauses can each find the same one."""
    seen: dict[str, SetAside] = {}
    for aside in asides:
        seen.setdefault(aside.id, aside)
    return list(seen.values())


def _unique_questions(questions: list[Question]) -> list[Question]:
    seen: dict[tuple[str, str], Question] = {}
    for q in questions:
        key = (q.kind, q.question)
        if key in seen:
            seen[key].features = sorted(set(seen[key].features) | set(q.features))
        else:
            seen[key] = q
    return list(seen.values())
