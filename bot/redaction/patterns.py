"""The patterns and word lists behind ``bot.redaction``, kept apart so they can be read and reviewed as data.

Phone numbers, emails, NHS numbers, postcodes, addresses and dates of birth have written shapes (Ofcom's
numbering plan, Royal Mail's postcode format, the NHS number's modulus 11 check), so plain regular expressions
find them better than a statistical model; ``shaped_details`` runs them. Names have no such shape:
``bot.redaction`` finds them with spaCy and the name patterns here, and the word lists below keep the words a
safeguarding conversation needs (Mum, Year 2, the GP, Childline...) from being taken for names.
"""
from __future__ import annotations

import re
from typing import Iterator

from bot.redaction.identifiers import identifiers

Span = tuple[str, int, int]

KINDS = ("NAME", "ADDRESS", "POSTCODE", "PHONE", "EMAIL", "DOB", "NHS_NUMBER", "NI_NUMBER", "UPN", "VEHICLE_REG",
         "SOCIAL_MEDIA")
PLACEHOLDER_RE = re.compile(r"\[(?:" + "|".join(KINDS) + r")\]")

# ---------------------------------------------------------------------------- email, phone, NHS number

EMAIL_RE = re.compile(r"(?<![\w.+-])[A-Za-z0-9][\w.+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+")

# A run of digit groups that starts like a UK number: +44 / 0044 (with an optional "(0)"), "(0121)" or a bare 0.
# Which groups belong to the number is decided in code by counting digits, so "07700 900123 3 times" stops
# before the 3. Childline's "0800 1111" has too few digits to be a personal number and is left alone.
PHONE_RE = re.compile(
    r"(?<![\w+/.:-])(?:(?:\+|00)\s?44[ -]?(?:\(0\)[ -]?)?|\(0\d{2,4}\)[ -]?|0(?=\d))\d+(?:[ -]\d+)*(?![\w/:])"
)
PHONE_FIRST_DIGITS = "1235789"  # UK numbers after the trunk 0: geographic, non-geographic, mobile, freephone, premium

NHS_RE = re.compile(r"(?<![\w+/.:-])\d{3}([ -]?)\d{3}\1\d{4}(?![\w/:])")
NHS_CONTEXT_RE = re.compile(r"\bnhs\s*(?:no\.?|number|num|#)?\s*(?:is|:)?\s*$", re.I)

# ---------------------------------------------------------------------------- postcodes

# Royal Mail's postcode areas: a district such as "LS9" is only taken when its letters are a real area.
POSTCODE_AREAS = frozenset("""
AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH EN EX FK
FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN
NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW
UB W WA WC WD WF WN WR WS WV YO ZE
""".split())
# The two halves may be run together, or kept apart by two spaces or a hyphen ("LS6-2QP", "LS11 - 5DX").
POSTCODE_RE = re.compile(
    r"\b([A-Za-z]{1,2})(\d[A-Za-z\d]?)(?: {0,2}| ?- ?)(\d[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2})\b")
# A district alone ("LS9", "BD7") is everyday text too (M6 the motorway, B12 the vitamin), so it needs words
# that say a place is meant: "live in LS9", "moved to the BD7 area", "postcode LS9".
DISTRICT_RE = re.compile(r"\b([A-Z]{1,2})(\d{1,2}[A-Z]?)\b(?!(?: {0,2}| ?- ?)\d[A-Z]{2})")
DISTRICT_BEFORE_RE = re.compile(
    r"\b(?:post\s?code|postal district|lives?|lived|living|moved|moving|move|staying|stays|stay|based|address|"
    r"somewhere|from)\b(?:\s+(?:is|in|to|into|from|at|near|around|the|somewhere|of))*\s*:?\s*$", re.I)
DISTRICT_AFTER_RE = re.compile(r"\s+area\b", re.I)

# ---------------------------------------------------------------------------- addresses

_STREET_TYPES = (
    r"Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Cres|Court|Ct|Place|Pl|Grove|Gardens|"
    r"Gdns|Terrace|Walk|Mews|Square|Sq|Hill|Park|Row|Rise|View|Green|Parade|Vale|Wharf|Croft|Fold|Gate|Mount|"
    r"Bank|Villas|Yard|Boulevard|Chase|Meadows?|Heights|Fields|Grange|Cottages|Buildings|Brow|Hollow"
)
_LOWER_STREET_TYPES = r"street|road|rd|avenue|ave|lane|crescent|terrace|grove|gardens|mews"
# Street words that are everyday words too ("close", "way", "drive"): only after a bare house number, no comma.
_LOWER_EVERYDAY_STREET_TYPES = r"st|close|drive|way|court|place|walk|square|rise|parade"
# After a number, these words make a distance or a count, not a street ("a 10 minute walk", "2 hour drive").
_NOT_STREET_WORDS = (r"(?!(?:minutes?|mins?|miles?|hours?|hrs?|seconds?|secs?|days?|weeks?|months?|years?|times|"
                     r"metres?|meters?|km|kms|foot|feet|yards?|steps?|doors?|houses?|streets?|roads?|stops?|"
                     r"more|other|of|or|and|to|the|a|in|on|at|out)\b)")
_FLAT = r"(?:\b(?:[Ff]lat|FLAT|[Aa]partment|[Aa]pt\.?|[Uu]nit)\s+\d{1,4}[A-Za-z]?,?\s+)?"
_HOUSE = r"\b\d{1,4}[A-Za-z]?,?\s+"
_STREET_WORD = r"[A-Z][\w'’-]*\s+"
# Each pattern's group "a" is the address itself.
ADDRESS_RES = (
    # "12 Acacia Avenue", "flat 3, 14 High Street", "16 the Crescent"
    re.compile(r"(?P<a>" + _FLAT + _HOUSE + r"(?:(?:[Tt]he\s+)?(?:" + _STREET_WORD + r"){1,3}|[Tt]he\s+)(?:"
               + _STREET_TYPES + r"))\b"),
    # typed in lower case: only the street words that are seldom anything else after a number
    re.compile(r"(?P<a>" + _FLAT + _HOUSE + _NOT_STREET_WORDS + r"(?:[a-z][\w'-]*\s+){1,2}(?:" + _LOWER_STREET_TYPES
               + r"))\b"),
    re.compile(r"(?P<a>" + _FLAT + r"\b\d{1,4}[a-z]?\s+" + _NOT_STREET_WORDS + r"(?:[a-z][\w'-]*\s+){1,2}(?:"
               + _LOWER_EVERYDAY_STREET_TYPES + r"))\b"),
    # a flat in a named block: "flat 2 Oak House", "Flat 14, Jubilee Court"
    re.compile(r"(?P<a>\b(?:[Ff]lat|FLAT|[Aa]partment|[Aa]pt\.?|[Rr]oom)\s+\d{1,4}[A-Za-z]?,?\s+(?:" + _STREET_WORD
               + r"){1,3}(?:House|Court|Tower|Lodge|Mansions|Heights|Point|Block|Building|Hall|Towers))\b"),
    # a street without a house number, when the words say someone lives there
    re.compile(r"\b(?:lives|living|lived|staying|moved|address is) (?:on|in|at|to|into) "
               r"(?P<a>(?:" + _STREET_WORD + r"){1,3}(?:" + _STREET_TYPES + r"))\b"),
)

# ---------------------------------------------------------------------------- dates of birth

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DATE = (r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b"
         r"|\d{4}-\d{2}-\d{2}\b"
         r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\b(?:,?\s+(?:\d{4}|'\d{2})\b)?"
         r"|" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?"
         r"|" + _MONTH + r"\s+\d{4}\b)")
# Only a date said to be a birth date is personal; "on 12 March" and "last Monday" stay.
DOB_RE = re.compile(
    r"\b(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|birth\s*date|born|birthday)"
    r"[\s:;,(-]*(?:(?:is|was|on|in|of|being)\s+[\s:;,(-]*){0,2}(" + _DATE + ")", re.I)

# ---------------------------------------------------------------------------- names

# One word of a name: Sarah, O'Neill, MacLeod, Brennan-Hughes, Riley-Mae (a capital, then lower case).
NAME_WORD = r"(?:[A-Z](?:['’][A-Z][a-z]+|[a-z]+(?:[A-Z][a-z]+)?)(?:-[A-Z][a-z]+)*)"
TITLE_RE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master|Prof|Sister|Nurse|PC|DC|DS|Sgt|Rev|Cllr)\.?\s+"
    r"(" + NAME_WORD + r"(?:\s+" + NAME_WORD + r")?)")
# Typed in lower case the title is still a title: "spoke to mr khan" ("miss" is left: "miss school").
TITLE_LOWER_RE = re.compile(r"\b(?:mr|mrs|ms|mx)\.?\s+([a-z][a-z'’-]+)\b")
# Relationship and role words after which a name usually follows: "his mum Sarah", "Dad, Callum,".
_RELATIONS = (
    r"mum|mummy|mam|mom|mother|dad|daddy|father|step-?dad|step-?mum|step-?father|step-?mother|stepmum|nan|nana|"
    r"nanna|nanny|gran|granny|grandma|grandmother|grandad|granddad|grandpa|grandfather|great-aunt|great-uncle|"
    r"great-grandma|great-grandad|aunt|auntie|aunty|uncle|cousin|brother|sister|half-brother|half-sister|"
    r"sibling|twins?|partner|boyfriend|girlfriend|husband|wife|ex|son|daughter|friend|neighbour|carer|"
    r"childminder|teacher|social worker|health visitor|nurse|midwife|key ?worker|PCSO|officer|caretaker|"
    r"pupil|student|child|boy|girl|baby|toddler|man|woman|lady|guy|lad|youngest|eldest|sister's|brother's"
)
# The relation words ignore case ("Mum", "mum"); the name after them must have its capital.
RELATION_RE = re.compile(
    r"\b(?i:" + _RELATIONS + r")(?:'s)?\s*(?:,|\()?\s*(" + NAME_WORD + r"(?:\s+" + NAME_WORD + r")?)")
# ...or, in lower case, be a known given name ("his mum sarah").
RELATION_LOWER_RE = re.compile(r"\b(?i:" + _RELATIONS + r"),?\s+([a-z][a-z'-]+)\b")
# "called Jayden" needs a capital ("called the police", "called me").
CALLED_RE = re.compile(r"\b(?:called|calls (?:him|her)self|call(?:s|ed)? (?:him|her))\s+("
                       + NAME_WORD + r"(?:\s+" + NAME_WORD + r")?)")
# "named kian", "her name is kian": a lower-case word is taken too, unless it is an ordinary small word.
NAMED_RE = re.compile(
    r"\b(?i:named|name is|name's|name was)\s+(" + NAME_WORD + r"(?:\s+" + NAME_WORD + r")?|[a-z][a-z'-]+)")
KNOWN_AS_RE = re.compile(r"\b(?i:known as|goes by|go by)\s+(" + NAME_WORD + r"(?:\s+" + NAME_WORD + r")?|[a-z][a-z'-]+)")
AND_NAME_RE = re.compile(r"(?:\s+(?:and|&)\s+|,\s+)(" + NAME_WORD + r")\b")
SURNAME_RE = re.compile(r" (" + NAME_WORD + r")\b")
NAME_BEFORE_RE = re.compile(r"(?<![\w'’.-])(" + NAME_WORD + r"|[A-Z]\.?)(?:-| )$")  # forename or initial
# A capitalised word before a verb of telling is someone speaking: "Temperance says", "and Nkechi told me".
_REPORTING = r"(?:says|said|told|tells|asked|asks|disclosed|reported|explained|mentioned|shouted|screamed|cried)\b"
SAID_RE = re.compile(r"(" + NAME_WORD + r")\s+" + _REPORTING)
# Typed in lower case, a name still stands before a verb of telling ("zuri said") or after one ("tell
# shanice", "i asked kehinde"); bot.redaction takes the word only when it is no word of the language.
LOWER_SAID_RE = re.compile(r"(?<![\w'’-])([a-z][a-z'’-]+)\s+" + _REPORTING)
LOWER_TELL_RE = re.compile(r"\b(?:tell|tells|telling|told|ask|asks|asking|asked)\s+([a-z][a-z'’-]+)")
# A word after one of these before "said" is a noun ("the boy said", "her gf said"), never a name.
DETERMINERS = frozenset("""
the a an his her my their our your this that these those one another some any each every no its
""".split())
# Words of chat that the pipeline's vocabulary does not know and that stand where a name could.
CHAT_WORDS = frozenset("""
me us you him them myself yourself himself herself themselves everyone everybody everything nothing anything
something someone somebody anyone anybody nobody noone whoever gf bf hv sw innit bruv fam bestie bezzie
jus juss jst sed sez cos coz cuz tbh idk omg lol wiv dat dis dem wen ppl tho def mate mates bloke blokes
childminder childminders minder mindee mindees physio physios paed paeds dietitian optometrist keyworker
safeguarding sendco salt ot ots
dont doesnt didnt cant couldnt wont wouldnt shouldnt isnt wasnt arent werent hasnt havent hadnt aint im ive
youre theyre shes hes thats whats theres
""".split())
# Endings of English nouns, verbs and adverbs: a word that is a known word with one of these added
# ("mums", "chatters", "crawlin") is no name.
WORD_ENDINGS = ("s", "es", "ed", "d", "ing", "in", "er", "ers", "ly", "ies", "y")
REPORTING_AFTER_RE = re.compile(r"(?:['’]s)?\s+(?:" + _REPORTING + r"|is|was|has|had|arrived|came|keeps)")

# Words a capital letter does not make a name: the people, places, services and features of the conversation.
NOT_NAMES = frozenset(w.lower() for w in """
mum mummy mam mom mother dad daddy father nan nana nanna nanny gran granny grandma grandmother grandad granddad
grandpa grandfather auntie aunty aunt uncle sister brother stepdad stepmum sibling baby child children boy girl
miss sir mr mrs ms mx dr teacher nurse doctor midwife carer foster parent parents family
neighbour neighbours friend friends boyfriend girlfriend partner husband wife son daughter cousin twins
paediatrician consultant dentist judge worker officer receptionist cook caretaker coach tutor interpreter
solicitor magistrate optician pharmacist surgeon registrar paramedic paramedics psychologist psychiatrist
therapist counsellor
year years yr reception nursery school primary secondary academy college class form sixth
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec today tomorrow yesterday morning afternoon evening night
christmas easter eid diwali ramadan halloween bonfire summer winter spring autumn term half
childline nspcc mash lado cpoms adhd gp dsl ddsl senco camhs ehcp nhs ofsted police pcso ambulance a&e ae
social care services early help health visitor hv ta tas sen send asd eal cin cp cse cce fgm iso lac
calpol nurofen piriton ritalin paracetamol ibuprofen methylphenidate inhaler epipen
english maths pe re ks1 ks2 ks3 ks4 eyfs gcse sats sat i ok okay yes no not god allah jesus
bruise bruises bruising burn burns scald scalds nits lice rash cut cuts mark marks injury injuries neglect
hungry thin tired dirty smelly sad scared crying upset hit hits smack belt slipper fell fall
he she they his her their him them we you it this that the a an and or but so if when then there here
said says told asked rang called phoned came went left was were is are has had have
report referral chronology plan meeting strategy section s47 s17
postcode address phone mobile email number dob tel contact home lad lads toddler infant kid kids teen
youngster carers staff dear hi hello thanks please saw told asked spoke met rang emailed texted visited tell
ask call ring text see meet speak chased spoken
barbie lego scout scouts brownies guides cubs beavers peppa xbox playstation fortnite roblox minecraft tiktok
snapchat instagram whatsapp youtube facebook iphone ipad android google discord twitch
prader prader-willi willi down downs asperger aspergers tourette tourettes crohn crohns duchenne perthes
kawasaki hirschsprung munchausen ehlers-danlos myconcern
nobody everyone everybody someone somebody anyone anybody no-one happy birthday head headteacher deputy
manager chair dfe
uk england scotland wales britain london leeds bradford manchester birmingham glasgow edinburgh cardiff belfast
sheffield liverpool bristol nottingham newcastle halifax hull wakefield york huddersfield leicester coventry
""".split())
# A PERSON entity with one of these words in it is a place or an institution ("Example Borough", "St Mary's
# Primary"), not a person.
PLACE_WORDS = frozenset("""
borough shire council county city town village school academy primary college hospital surgery centre center
club church mosque temple station park road street avenue lane ward trust team service services unit
infirmary clinic practice pharmacy nursery block room floor building wing house estate day week""".split())
# The model often labels a rare given name as a place, organisation or product; these labels are checked by
# position, the others (nationalities, languages, dates, numbers) never make a name.
NAME_LIKE_ENTITIES = frozenset({"GPE", "ORG", "PRODUCT", "LOC", "FAC", "WORK_OF_ART"})
# Verbs after which a person, not a place, is the object: "told Rhiannon", "messaging Kobe".
PERSON_VERBS = frozenset("""
told tell tells telling asked ask asks asking messaging messaged message texting texted text met meet meeting
saw see seen sees visited visit hit hits hitting hurt hurts kicked kicks pushed pushes touched touches grabbed
slapped punched bit smacked with and about for by like
""".split())

# Common given names in England and Wales across the ages of children and their carers (ONS lists, broadened
# to the communities of UK classrooms). spaCy's small model misses many of these, especially in lower case.
# Names that are also ordinary words (Will, Grace, Rose...) are in AMBIGUOUS_NAMES and need a capital.
GIVEN_NAMES = frozenset(w.lower() for w in """
aaliyah aaron abdul abdullah abigail ada adam adrian ahmed aidan aiden aisha alan aleksander alex alexander
alexandra alfie alice alicia alisha amanda amber amelia amelie amina amir amira amy andrew aneta angela anna
anthony antoni archie arjun arlo arthur ashley aurora ava ayaan ayesha bartosz bella ben benjamin bethany bev
beverley bilal billy blessing bobby bradley brandon brooke bronwen caitlin callum cameron carl caroline carly
cerys charlie charlotte chelsea chidi chloe chloé christopher ciara claire connor conor craig daisy dan daniel
daniela danielle darius darren david dawid declan demi dexter dominic dylan edward eileen elijah ella ellie
eliza elizabeth elsie emily emma eric erin eryk ethan evie ewan fatima fatma filip finley finn fiona florence
francesca freddie freya gabriel gary gavin gemma george georgia graham hafsa hamza hannah harley harper
harrison harry harvey hassan hayley heidi henry holly hugo ibrahim imogen imran isaac isabel isabella isabelle
isla ismail ivy jackson jacob jade jadon jake jakub jamal james jamie jan jason jaxon jayden jaydon jenna
jennifer jessica joanne joe joel john jonathan jordan joseph joshua julia julie kacper kai kaitlyn karen kasia
katie kayden kayla keira kelly kerry kevin khadija kian kieran kofi kwame kyle laila lauren layla leah lee
leo leon levi lewis liam lily lisa logan lola louie louis lucas lucy luke lydia maddison madison maisie
malcolm maja marcus maria mariam marek martha martin maryam mason matilda matthew maya megan mia michael
michelle mila millie mohammed mohammad mollie molly muhammad nadia naomi nathan neil nevaeh nicola niamh noah
nicole oliver olivia oliwia omar oscar owen paige patrick paul pawel peter phoebe piotr priya rachel rebecca
reece reggie rhys riley robert robyn ronnie rory rosie ruby rushil ryan sadia safa sam samantha samuel sara
sarah scarlett scott sean sebastian shane shannon sharon shauna sienna simon sofia sophia sophie stacey
stephanie steven stuart sumaya szymon tanisha tariq theo theodore thomas tia tom tomasz toby tracey tyler
tyrone usman victoria wayne wiktoria william wojciech yasmin yusuf zac zachary zainab zara zayn zofia zuzanna
""".split())
AMBIGUOUS_NAMES = frozenset(w.lower() for w in """
will mark grace hope faith rose summer joy dawn amber ruby holly ivy daisy poppy lily jack bill frank pat
sue rob sunny angel autumn river penny skye precious max jade pearl crystal eve jay dean miles grant guy ray
sandy carter mason hunter chase reed bo kit drew gene art
""".split())

# Small words that are never a name, whatever their case ("named the...", "With Sarah's help").
LOWER_NOT_NAMES = frozenset("""
a an the and or but so if then that this these those he she they him her his their them it its is was were
be been being has have had do does did not no yes said says say told tells asked asks rang rings called
calls phoned came comes went goes left leaves who which what when where why how about after before since
again also always never often still just only very really too much more most some any all both each every
on in at to for from with without by of off up down out over under into onto during while although because
as our my your last next once can could would should are am shall might must
""".split())


# ---------------------------------------------------------------------------- the finders for shaped details

def nhs_check_digit_ok(number: str) -> bool:
    """The NHS number's modulus 11 check: weights 10 down to 2 on the first nine digits give the tenth."""
    digits = [int(c) for c in number if c.isdecimal()]
    if len(digits) != 10:
        return False
    check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == digits[9]


def _phones(text: str) -> Iterator[Span]:
    """UK numbers: 9 or 10 digits after the trunk 0 (or +44), in as many digit groups as make that up.

    A run of groups may hold two numbers, or a number after a stray one ("07700 07700 900123"): each group
    that starts with 0 is tried as the start of a number, taking the most groups that still make one.
    """
    for m in PHONE_RE.finditer(text):
        groups = [(m.start() + g.start(), m.start() + g.end(), g.group()) for g in re.finditer(r"\d+", m.group())]
        international = m.group().startswith(("+", "00"))
        i = 0
        while i < len(groups):
            for k in range(min(len(groups), i + 11), i, -1):  # 11 groups of one digit at most
                digits = "".join(g[2] for g in groups[i:k])
                if i == 0 and international:
                    digits = digits[2:] if m.group().startswith("+") else digits[4:]
                elif not digits.startswith("0"):
                    break
                national = digits[1:] if digits.startswith("0") else digits
                if len(national) in (9, 10) and national[0] in PHONE_FIRST_DIGITS:
                    yield "PHONE", m.start() if i == 0 else groups[i][0], groups[k - 1][1]
                    i = k - 1
                    break
            i += 1


def _postcodes(text: str) -> Iterator[Span]:
    for m in POSTCODE_RE.finditer(text):
        if m.group(1).upper() in POSTCODE_AREAS:
            yield "POSTCODE", m.start(), m.end()
    for m in DISTRICT_RE.finditer(text):
        if m.group(1) in POSTCODE_AREAS:
            before = re.split(r"[.;!?\n]", text[max(0, m.start() - 40):m.start()])[-1]
            if DISTRICT_BEFORE_RE.search(before) or DISTRICT_AFTER_RE.match(text, m.end()):
                yield "POSTCODE", m.start(), m.end()


def shaped_details(text: str) -> Iterator[Span]:
    """Every email, phone number, NHS number, date of birth, postcode and address, and the identifiers of
    ``bot.redaction.identifiers`` (NI numbers, UPNs, number plates, social media...); they may overlap."""
    yield from identifiers(text)
    yield from (("EMAIL", m.start(), m.end()) for m in EMAIL_RE.finditer(text))
    yield from _phones(text)
    for m in NHS_RE.finditer(text):  # valid by check digit, or said to be an NHS number even if mistyped
        if nhs_check_digit_ok(m.group(0)) or NHS_CONTEXT_RE.search(text, max(0, m.start() - 30), m.start()):
            yield "NHS_NUMBER", m.start(), m.end()
    yield from (("DOB", m.start(1), m.end(1)) for m in DOB_RE.finditer(text))
    yield from _postcodes(text)
    for pattern in ADDRESS_RES:
        yield from (("ADDRESS", m.start("a"), m.end("a")) for m in pattern.finditer(text))
