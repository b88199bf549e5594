"""A child telling someone they have been harmed (NG76 1.3.7): explicit patterns beside the trained model.

Who is speaking matters: "he told me his dad hits him" is a disclosure; "mum told me he has nightmares" is a
parent's report. The pattern needs the child as the teller and harm in what was told.
"""
from __future__ import annotations

import re
from typing import Optional

from bot.observations.qualifiers import negated
from bot.observations.textspeak import restore

_TELLER = (r"(?:\b(?:he|she|they)\b|\b(?:the|a|an|our|my|this) (?:child|boy|girl|pupil|student|young person|\d{1,2}[\s-]*(?:year|yr)[\s-]*old|"
           r"toddler|kid)\b|\b(?:lad|lass|boy|girl|teen|yp|young person)\s*\(?(?:of\s+|aged\s+)?\d{1,2}\)?(?=\s)|\b(?:a|the) year \d{1,2} (?:boy|girl|pupil|student)\b|\b\d{1,2}[\s-]*(?:yo|y/o|yrs?[\s-]*old|years?[\s-]*old)\b(?:,?\s+(?:little\s+|young\s+)?(?:lad|lass|boy|girl|kid|son|daughter|man|woman))?|"
           r"\b(?!(?:Mum|Dad|Mother|Father|Nan|Gran|The|A|An|Staff|Police|Her|His|I|We|It|This|That|There|When|"
           r"After|Before|During|Today|Yesterday|Since|Despite|Although|Because|If|On|In|At)\b)(?-i:[A-Z][a-z]+)\b)")
_TOLD = (r"(?:(?:'s|'d|\s+has|\s+had)?\s+(?:just\s+|then\s+|finally\s+|now\s+)?(?:told|tells|telling|said|says|saying|disclosed|discloses|"
         r"wrote|writes|written|mentioned|confided|admitted|explained|whispered|let slip|blurted out|drew|drew a picture)\b)")
# "It hurts", "his tummy hurts", "I'm starving, I forgot my lunch": pain or hunger the child feels, not harm
# someone did, unless the words say who, when or how often ("it hurts when he comes in", "hurts me").
_PAIN_NOT_HARM = "".join(rf"(?<!\b{word} )" for word in (
    "it", "this", "it's", "its", "that's", "it has", "teeth", "tooth", "tummy", "stomach", "head", "ear", "ears", "leg", "legs", "arm", "arms",
    "foot", "feet", "throat", "eye", "eyes", "knee", "wrist", "ankle", "chest", "mouth", "jaw", "hand"))
_BY_SOMEONE = (r"(?=\s+(?:me|him|her|them|us|because|cos|from|down there|(?:in|on) (?:my|her|his) (?:private|front|bottom|"
               r"willy|minnie|fanny|foof|bits))\b|\s+(?:when|where|after|if|every time)\s+(?:he|she|they|"
               r"dad|mum|daddy|mummy|\w+'s|(?:my|his|her) \w+)\s+(?!(?:chew|eat|swallow|walk|run|wee|poo|go|move|bend|breathe|"
               r"cough|sneeze|write|lie|sit|stand|bite|drink|talk|laugh|jump)\w*\b))")
# a pet's bite is not a telling of harm ("the dog bit me")
_NOT_AN_ANIMAL = "(?=bit)" + "".join(rf"(?<!\b{word} )" for word in ("dog", "dogs", "cat", "puppy", "kitten", "hamster",
                                                                    "horse", "pony", "rabbit", "parrot"))
# An adult who does it ("dad twisted his arm", "her uncle pinned her arms"); a bare "he" may be the child himself.
_ADULT_ACTOR = (r"(?:dad|daddy|mum|mummy|mam|stepdad|step-dad|stepmum|uncle|aunt|auntie|boyfriend|girlfriend|partner|fella|"
                r"grandad|grandpa|nan|gran|grandma|man|husband)")
# A belt in a child's telling is the one used on them, not a martial-arts grade or a seat belt ("showed me her new
# orange belt").
_NOT_A_BELT_IN_SPORT = "(?=belt)" + "".join(rf"(?<!\b{word} )" for word in (
    "white", "yellow", "orange", "green", "blue", "purple", "brown", "black", "red", "grey", "karate", "judo", "taekwondo",
    "seat", "tool", "utility", "conveyor", "next"))
# how a hand gets inside clothes: "puts his hand inside", "his hand went down", "his hands go under"
_HAND_MOVES = r"(?:went |goes |go |was |were |is |are |keeps going )?(?:in|inside|down|into|up|under) (?:the front of |the back of )?"
_HARM = (r"\b(?:kill\w*|hit|hits|hitting|beat|beats|beaten|beating|punch\w*|kick\w*|slap\w*|smack\w*|" + _NOT_A_BELT_IN_SPORT + r"belt|whack\w*|"
         r"batter\w*|thump\w*|wallop\w*|lays? into|laid into|"
         r"(?=hurt)" + _PAIN_NOT_HARM + r"hurt\w*|hurt\w*" + _BY_SOMEONE + r"|"
         r"burn\w*|strangl\w*|chok\w*|threw|throws|push\w*|lock\w*|shut (?:him|her|them) in|no food|never any food|"
         r"(?:always|still|every (?:day|morning|night)|all the time|at home)\s+(?:so\s+|really\s+)?(?:starv\w*|hungry)|"
         r"(?:starv\w*|hungry)\s+(?:at home|all the time|every (?:day|morning|night)|because|cos|coz|cause)|"
         r"(?:doesn't|don't|does not|do not|never|won't|didn't|did not|hasn't|has not|haven't)\s+(?:(?:feed|fed)\s+(?:me|him|"
         r"her|them|us)\b|(?:give|given|get|got|make|made)\s+(?:me|him|her|them|us)\s+(?:any\s+)?(?:food|breakfast|dinner|tea|"
         r"lunch|meals?))|"
         r"(?:hasn't|haven't|hadn't|has not|have not|not|never) (?:had )?(?:anything|nothing|owt) to eat|"
         r"not allowed (?:to eat|food)|touch\w*|willy|private parts|privates|front bottom|bottom|sex\w*|rape\w*|abus\w*|film\w*|photos? of|"
         r"naked|make (?:me|him|her|them) do|made (?:me|him|her|them) do|do stuff|"
         r"(?:take|takes|took|taking) (?:off )?(?:my|his|her|their) (?:clothes|knickers|pants|trousers|top)|"
         # tuning 11 (session 12): somebody else's hand inside the child's underwear ("puts his hand inside her
         # knickers", "his hand went down my pants", "uncle Tom's hand"); not the child's own hand ("she put her hand in
         # her knickers because it itched"), not cream being put on, not a pocket
         r"(?:his (?:hands?|fingers?) " + _HAND_MOVES + r"(?:my|her|their)|her (?:hands?|fingers?) " + _HAND_MOVES +
         r"(?:my|his|their)|their (?:hands?|fingers?) " + _HAND_MOVES + r"(?:my|his|her)|[\w-]+['’]s (?:hands?|fingers?) " +
         _HAND_MOVES + r"(?:my|his|her|their)|(?:" + _ADULT_ACTOR + r"|teacher|coach|leader|driver|neighbour|lodger) "
         r"(?:put|puts|putting|had|has|stuck|sticks|slid|slides) (?:his|her) (?:hands?|fingers?) " + _HAND_MOVES +
         r"(?:my|his|her|their)) (?:knickers|pants|underwear|undies|boxers|nappy|pyjama bottoms|pyjamas|pjs|"
         r"nightie|leggings|trousers|shorts|skirt|bra)\b(?!\s+pockets?)(?!\s+to (?:put|rub|apply) (?:on )?(?:my |her |his |"
         r"the )?(?:cream|ointment|lotion|medicine))|"
         # "won't get in his car because of what he does to me in the night"
         r"what (?:(?:her|his|my) )?(?:he|she|they|dad|daddy|stepdad|step-dad|uncle|grandad|mum's boyfriend|\w+) (?:does|did|do|"
         r"keeps doing) to (?:me|her|him) (?:in the night|at night|in (?:my|the|her|his) (?:bed|bedroom|room|bath|shower)|"
         r"in bed|under the (?:covers|duvet|blanket)|in the shower|when (?:we're|we are|they're|they are|I'm|I am|she's|"
         r"he's) (?:alone|on (?:our|their|my|her|his) own))|"
         r"cut (?:me|him|her)|left (?:me|him|her|them) (?:alone|on my own|on (?:his|her) own)|on (?:my|his|her) own all|"
         r"squeez\w* (?:my|his|her) (?:neck|throat|arm|arms|wrist)|throttl\w*|hands? (?:round|around) my (?:neck|throat)|"
         r"(?=[a-z-]+ (?:had|put|puts|got) (?:his|her|both) hands?)(?:fella|boyfriend|partner|dad|daddy|stepdad|step-dad|uncle|"
         r"mum|mummy|man|husband) (?:had|put|puts|got) (?:his|her|"
         r"both) hands? (?:round|around) (?:his|her) (?:neck|throat)|(?:he'd|he would|he'll|he will|he's going to|he is going "
         r"to|gonna|she'd|she'll) put (?:me|him|her) in the ground|"
         # tuning 9's tellings in a child's own words: food withheld, squashed, a head banged, made to carry, a visitor
         # to the bedroom at night, told not to tell
         r"(?:doesn't|don't|never|won't|didn't) (?:make|makes|cook|cooks|give|gives) (?:us|me) (?:any )?(?:dinner|tea|breakfast|"
         r"food|meals?)\b|(?:make|makes|cook|cooks) (?:dinner|tea|food|meals?) any ?more\b|"
         r"(?:don't|do not|doesn't) deserve (?:any )?(?:food|dinner|tea|to eat)|only get (?:dinner|food|tea|breakfast|to eat) "
         r"(?:if|when)|(?:I|we) (?:didn't|don't|never) get (?:any )?(?:dinner|food|tea|breakfast)|squish\w* me\b|(?:daddy|dad|mummy|"
         r"mum|he|she|uncle|stepdad) squish\w* (?:him|her)|"
         r"(?:(?:dad|daddy|stepdad|step-dad|uncle|boyfriend|fella|grandad) (?:banged|bangs|bang|smashed|smashes) (?:my|her)|"
         r"(?:mum|mummy) (?:banged|bangs|bang|smashed|smashes) (?:my|his)|(?:he|she) (?:banged|bangs|smashed|smashes) my) "
         r"head (?:on|against|off|into)|made (?:me|him|her|them) (?:carry|hold|take) (?:\w+ )?(?:inside|up) (?:me|my|him|his|her)|made (?:me|him|her|them) "
         r"(?:deliver|sell|carry) (?:drugs|weed|gear|crack|coke|cocaine|heroin)|"
         r"(?:he|dad|daddy|stepdad|step-dad|uncle|man|someone|somebody|grandad|boyfriend) (?:comes?|gets?|climbs?) (?:in|into) "
         r"my (?:room|bedroom|bed)|sleeping in his bed (?:again|tonight)|(?:in|into) (?:dad's|daddy's|stepdad's|step-dad's|"
         r"uncle's|grandad's) bed|if I tell (?:you |anyone |anybody )?(?:what (?:he|she|they) (?:does|did|do)|about (?:the|my) "
         r"(?:marks|bruises))|pinch\w*|" + _NOT_AN_ANIMAL + r"(?:bit(?:e|es)? me|bites me|bit(?:es|ed) (?:me |him |her )?(?:there|down there)|bit (?:me|him|her) (?:there|down there)|(?<!\ba )(?<!\bthe )(?<!\bbest )(?<!\blittle )bite (?:me |him |her )?(?:there|down there)|bit(?:e|es|ed)? (?:me |him |her )?(?:on )?(?:my|his|her) (?:bum|bottom|willy|privates|minnie|foof|bits|fanny))|"
         r"hold\w* (?:my|his|her) (?:hand|arm|fingers?) (?:on|over|under|against)|pull\w* (?:my|his|her) hair|"
         # tuning 10's tellings: stamped on (not a phone or a horse's), an arm forced up the back or twisted by an adult
         # (not "twisted my arm into going"), a threat to the face
         r"\b(?:(?:was|got|been|gets|being) stamped on\b|stamp(?<!\bhorse stamp)(?<!\bpony stamp)(?<!\bcow stamp)(?<!\bdonkey stamp)"
         r"\w* on (?:(?:me|him|her)"
         r"(?=\s*(?:[.,!?;:'\"’)]|$|(?:when|because|cos|till|until|and|if|every|again|on purpose|for|hard|in)\b))|"
         r"(?:my|his|her) (?:head|face|tummy|belly|stomach|chest|back|ribs|hands?|legs?|arms?|foot|feet|fingers?)))\b|"
         # an adult, or "he"/"she" who is not the child ("he twisted her arm"; not "he twisted his arm up his back in PE")
         r"\b(?:" + _ADULT_ACTOR + r"|h(?!e \w+ his\b)e|s(?!he \w+ her\b)he) (?:(?:twist\w*|bent|bends|yank\w*|wrench\w*) "
         r"(?:my|his|her) (?:arm|wrist)s?(?!\s+(?:into|to let|to get|so (?:I|he|she)|round to))|(?:held|holds|pinned|pins|"
         r"forced|shoved|pushed|twist\w*|bent|yank\w*) (?:my|his|her) arms? (?:up|behind|back))|"
         r"next time (?:it's|its|it is|it'll be|it will be|it's going to be|it is going to be) (?:my|your|his|her) face"
         r"(?=\s*(?:[.,!?;:'\"’)]|$))|"
         # session 14 (tuning 15's tellings, narrowed by a second reader): made to sleep outside the house or on the
         # floor, food kept back as a punishment, someone who comes into or gets into the child's room or bed at night,
         # "got a hiding for", "got it for spilling milk", "did it with the iron"; not camping, a story at bedtime, a
         # present, a cafe that was shut, an accident with the straighteners
         r"(?:(?:made|make|makes|used to make|would make)\s+(?:me|him|her|them)|(?:is|was|gets|got|being|been|['’]s|am|['’]m)"
         r"\s+made)\s+(?:to\s+)?sleep\s+(?:in the (?:shed|garden|garage|car|bath|hallway|hall|cupboard|yard)|outside|on the "
         r"floor)(?![^.]{0,60}\b(?:camp\w*|tent|airbed|air bed|cubs|scouts|brownies|for fun|sleepover|holiday|visitors?|"
         r"guests?|decorat\w*)\b)|"
         r"(?:(?:wouldn't|would not|didn't|did not|don't|do not|never)\s+(?:get|got|have|had|give (?:me|him|her|them))|"
         r"(?:wasn't|weren't|isn't|aren't|not) allowed)\s+any\s+(?:food|tea|dinner|breakfast|supper|lunch)\b"
         r"(?![^.]{0,60}\b(?:hungry|trip|cafe|canteen|shut|closed|late|overslept|woke up|fasting|ramadan|operation|"
         r"anaesthetic|nil by mouth|poorly|sick|bug)\b)|sent to bed without (?:any )?(?:food|tea|dinner|supper)|"
         r"(?:comes?|came|goes|went|gets|got|climbs?)\s+(?:in(?:to)?|in to)\s+(?:my|her|his|their)\s+(?:room|bed(?:room)?)\b"
         r"(?=[^.]{0,40}\b(?:at night|in the night|every night|when (?:(?:my|her|his) )?(?:mum|mam|dad|nan|gran)\w*(?:['’]s| is)|"
         r"when everyone|and (?:touch|gets in|lies|climbs)))(?![^.]{0,60}\b(?:to (?:read|check|say goodnight|tuck|kiss|give (?:me|"
         r"him|her) (?:a )?(?:hug|cuddle|kiss|medicine))|stor(?:y|ies)|goodnight)\b)|"
         r"got (?:a (?:beating|hiding|good hiding|smack|slap|belting|whack|battering|kicking|leathering))\b"
         r"(?![^.]{0,40}\b(?:as a (?:kid|child|boy|girl|lad)|when (?:he|she|i) was (?:a kid|little|young|at school)|at football|"
         r"in the match|on the pitch)\b)|"
         r"got it\s+(?:off (?:his|her|my) \w+\s+)?(?:for|cos|because)\s+(?:spill\w*|being (?:naughty|bad|cheeky|rude|slow|late|"
         r"loud)|talking back|answering back|crying|wetting|wet\w*|breaking|losing|forgetting|dropping|lying|swearing|not "
         r"(?:eating|listening|doing))|"
         r"(?<!\bi )(?<!\bi've )(?:did|done)\s+(?:it|this|that)\s+(?:to (?:me|him|her)\s+)?with\s+(?:the|a|an|his|her|my)\s+"
         r"(?:\w+\s+)?(?:iron|belt|lighter|cigarette|fag|kettle|hot \w+|spoon|stick|wire|cable|hanger|straighteners|lead|"
         r"slipper|shoe)\b(?![^.]{0,30}\b(?:textiles|dt|d&t|art|cooking|food tech|class|lesson|project|seam|hem|homework|"
         r"by accident|accidentally|drawing|sand|picture)\b))\b")
# The teller is the one doing it: "she says she still makes him sleep on the floor" (mum, in a practitioner's words),
# "he said he hit his brother" (the child hitting, not hit).
_TELLER_DOES_IT = (r"\b(?:told|tells|telling|said|says|saying|admitted|explained|mentioned)\b(?:\s+(?:me|us|staff))?\s+(?:that\s+)?"
                   r"{teller}\s+(?:still\s+|always\s+|then\s+|sometimes\s+|would\s+|used to\s+|just\s+|had\s+|has\s+)?"
                   r"(?:makes?|made|did|does|done|gave|gives|hit|hits|smacks?|smacked|slapped|locks?|locked|punched|kicked|beat|"
                   r"burnt|burned|bit|pushed|shoved)\b")
# the pronoun for a teller named as a boy or a girl ("15yo lad told me he punched a kid": the lad did it)
_TELLER_PRONOUN = {**{w: "he" for w in ("he", "lad", "boy", "son", "man")},
                   **{w: "she" for w in ("she", "lass", "girl", "daughter", "woman")}}
_PARENT_OF_TELLER = re.compile(r"\b(?:mum|dad|mother|father|parent|carer|nan|gran)\s+of\s+(?:a|the|her|his|their)\s*$", re.I)
_CHILD_TELLS = re.compile(_TELLER + _TOLD + r"[^.]{0,160}?" + _HARM, re.I)
# A quotation opens after a space or punctuation, never inside a word ("doesn't" holds no quote), and closes
# before one.
_QUOTED = re.compile(r"(?:^|(?<=[\s(:,;.]))[\"'‘“][^\"‘“”]{3,200}?[\"'’”](?=$|[\s.,;:!?)])")
_QUOTED_HARM = re.compile(_HARM, re.I)
# a young child names the adult and themselves in the third person: 'uncle Dave hurts Ellie', 'Mummy burnt Jay'
_ADULT_IN_QUOTE = re.compile(r"\b(?:uncle|auntie|aunty|aunt|daddy|dad|mummy|mum|mam|grandad|grandpa|nana|nan|grandma|"
                             r"man|men|lady|stepdad|step-dad|boyfriend|brother|sister|cousin)\b", re.I)
_SYMBOLS = re.compile(r"\b(?:symbols?|symbol board|aac|communication (?:device|book|board)|device|pointed to|pressed|signed|"
                      r"makaton|picture cards?|pecs)\b", re.I)
_NOT_CHILD = re.compile(r"^(?:mum|dad|mother|father|parent|carer|teacher|nan|gran|grandma|grandad|staff|police|neighbour|"
                        r"mr|mrs|ms|miss|dr|client|supervisee|partner|uncle|aunt|officer)\b", re.I)
# Words an adult said: "Mum told me...", "Mr B said...", "her dad says...". A quotation that follows them is the
# adult's, not the child's. An adult who is only the object of what the child did ("drew a picture of her dad and
# said quietly, ...") is not the speaker.
_ADULT_SAYS = re.compile(
    "".join(rf"(?<!\b{preposition} {whose} )" for preposition in ("of", "to", "for", "with", "about", "at", "from")
              for whose in ("her", "his", "their", "my")) +
    r"\b(?:mum|mother|dad|father|parents?|carers?|step-?(?:mum|dad|father|mother)|nan|gran|grandma|grandad|"
    r"uncle|aunt(?:ie)?|partner|boyfriend|girlfriend|neighbours?|client|supervisee|(?:mr|mrs|ms|miss|dr)\.?\s+\w+)"
    r"(?:'s)?\s+(?:\w+\s+){0,2}(?:told|tells|said|says|saying|rang|phoned|mentioned|admitted|explained|reckons|insists?)\b",
    re.I)


# Speech reported without quotation marks: "...said quietly, daddy hits me with his belt", "13yo in session
# today: my stepbrother comes into my room at night". The speech must be in the first person and tell of harm.
_SPEECH = re.compile(
    r"\b(?:said|says|saying|told (?:me|us|staff|her \w+|his \w+|the \w+)|whispered|disclosed|blurted(?: out)?|wrote)\b"
    r"[^.:;]{0,40}?[:,]\s+(?P<speech>[^.]{3,200})"
    r"|\b(?:girl|boy|child|pupil|pt|patient|young person|lad|lass|\d{1,2}\s*(?:yo|y/o|year[\s-]old))\b[^.:]{0,60}:\s+"
    r"(?P<direct>(?:my|i|me|daddy|mummy|mum|dad)\b[^.]{3,200})", re.I)
_FIRST_PERSON = re.compile(r"\b(?:me|my|I|I'm|we|us)\b", re.I)


# A teller who speaks of "her 2yo", "his son", "their baby" is that child's parent or carer, not the child:
# "She mentioned that her 2yo burnt his hand" (a mother, in a probation officer's words).
_PARENT_TELLS = re.compile(
    _TOLD + r"\s+(?:(?:to\s+)?(?:me|us|staff|the \w+)\s+)?(?:quite\s+\w+\s+|casually\s+|that\s+)*(?:\w+\s+){0,2}?"
    r"(?:her|his|their)\s+(?:\d{1,2}\s*(?:yo|y/o|yr[\s-]*old|[\s-]*(?:year|month|week)s?[\s-]*old)|son|daughter|baby|"
    r"toddler|child|children|kids?|little (?:one|boy|girl)|eldest|youngest|twins)\b"
    r"(?!\s+(?:brothers?|sisters?|siblings?|cousins?|bro|sis))", re.I)


# Told in the practitioner's words with "that": "she came up to the counter ... n whispered that her uncle makes her
# watch videos". Only the verbs a child's telling takes (an adult's "told me that" is left to the model), with a
# child named earlier in the sentence and no adult as the one whispering.
_TOLD_THAT = re.compile(r"\b(?:whispered|confided(?: in (?:me|us))?|disclosed|let slip|blurted(?: out)?)\s+(?:to (?:me|us)\s+)?"
                        r"that\s+(?P<what>[^.]{3,200})", re.I)
_CHILD_NAMED = re.compile(r"\b(?:girl|boy|lad|lass|child|pupil|kid|toddler|teen\w*|young person|student|daughter|son|"
                          r"\d{1,2}\s*(?:yo|y/o|yr[\s-]*old|[\s-]*years?[\s-]*old))\b", re.I)
_ADULT_WHISPERS = re.compile(r"\b(?:mum|mother|dad|father|parents?|carers?|nan|gran|grandma|grandad|uncle|aunt(?:ie)?|"
                             r"partner|boyfriend|girlfriend|neighbours?|client|(?:mr|mrs|ms|miss|dr)\.?\s+\w+)(?:'s)?"
                             r"[\s,]+(?:\w+[\s,]+){0,2}$", re.I)


def disclosure_words(text: str) -> Optional[str]:
    """The words where a child tells of harm, if the text says so; otherwise None."""
    text = restore(text)
    for match in _CHILD_TELLS.finditer(text):
        teller = match.group(0).split()[0]
        if _NOT_CHILD.match(teller) or _PARENT_TELLS.search(match.group(0)):
            continue
        pronoun = _TELLER_PRONOUN.get(teller.lower()) or _TELLER_PRONOUN.get(match.group(0).split()[1].strip(",").lower())
        if pronoun and re.search(_TELLER_DOES_IT.format(teller=pronoun), match.group(0), re.I):
            continue
        if _PARENT_OF_TELLER.search(text[max(0, match.start() - 20):match.start()]):
            continue  # "Mum of a 15yo lad told me her ex hits him": the mother is telling
        if negated(match.group(0)):  # "he said there are no problems ... ": look on, a later telling may follow
            continue
        return match.group(0)
    symbols_used = bool(_SYMBOLS.search(text))  # once: searching per quotation was slow on long messages
    for quoted in _QUOTED.finditer(text):
        if not _QUOTED_HARM.search(quoted.group(0)):
            continue
        said_by_adult = _ADULT_SAYS.search(text[max(0, quoted.start() - 120):quoted.start()])
        # the first person inside the quotation itself ("'always starvin' n feedin... he showed me" is not the child's
        # telling), or words a child who cannot speak them chose on a symbol board or device ('hurt' 'bottom' 'daddy')
        own_words = (_FIRST_PERSON.search(quoted.group(0)) or _ADULT_IN_QUOTE.search(quoted.group(0))
                     or symbols_used)
        if own_words and not said_by_adult:
            return quoted.group(0)
    for spoken in _SPEECH.finditer(text):
        speech = spoken.group("speech") or spoken.group("direct") or ""
        said_by_adult = _ADULT_SAYS.search(text[max(0, spoken.start() - 60):spoken.start() + 20])
        if _FIRST_PERSON.search(speech) and _QUOTED_HARM.search(speech) and not said_by_adult:
            return spoken.group(0).strip()
    for told in _TOLD_THAT.finditer(text):
        before = text[:told.start()]
        sentence_before = re.split(r"[.!?]\s+", before)[-1]
        if (_QUOTED_HARM.search(told.group("what")) and _CHILD_NAMED.search(sentence_before)
                and not _ADULT_WHISPERS.search(before) and not _PARENT_TELLS.search(told.group(0))):
            return told.group(0).strip()
    return None


def adult_is_telling(text: str) -> bool:
    """The words report what an adult said ("Mum told me her partner hits him"), not a child telling."""
    return bool(_ADULT_SAYS.search(text) or _PARENT_TELLS.search(restore(text)))
