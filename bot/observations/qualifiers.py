"""What a practitioner says *about* an observation: how often, how old the child is, what might explain it.

NG76's alerting features carry conditions written in these terms (``repeatedly``, ``persistently``, "a
pre-pubertal child", "a child under 12", "not fully explained by a medical cause, a neurodevelopmental disorder
or a known stressful situation"). These functions read them off the practitioner's own words with plain,
reviewable patterns, so that the level of a feature is decided by the guideline's conditions and not by a
classifier's guess.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Optional

# ---------------------------------------------------------------------------- frequency

# "he's never missed before", "never been late before": a good record, not a persistent failure ("never been to a
# dentist before" stays one)
_NOT_BEFORE = (r"(?!\s+(?:once\s+)?(?:missed(?:\s+(?:an?\s+|any\s+)?(?:appointments?|appts?|sessions?|days?|school|"
               r"check-?ups?|lessons?))?|been\s+(?:late|absent|off|in\s+trouble)|caused\s+(?:any\s+)?(?:trouble|problems))"
               r"\b[^.;]{0,30}\bbefore\b)")
_PERSISTENT = [
    # frequencies: "once a week", "once or twice a month", "at least once", "more than once", "twice a term"
    r"\b(?:once|twice|three\s+times|\d+\s+times)\s+(?:a|an|per|every|each)\s+(?:day|night|week|fortnight|month|"
    r"term|half[- ]term|year|visit|session)\b",
    r"\bonce\s+or\s+twice\b|\b(?:at\s+least|more\s+than)\s+once\b|\bonce\s+(?:every|in\s+a\s+while)\b",
    r"\bevery\s+(?:single\s+)?(?:day|morning|afternoon|evening|night|week|weekend|time|visit|session|lesson|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|term|handover|pick[- ]?up|drop[- ]?off|contact|appointment|shift|"
    r"school\s+run|training\s+session|match|club\s+night|appt)s?\b",
    # "been going on since they split last year"
    r"(?<!\bnot )(?<!n't )\bbeen\s+going\s+on\s+(?:since|for\s+(?:ages|months|weeks|years|a\s+(?:while|long\s+time|year|"
    r"month)|the\s+(?:last|past)|over|\d+))\b|\bever\s+since\s+(?:they|mum\s+and\s+dad|his\s+parents|her\s+parents|the\s+"
    r"parents)\s+(?:split|separated|broke\s+up)\b",
    r"\bas\s+long\s+as\s+(?:I|he|she|they|we)\s+can\s+remember\b",
    r"\bon\s+(?:every|each|all)\s+(?:of\s+)?(?:my\s+|our\s+|the\s+)?(?:last\s+|past\s+)?(?:\w+\s+)?(?:visits?|occasions?|contacts?|"
    r"shifts?|sessions?)\b",
    # session 14 (tuning 16): "5 days running", "three shifts in a row"
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few|a\s+couple\s+of|couple\s+of)\s+(?:days|nights|"
    r"mornings|shifts|visits|weeks|sessions|times)\s+(?:running(?!\s+(?:the|a|an|his|her|their|our)\b)|in\s+a\s+row|on\s+"
    r"the\s+trot)\b|\b(?:2nd|3rd|4th|5th|second|third|fourth|fifth)\s+(?:shift|visit|day|night|session)\s+in\s+a\s+row\b",
    r"\beach\s+(?:time|day|morning|visit|week)\b",
    r"\b(?:at|on|in)\s+(?:every|each)\s+(?:single\s+)?(?:one|of\s+them)\b",  # "4 appointments, and at every one"
    r"\b(?:always|constantly|continually|continuously|persistently|persistent|repeatedly|repeated|"
    r"consistently|habitually|regularly|routinely|frequently|daily|nightly|weekly|ongoing|chronic|recurrent|"
    r"recurring|relentless|perpetually)\b",
    r"\b(?:again|yet again|once again|keeps?)\b",
    # "still" as time, not as stillness ("lay completely still", "sat still")
    r"(?<!\bcompletely )(?<!\bstock )(?<!\blay )(?<!\blie )(?<!\blying )(?<!\blies )(?<!\bsat )(?<!\bsit )(?<!\bsitting )(?<!\bstood )(?<!\bstand )(?<!\bstanding )(?<!\bkeep )(?<!\bkept )(?<!\bhold )(?<!\bheld )(?<!\bvery )(?<!\bso )(?<!\bquite )(?<!\btotally )(?<!\bperfectly )(?<!\bdeathly )(?<!\bstayed )(?<!\bstay )(?<!\bwent )\bstill\b(?!\s+(?:life|water))",
    r"\ball\s+(?:the\s+)?(?:time|week|term|year|month|summer|winter|day)\b",
    # "for four weeks' time" is when, not how long
    r"\bfor\s+(?:several|many|some|a\s+few|two|three|four|five|six|\d+)?\s*(?:days|weeks|months|years|terms)\b(?!['’]?\s+time\b)",
    r"\bfor\s+(?:ages|a\s+long\s+time|a\s+while|over\s+a\s+(?:week|month|year))\b",
    r"\b(?:several|many|multiple|numerous|countless|two|three|four|five|six|\d+)\s+times\b",
    r"\b(?:second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|6th|nth)\s+time\b",
    r"\b(?:most|many)\s+(?:days|nights|mornings|evenings|weekends|weeks|visits|mondays|fridays)\b",
    r"\b(?:week|day|month|time|visit)\s+after\s+(?:week|day|month|time|visit)\b",
    r"\bsince\s+(?:september|october|november|december|january|february|march|april|may|june|july|august|"
    r"easter|christmas|half[- ]term|the\s+summer|the\s+start|last\s+\w+|he\s+was|she\s+was|they\s+were|birth|"
    r"(?:he|she|they)\s+(?:started|arrived|joined|moved|was\s+born))\b",
    r"\b(?:often|frequently|usually|more\s+and\s+more|increasingly|on\s+and\s+off|time\s+and\s+again|"
    r"over\s+and\s+over|never" + _NOT_BEFORE + r"\s+(?:once\s+)?(?:been|brought|taken|had|given|seen|treated|attended|"
    r"come))\b",
    r"\b(?:over|during|throughout|across)\s+(?:the\s+)?(?:last|past|whole)\s+(?:few\s+)?(?:\w+\s+)?"
    r"(?:weeks|months|years|term|year)\b",
    r"\b(?:weeks|months|years)\s+(?:now|on\s+end)\b",
    # "It's been like this since Monday" (not "she's been off since Monday with a cold")
    r"\bbeen\s+like\s+(?:this|that)\s+since\s+(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b",
    r"\b(?:any|none)\s+of\s+(?:his|her|their|the)\b",
    r"\b(?:never|not\s+once)\b" + _NOT_BEFORE,
    # counted occasions and spans a busy practitioner writes: "over 3 shifts", "for the last 5 weeks", "every
    # weekday", "every other Monday", "DNA x3", "3rd DNA", "same since admission"
    r"\bover\s+(?:two|three|four|five|several|many|\d+)\s+(?:shifts|visits|sessions|lessons|appointments|days|nights|"
    r"weeks|months|terms|contacts|occasions)\b",
    r"\bfor\s+the\s+(?:last|past)\s+(?:few\s+|couple\s+of\s+|\w+\s+)?(?:days|weeks|months|years|terms)\b",
    r"\bevery\s+(?:other\s+\w+|weekday|school\s+day|few\s+(?:days|weeks))\b|\bweekday\s+mornings\b",
    r"(?<![\w/])(?:x|×)\s?[2-9]\b",
    r"\b(?:2nd|3rd|4th|5th|second|third|fourth|fifth)\s+(?:dna|wnb|fta|missed|no[- ]show|appointment|referral|letter|"
    r"visit|occasion)\b",
    r"\bsame\s+since\b|\bsince\s+(?:adm|admission|he\s+came\s+in|she\s+came\s+in|the\s+start\s+of\s+term)\b",
]
_ONE_OFF = [
    r"\bonce\b(?!\s+(?:again|or\s+twice|a\b|an\b|per\b|every\b|each\b|in\s+a\s+while))",
    r"\bone[- ]off\b",
    r"\bfor\s+the\s+first\s+time\b",
    r"\b(?:this\s+is|it\s+was|it's)\s+the\s+first\s+time\b",
    r"\b(?:1st|first)\s+time\s+(?:she|he|they|it)(?:'s|\s+has|\s+have|'ve)?\s+(?:had|been|happened|done)\b",
    r"\b(?:1st|first)\s+time\s+(?:I|we)(?:'ve|\s+have)?\s+(?:ever\s+)?(?:seen|noticed|heard)\b",
    r"\b(?:a\s+single|only\s+one|just\s+one|one\s+missed|one\s+occasion|one\s+time|just\s+the\s+once)\b",
    r"\b(?:missed|cancelled|forgot|skipped)\s+(?:one|a\s+single|just\s+one)\b",
]
# A problem dealt with straight away is not persistent, whatever came before ("nits again, but treated that evening").
_RESOLVED_RE = re.compile(
    r"\b(?:treated|sorted|dealt\s+with|rebook\w*|re-?arranged|rang|called|phoned|came\s+in|brought\s+(?:him|her|them)\s+in)"
    r"\b[^.;]{0,40}?\b(?:the\s+same\s+(?:day|evening|night|morning|afternoon)|straight\s+away|right\s+away|at\s+once|"
    r"immediately|that\s+(?:day|evening|night|morning|afternoon)|within\s+the\s+hour|the\s+next\s+(?:day|morning))\b"
    r"|(?<!\bif )(?<!\bwhether )\b(?:has|have|had|'s|'ve)?\s*already\s+(?:rebook\w*|re-?arranged|booked\s+(?:another|a\s+new)\s+"
    r"(?:one|appointment|appt|check|check-?up|slot|date|session))\b(?![^.]{0,60}\b(?:but|hadn't|had not|hasn't|has not|no "
    r"record)\b)",
    re.I)


# Who acted matters: "I rang the dentist straight away" is the practitioner acting, not the parent dealing with it.
_PRACTITIONER_ACTED = re.compile(
    r"\b(?:i|we|i've|we've|i'd|we'd|i\s+have|we\s+have|i\s+had|we\s+had|myself|ourselves|staff|the\s+school|"
    r"school|nursery|the\s+nursery|our\s+\w+|my\s+\w+|the\s+(?:office|practice|surgery|team|clinic|nurse|teacher))"
    r"\s+(?:\w+\s+){0,2}$", re.I)


def resolved(text: str) -> Optional[str]:
    """The words saying the parent or carer dealt with the problem promptly, if any.

    Only an action of the family's counts: when the practitioner or their setting acted ("I rang the dental
    practice straight away"), the parent's persistent failure still stands.
    """
    for match in _RESOLVED_RE.finditer(text):
        before = text[max(0, match.start() - 40):match.start()]
        if _PRACTITIONER_ACTED.search(before):
            continue
        return match.group(0)
    return None
_PERSISTENT_RE = re.compile("|".join(_PERSISTENT), re.I)
_ONE_OFF_RE = re.compile("|".join(_ONE_OFF), re.I)


# "She didn't look at him once": none at all, not a single occasion (a one-off); whether over one visit or always
# the words do not say, so persistence is asked about. "Not once" with nothing between is "never", a persistence word.
_NOT_ONCE = re.compile(r"\b(?:didn't|did not|doesn't|does not|don't|never|not|wouldn't|won't|hasn't|has not|haven't)\s+"
                       r"\S[^.;]{0,40}?(?<!\bnot)\s+(?P<once>once)\b(?!\s+(?:again|or\s+twice|a\b|an\b|per\b|every\b|each\b))", re.I)
# Session 14 (tuning 16): "never looked at her once" in a visit is "didn't look at her once", none at all in that
# time (not "never been to the dentist once", a failure that persists), and "left him crying in the cot for ages" is
# how long one episode lasted: neither says the concern recurs, so persistence is asked about (the practitioner's
# answer decides 1.3.33 or 1.3.34; "not sure" keeps the feature as found, bot/conversation/follow_up.py).
_NEVER_ONCE = re.compile(r"\bnever\s+(?!(?:been|brought|taken|had|given|seen|treated|attended|come|registered|collected|"
                         r"picked)\b)\S[^.;]{0,40}?\s+(?P<once>once)\b(?!\s+(?:again|or\s+twice|a\b|an\b|per\b|every\b|each\b))",
                         re.I)
_EPISODE = re.compile(r"\b(?:cry|crying|cried|scream\w*|wail\w*|sobb\w*|howl\w*|wait\w*)\b[^.,;]{0,50}?\s(?P<long>for\s+"
                      r"(?:ages|a\s+long\s+time|a\s+while))\b", re.I)
# "Never" that says nothing about how often: a wish ("I wish I'd never had you", what a parent shouted), and
# "never seen her like this", which says this is new.
_WISHED_NEVER = re.compile(r"\bwish\w*\s+(?:I|you|he|she|we|they)(?:'d|’d|d|\s+had|\s+would\s+have|\s+could\s+have)?\s+never\b",
                           re.I)
_NEVER_BEFORE = re.compile(r"\bnever\s+(?:seen|known|heard)\s+(?:her|him|them|mum|dad|(?:this|the)\s+\w+)\s+(?:like\s+"
                           r"(?:this|that)|(?:do|say|act)\s+(?:this|that|anything\s+like))", re.I)
# "I've never seen anything like it" says how bad, not how often: neither a one-off nor persistence.
_NEVER_LIKE_IT = re.compile(r"\bnever\s+(?:seen|known|heard)\s+anything\s+like\s+(?:it|this|that)\b", re.I)
# How long the practitioner has known the family ("I've known the family for years", "we've worked with them for a
# while") says nothing about how often the concern happens: those words are left out before persistence is looked
# for. Only the practitioner's or their setting's own: "he has looked after his siblings for years" and "an older
# man has visited her for months" are the concern itself, and "dad hasn't supported them for months" a long absence.
# How things usually are, said well of the family ("first time I've seen anything like it from this mum, she's usually
# fine", "mum is always lovely with him"): a good report, not a repetition of the concern. Left out before persistence
# is looked for, as a good record ("never missed before") is; the concern's own words still count.
_GOOD_REPORT = re.compile(r"\b(?:usually|normally|generally|mostly|always)\s+(?:been\s+|is\s+|are\s+)?(?:(?:so|really|very|"
                          r"quite|such)\s+)?(?:fine|lovely|great|good|happy|calm|settled|chatty|gentle|warm|kind|caring|"
                          r"attentive|loving|brilliant|cheerful|smiley|bubbly|polite|spot\s+on)\b(?!\s+at\b)", re.I)
_ACQUAINTED = re.compile(r"\b(?:I|we|I've|we've|I'd|we'd|staff|school|nursery|the\s+(?:school|nursery|practice|surgery|"
                         r"team|club))\s+(?:have\s+|had\s+|'ve\s+)?(?:known|know|knew|worked\s+with|looked\s+after|taught|"
                         r"coached|supported|visited)\s+(?:(?:the|this|their|his|her)\s+(?:family|families|parents|mum|dad|"
                         r"kids|children|boys|girls|siblings)|them|him|her|mum|dad|both\s+of\s+them|\[NAME\])\s+"
                         r"(?:since\s+\w+\s+|now\s+)?for\s+(?:(?:several|many|a\s+few|two|three|four|five|six|\d+)\s+)?"
                         r"(?:years|ages|months|a\s+long\s+time|a\s+while)\b", re.I)


def frequency(text: str) -> tuple[str, Optional[str]]:
    """Return ("persistent" | "one_off" | "unknown", the words that said so).

    A stated one-off wins only when nothing in the same words also says it recurs ("once again").
    """
    text = _WISHED_NEVER.sub(" ", text)
    text = _ACQUAINTED.sub(" ", text)
    text = _GOOD_REPORT.sub(" ", text)
    text = _NEVER_LIKE_IT.sub(" ", text)
    text = _EPISODE.sub(lambda m: m.group(0)[:m.start("long") - m.start()], text)
    text = _NEVER_ONCE.sub(lambda m: "did not" + m.group(0)[len("never"):m.start("once") - m.start()], text)
    text = _NOT_ONCE.sub(lambda m: m.group(0)[:m.start("once") - m.start()], text)
    new = _NEVER_BEFORE.search(text)
    if new:
        text = f"{text[:new.start()]} {text[new.end():]}"
    persistent = _PERSISTENT_RE.search(text)
    if persistent:
        return "persistent", persistent.group(0)
    if new:
        return "one_off", new.group(0)
    one_off = _ONE_OFF_RE.search(text)
    if one_off:
        return "one_off", one_off.group(0)
    return "unknown", None


# ---------------------------------------------------------------------------- age

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18,
}
_NUM = r"(\d{1,2}|" + "|".join(_WORD_NUMBERS) + r")"
_AGE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(_NUM + r"[\s-]*(?:months?|mths?|mo)[\s-]*old\b", re.I), "months"),
    (re.compile(_NUM + r"[\s-]*(?:weeks?|wks?)[\s-]*old\b", re.I), "weeks"),
    (re.compile(_NUM + r"[\s-]*(?:years?|yrs?|yr)[\s-]*old\b", re.I), "years"),
    (re.compile(r"\b" + _NUM + r"\s*(?:yo|y/o|y\.o\.|yr|yrs)\b", re.I), "years"),
    (re.compile(r"\baged?\s+" + _NUM + r"\b", re.I), "years"),
    (re.compile(r"\b(?:he|she|they)(?:'s|\s+is|\s+are|'re|\s+was|\s+turned|\s+has\s+just\s+turned)\s+(?:only\s+|just\s+)?"
                + _NUM + r"\b(?!\s*(?:%|times|minutes|mins|hours|days|weeks|months|kg|cm|feet|foot|ft|o'clock|am|pm|\.\d))", re.I), "years"),
    # "Kai is 4", and the same once redaction has made the name "[NAME]"
    (re.compile(r"(?:\b[A-Z][a-z]+|\[NAME\])(?:'s|\s+is)\s+(\d{1,2})\b(?!\s*(?:%|times|minutes|mins|hours|days|weeks|months|kg|cm))"), "years"),
    (re.compile(r"(?:^|[,;(]\s*|\b(?:a|our|my|the|this)\s+)" + _NUM + r"\s*(?:,|\))", re.I), "years_loose"),
]
_YEAR_GROUP = re.compile(r"\b(?:year|yr|y)\s*(\d{1,2})\b", re.I)
_STAGES: list[tuple[re.Pattern[str], float, str]] = [
    (re.compile(r"\b(?:new-?born|neonate|newborn)\b", re.I), 0.05, "newborn"),
    (re.compile(r"\b(?:baby|babies|infant|infants)\b", re.I), 0.5, "infant"),
    (re.compile(r"\b(?:toddler|toddlers)\b", re.I), 2.0, "toddler"),
    (re.compile(r"\b(?:pre-?school|nursery)\b", re.I), 3.0, "nursery"),
    (re.compile(r"\b(?:reception|eyfs|foundation stage)\b", re.I), 4.5, "reception"),
    (re.compile(r"\b(?:infant school|key stage 1|ks1)\b", re.I), 6.0, "key stage 1"),
    (re.compile(r"\b(?:primary school|primary)\b", re.I), 8.0, "primary"),
    (re.compile(r"\b(?:sixth[- ]form|college)\b", re.I), 17.0, "sixth form"),
    (re.compile(r"\b(?:teen|teenager|teenage|adolescent|secondary school|gcse)s?\b", re.I), 14.0, "teenager"),
]


@dataclass(frozen=True)
class Age:
    """The child's age as stated, in years (months and weeks converted), with the words that said it."""

    years: float
    stage: str
    words: str
    exact: bool

    @property
    def pre_pubertal(self) -> Optional[bool]:
        """True under 10, False from 13; between, puberty may or may not have started (None: ask)."""
        if self.years < 10:
            return True
        if self.years >= 13:
            return False
        return None


def _number(token: str) -> int:
    return int(token) if token.isdecimal() else _WORD_NUMBERS[token.lower()]


def child_age(text: str) -> Optional[Age]:
    """Find the child's age or school stage ("6yo", "Year 2", "in reception", "11-month-old", "toddler")."""
    for pattern, unit in _AGE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        value = _number(match.group(1))
        if unit == "months":
            return Age(value / 12, f"{value} months", match.group(0).strip(" ,;()"), True)
        if unit == "weeks":
            return Age(value / 52, f"{value} weeks", match.group(0).strip(" ,;()"), True)
        if unit == "years_loose" and not 0 < value <= 18:
            continue
        if value <= 18:
            return Age(float(value), f"{value} years", match.group(0).strip(" ,;()"), True)
    year = _YEAR_GROUP.search(text)
    if year and 1 <= int(year.group(1)) <= 13:
        group = int(year.group(1))
        return Age(group + 5.5, f"Year {group}", year.group(0), False)
    for pattern, years, stage in _STAGES:
        match = pattern.search(text)
        if match:
            return Age(years, stage, match.group(0), False)
    return None


# ---------------------------------------------------------------------------- explanations

_EXPLANATIONS: dict[str, re.Pattern[str]] = {
    "neurodevelopmental": re.compile(
        r"\b(?:autis\w*|asd|asc|adhd|add|neurodevelopmental|neurodivergen\w*|dyspraxi\w*|learning disabilit\w*|"
        r"global developmental delay|tourette\w*|fasd|sensory processing)\b", re.I),
    "medical": re.compile(
        r"\b(?:prader[–-]?willi|medical (?:cause|condition|reason|explanation)|diagnos\w*|"
        r"(?:health|heart|skin|genetic|underlying|long-term|chronic|medical|metabolic|thyroid) condition|"
        r"epilep\w*|seizures? disorder|coeliac|crohn\w*|diabet\w*|hypothyroid\w*|cystic fibrosis|\w+ syndrome|"
        r"medication side[- ]effects?|side[- ]effects?|hearing (?:loss|impair\w*)|deaf|glue ear|"
        r"(?:long-term|chronic|serious|underlying) illness|(?:\w+ )?(?:protein )?allerg(?:y|ies)|\w+ intolerance)\b", re.I),
    "bereavement": re.compile(
        r"\b(?:bereave\w*|died|passed away|death of|funeral|lost (?:his|her|their) (?:mum|dad|mother|father|nan|"
        r"grandad|grandma|grandpa|gran|brother|sister|baby)|grieving|grief)\b", re.I),
    "separation": re.compile(
        r"\b(?:separat\w*|divorc\w*|split up|splitting up|broke up|moved out|custody)\b", re.I),
    "english_additional_language": re.compile(
        r"\b(?:eal|english as an? (?:additional|second|other) language|(?:little|no|limited|some|basic) english|"
        r"learning english|new to english|new to the country|arrived from|just arrived|speaks? \w+ at home|"
        r"first language (?:is|isn't) (?!english)\w+|bilingual)\b", re.I),
    "bipolar": re.compile(r"\bbipolar\b", re.I),
    "traumatic_event": re.compile(
        r"\b(?:car (?:crash|accident)|house fire|witnessed an? (?:accident|crash)|earthquake|war zone)\b", re.I),
}
_RULED_OUT = re.compile(
    r"\b(?:no|not|never|without|ruled out|found no|nothing|isn't|aren't|hasn't|haven't|doesn't|don't|no known|"
    r"no (?:formal )?diagnos\w*|negative|normal)\b[^.;]{0,60}?$", re.I)
_RULED_OUT_AFTER = re.compile(
    r"^[^.;]{0,25}\b(?:ruled out|excluded|was negative|were negative|came back (?:normal|clear)|(?:is|was) fine|"
    r"only language|only speaks english|isn't the (?:cause|reason)|not the (?:cause|reason))\b", re.I)


# The practitioner says the explanation accounts for what they saw ("his rocking is part of his autism", "the weight
# loss is down to her coeliac disease"), as opposed to mentioning a diagnosis beside it ("he is autistic and...").
_LINK_BEFORE = re.compile(
    r"\b(?:because\s+of|due\s+to|down\s+to|caused\s+by|explained\s+by|part\s+of|related\s+to|result\s+of|"
    r"linked\s+to|from|typical\s+(?:of|for|with)|consistent\s+with|associated\s+with|put\s+down\s+to|"
    r"owing\s+to|turned\s+out\s+to\s+be|found\s+to\s+be|(?:test|tests|assessment|hearing\s+test)\s+showed)\s+"
    r"(?:(?:his|her|their|the|a|an|known|diagnosed|recent)\s+){0,3}$", re.I)
_LINK_AFTER = re.compile(r"^\W{0,3}(?:\w+\s+){0,3}?(?:explains?|accounts?\s+for|is\s+the\s+(?:cause|reason))\b"
                         r"|^[^.]{0,40}\.\s*(?:since then|ever since|since (?:that|it happened)|after that|because of "
                         r"(?:that|this|it))\b", re.I)


def linked_explanations(text: str) -> dict[str, str]:
    """Explanations the practitioner links to what they describe, with the words: {kind: words}.

    A bare mention ("he is autistic") is not a link: NG76 asks whether the cause *fully* explains the behaviour,
    and only the practitioner can say, so the conversation asks.
    """
    stated, _ = explanations(text)
    linked: dict[str, str] = {}
    for kind in stated:
        for match in _EXPLANATIONS[kind].finditer(text):
            before = text[max(0, match.start() - 45):match.start()]
            after = text[match.end():match.end() + 80]
            if _LINK_BEFORE.search(before) or _LINK_AFTER.search(after):
                linked[kind] = match.group(0)
                break
    return linked


def explanation_words(text: str) -> dict[str, str]:
    """The words of each explanation the practitioner mentions (not ruled out): {kind: words}."""
    stated, _ = explanations(text)
    found: dict[str, str] = {}
    for kind in stated:
        match = _EXPLANATIONS[kind].search(text)
        if match:
            found[kind] = match.group(0)
    return found


def explanations(text: str) -> tuple[list[str], list[str]]:
    """Return (explanations stated, explanations the practitioner says are ruled out).

    "The paediatrician found no ADHD or autism" rules neurodevelopmental out; "he has diagnosed autism"
    states it. An explanation never removes a concern by itself: callers decide, with the guideline.
    """
    stated: list[str] = []
    ruled_out: list[str] = []
    for kind, pattern in _EXPLANATIONS.items():
        for match in pattern.finditer(text):
            before = text[max(0, match.start() - 70):match.start()]
            after = text[match.end():match.end() + 40]
            if _RULED_OUT.search(before) or _RULED_OUT_AFTER.search(after):
                if kind not in ruled_out:
                    ruled_out.append(kind)
            elif kind not in stated:
                stated.append(kind)
    if re.search(r"\benglish (?:is|as) (?:his|her|their) (?:only|first) language\b|\benglish only\b|"
                 r"\bonly speaks? english\b", text, re.I):
        if "english_additional_language" in stated:
            stated.remove("english_additional_language")
        if "english_additional_language" not in ruled_out:
            ruled_out.append("english_additional_language")
    return [k for k in stated if k not in ruled_out], ruled_out


# ---------------------------------------------------------------------------- negation

_NEGATED = re.compile(
    r"(?:^|[,;:]\s*|\b(?:there(?:\s+is|\s+are|\s+was|\s+were|'s)|we\s+have|we've|i\s+have|i've|with|but)\s+)"
    r"(?:no|not\s+any|never\s+any)\s+(?:signs?|evidence|concerns?|worries|indication|suggestion|problems?|issues?|"
    r"marks?|bruis\w*|injur\w*)\b"
    r"|\bno\s+(?:concerns?|worries)\s+(?:about|over|with|regarding)\b"
    r"|\bnothing\s+to\s+(?:suggest|indicate|worry)\b"
    r"|\b(?:i'm|i\s+am|we're|we\s+are|staff\s+are)\s+not\s+(?:worried|concerned)\b"
    r"|\bno\s+longer\b"
    r"|\b(?:has|have)n't\s+(?:happened|done\s+(?:it|that|this))\s+(?:again|since)\b"
    r"|\bhasn't\s+\w+\s+(?:since|for\s+(?:weeks|months))\b",
    re.I,
)
_DENIED = re.compile(r"\b(?:mum|mother|dad|father|parents?|carers?|step-?\w+|family|he|she|they)\s+"
                     r"(?:den(?:y|ies|ied)|says? (?:it|that)(?:'s| is| was) not true|disputes?)\b", re.I)


def negated(text: str) -> Optional[str]:
    """The words that say an alerting feature is absent ("no sign of...", "no concerns about..."), if any.

    Neglect features are often *about* something not done ("hasn't taken him to the GP"), so a bare "not"
    is never taken as negation here; only phrases that deny the concern itself.
    """
    match = _NEGATED.search(text)
    return match.group(0).strip(" ,;:") if match else None


def carer_denies(text: str) -> Optional[str]:
    """'Mum denies it' is not the same as 'no': the observation stands, the denial is noted."""
    match = _DENIED.search(text)
    return match.group(0) if match else None


@dataclass
class Qualifiers:
    """Everything found about the message as a whole, for the read-back and the follow-up questions."""

    frequency: str = "unknown"
    frequency_words: Optional[str] = None
    age: Optional[Age] = None
    explanations: list[str] = field(default_factory=list)
    ruled_out: list[str] = field(default_factory=list)
    negation: Optional[str] = None
    carer_denies: Optional[str] = None
    explanation_words: dict[str, str] = field(default_factory=dict)
    linked: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        data = asdict(self)
        if self.age is not None:
            data["age"]["pre_pubertal"] = self.age.pre_pubertal
        return data


def qualifiers(text: str) -> Qualifiers:
    freq, words = frequency(text)
    stated, ruled = explanations(text)
    return Qualifiers(freq, words, child_age(text), stated, ruled, negated(text), carer_denies(text),
                      explanation_words(text), linked_explanations(text))


# NG76 1.3's "non-recent abuse": the features come from past abuse or neglect and the child is now somewhere safe.
_PAST_AND_SAFE = re.compile(
    r"\b(?:in the past|before (?:she|he|they) (?:came|was placed|were placed|moved)|(?:when|while) (?:she|he|they) "
    r"(?:lived|was living|were living) with|(?:used to|previously)|historic\w*|non-recent|years ago|"
    r"before (?:coming into|entering) care|birth (?:family|parents|mum|dad))\b[^.]*(?:\.[^.]*)?\b(?:now|since)\b[^.]{0,60}"
    r"\b(?:safe|adopted|adoptive|foster|placed|placement|settled|in care|kinship|special guardian\w*)\b"
    r"|\b(?:now (?:safe|adopted|in (?:foster )?care|with (?:foster|adoptive|kinship) (?:carers|parents|family)|"
    r"living with (?:foster|adoptive|kinship)))\b[^.]*(?:\.[^.]*)?\b(?:in the past|before|used to|birth (?:family|"
    r"parents|mum|dad)|historic\w*|years ago)\b", re.I)


def past_and_now_safe(text: str) -> Optional[str]:
    """The words saying the harm was in the past and the child is now somewhere safe, if any."""
    match = _PAST_AND_SAFE.search(text)
    return match.group(0) if match else None
