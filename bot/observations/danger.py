"""Explicit patterns for immediate danger: the one place where a false alarm is preferred to a miss.

The trained model also learns danger from examples; these patterns are a floor under it that does not depend
on training. Each pattern names the kind of danger it catches so the read-back can say what was heard.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from bot.observations.textspeak import restore, sentence_bounds

_YOUNG = (r"(?:baby|babies|infant|newborn|toddler|tot|little one|\b[0-7][\s-]*(?:yo|y/o|years?[\s-]*old|year[\s-]*old|"
          r"months?[\s-]*old|month-old|weeks?[\s-]*old)|(?:one|two|three|four|five|six|seven)[\s-]*year[\s-]*old|"
          r"(?:he|she|they)(?:'s|\s+is)\s+[0-7]\b|\b[A-Z][a-z]+\s+is\s+[0-7]\b)")
_NOW = (r"(?:right now|now|at the moment|currently|tonight|tonite|today|this (?:morning|afternoon|evening)|"
        r"since (?:yesterday|last night|this morning)|for (?:hours|the last \w+ hours)|just|is being|are being)")

# Session 13 (tuning 13): a young person at a height now, in their own words or the practitioner's ("im at the top of
# the multistorey", "she's on top of the car park"), and words of giving up.
_UP_HIGH = (r"\b(?:i'?m|i am|she'?s|he'?s|she is|he is|they'?re|they are|sat|sitting|standing|stood)\s+(?:up\s+)?(?:at|on)\s+"
            r"(?:the\s+)?(?:very\s+)?top\s+(?:floor\s+|level\s+)?of\s+(?:the\s+|a\s+)?(?:multi[-\s]?stor(?:e?y|ey|ies)|car ?park|"
            r"bridge|viaduct|tower block|cliffs?|quarry|railway bridge)\b")
_GIVING_UP = (r"\b(?:sorry for (?:everything|letting|being a burden|all (?:of )?this)|goodbye|can'?t (?:do (?:this|it|another)|"
              r"take (?:it|any ?more)|go on)|letting (?:everyone|you|them|us) down|had enough|end (?:it|this)|want (?:it|this) (?:all )?"
              r"to (?:end|stop)|no point)\b")
_NOT_A_ROUTINE = r"(?![^.]{0,50}\b(?:dosette|blister pack|carer|nurse|pharmacist|each (?:morning|day|night)|ready for|for the week))"

# A baby under a year, by word or age ("3 wk old", "5/12", "8 month old").
_BABY = (r"(?:baby|babies|infant|newborn|neonate|\b\d{1,2}[\s-]*(?:days?|wks?|weeks?)[\s-]*old|\b\d{1,2}/52|"
         r"\b(?:[1-9]|1[01])[\s-]*(?:months?|mths?|mo)[\s-]*old|\b(?:[1-9]|1[01])/12)")

# What a child or family may call female genital mutilation when it is planned, and words that say it is near:
# together they are immediate danger (a girl about to be cut or taken abroad for it), not only the FGM route.
# "Today" is left out: it dates the telling ("today she told me she had been cut") as often as the event.
FGM_CUE = (r"\b(?:fgm\b(?!\s+(?:training|awareness|session|lesson|leaflet|policy|poster|e-?learning))|"
            r"(?:female |girls?'? )circumcis\w*|\b(?:she|her|girls?|daughters?|sisters?)\b[^.]{0,40}\bcircumcis\w*|"
            r"khatna|sunna (?:cut\w*|circumcision)|"
            r"(?:be|get|getting|being|gets) cut\b(?!\s+(?:her|his|their|from|off|short|out|back|up|down|free|loose|"
            r"on (?!(?:mon|tues|wednes|thurs|fri|satur|sun)day)))(?![^.]{0,30}\b(?:barber|hairdress|hair\b))|make (?:her|them|me) (?:clean|pure)|the cutting|"
            r"(?:become a (?:proper )?woman|(?:the |her |a )?special (?:day|ceremony|celebration|party|procedure|operation))\b"
            r"[^.]{0,60}\b(?:cut\w*|clean|pure|down there)|(?:ladies|aunties|aunts|women)\b[^.]{0,40}\b(?:make|making) (?:her|"
            r"them|me) (?:clean|pure))")
_SOON = (r"(?:tonight|tonite|tomorrow|this (?:weekend|week|evening)|at the weekend|on (?:mon|tues|wednes|thurs|fri|satur|"
         r"sun)day|in (?:half an hour|an hour|a few (?:hours|days)|\d+ (?:mins?|minutes|hours|days))|suitcases?|"
         r"(?:bags|cases) (?:are )?packed|at the airport|fl(?:y|ying|ies) out)\b")

# what violence in a home sounds like through a door: raised voices and something breaking or hitting
_VOICES = r"\b(?:bellow\w*|shout\w*|scream\w*|yell\w*|roar\w*|crying out)\b"
_IMPACT = (r"\b(?:smash\w*|crash\w*|glass break\w*|breaking glass|thud\w*|hitting (?:him|her|them)|punching|being thrown|"
           r"things? (?:being )?thrown|slapp\w*)\b")
# heard, in the past tense: a sure sign only with a word that it is still happening, a doubt (the question) otherwise
_HEARD_VIOLENCE = (r"\b(?:could\s+hear|heard)\b[^.]{0,80}?(?:" + _VOICES + r"[^.]{0,80}?" + _IMPACT + r"|" + _IMPACT
                   + r"[^.]{0,80}?" + _VOICES + r")")

# Medicine taken as it should be, in words straight after it ("took all his meds as prescribed", "without a fuss",
# "with breakfast", "10 tablets a day"): not an overdose. Only these words, and only straight after (one time word
# between at most): "took all of her tablets and went back to bed" stays immediate danger.
_AS_IT_SHOULD_BE = (r"(?!\s+(?:(?:today|this morning|tonight|again) )?(?:as prescribed|as (?:the )?(?:gp|doctor|nurse) said|"
                    r"without (?:a |any )?(?:fuss|complaint)|on time|like a good (?:boy|girl|lad)|with (?:no )?(?:fuss|"
                    r"problems?)|off (?:him|her|them)|(?:back )?to the (?:pharmacy|chemist)|a day|every day|daily|"
                    r"at breakfast|with (?:her |his |their )?(?:breakfast|lunch|dinner|tea|food)|from (?:his|her|their|the) "
                    r"(?:room|bag)|up to the (?:nurse|nurses|desk|office|ward)))")

# Session 14 (tuning 14, narrowed by the second reader): a young person's own plan to take all their tablets. The one
# planning is "he", "she", "I" or "they" (not "we" or "mum" taking them to the trip); the tablets go nowhere ("back",
# "home", "to camp"), though "to end it", "in one go" and "with vodka" are the plan; and nothing says it is the course
# as prescribed ("this week", "as usual", "at lunchtime", "before they expire").
_PLAN_TO_TAKE_ALL = (
    r"(?:\b(?:he|she|i|they)(?:['’](?:s|m|re|ll|d)| is| was| am| are)?\s+(?:(?:going to|gonna|about to|planning to|plans? to|"
    r"wants? to|threaten(?:s|ed|ing)? to|will|would)\s+)?|\b(?:and|then)\s+(?:is\s+|was\s+)?(?:going to|gonna|about to|"
    r"planning to|plans? to|wants? to|threaten(?:s|ed|ing)? to)\s+)(?:take|swallow|neck)\s+(?:them all|all of them|the lot|every one)\b"
    r"(?!\s+(?:back|home|away|off|round|along|out|into)\b)(?!\s+to\s+(?!end\b|die\b|kill\b|make (?:it|everything) stop|"
    r"be done|not wake)\w)(?!\s+with (?:him|her|them|me|us)\b)(?!\s+in\s+(?:to|the|school|class)\b)"
    r"(?![^.]{0,60}\b(?:as prescribed|prescribed|course|over the next|this week|each day|every day|a day|daily|through the day|"
    r"as usual|at (?:lunch|break|bed|tea)\s?time|with (?:food|meals?|water|breakfast)|before (?:they|it) (?:expire|go off|run out)|"
    r"as (?:the|her|his) (?:doctor|gp|pharmacist|nurse|dentist)|on the (?:trip|residential|visit))\b)")
# who a young person says sorry to, with goodbye: "sorry to his mum and goodbye", "sorry to mum and dad and goodbye"
_FAMILY_SAID_TO = r"(?:(?:his|her|their|my) )?(?:mum|dad|mam|family|parents|nan|gran|mother|father|sister|brother)"
# A goodbye that belongs to a move, a trip, a visit or a lesson, said in the same sentence before or after it
_EVERYDAY_FAREWELL = re.compile(
    r"\b(?:moving|moves|move (?:house|away|to)|emigrat\w*|relocat\w*|new (?:school|job|house|home|class)|leavers?|"
    r"secondary|off to|going (?:to|back to) (?:his|her|their|my) (?:nan|gran|dad|mum|aunt|uncle|cousin)\w*|for the (?:summer|"
    r"weekend|holidays?|week)|holidays?|trip|evacuee|in (?:history|english|drama|class)|role[- ]?play|last day|"
    r"(?:his|her|their) (?:dad|mum)['’]?s for)\b", re.I)
_GOODBYE = re.compile(r"\b(?:good[\s-]?)?bye\b", re.I)

# Someone walking, driving or carrying a child away now, and words that say that person is kept from the child; the
# one taking is checked in ``_excused`` (not nan, staff or mum taking the child while someone else is kept away).
_CHILD_TAKEN = r"(?:her|him|them|the (?:baby|child|girl|boy|kids?|children|toddler|twins)|both of them)"
_TAKING_NOW = (r"(?:\b(?:just|has just|have just|['’]s just|['’]ve just)\s+(?:walked|ran|run|went|gone|left|drove|driven|made off|"
               r"carried|took|taken|snatched|grabbed|legged it|put)|(?:\bis|\bare|['’]s|\bhes|\bshes|\btheyre|['’]re)\s+(?:now\s+|"
               r"currently\s+|just\s+)?(?:walking|running|going|heading|leaving|driving|carrying|taking|snatching|grabbing|putting)|"
               r"\b(?:walking|running|heading|leaving|driving|carrying|taking|drove|left|went|walked)\b(?=[^.]{0,60}\b(?:now|rn|"
               r"right now|(?:\d+|a few|five|ten|two|couple of) (?:minutes|mins) ago)\b)|\b(?:gone|went|run|ran) off with|"
               r"\b(?:just seen|just saw|can see|watching|am watching)\s+(?:[\w']+\s+){0,3}?(?:walking|running|heading|leaving|"
               r"driving|carrying|taking|putting))\b"
               r"(?:\s+(?:off|out|away))?(?:\s+" + _CHILD_TAKEN + r"\b|[^.]{0,50}?\b(?:with " + _CHILD_TAKEN + r"\b|carrying "
               + _CHILD_TAKEN + r"\b|" + _CHILD_TAKEN + r" (?:off|out|away|home)\b))")
_KEPT_AWAY = (r"(?<!\bno )(?<!\bnot a )(?:\b(?:isn't|isn’t|is not|isnt|not|aren't|aren’t|are not|must not|mustn't)\s+(?:allowed|"
              r"supposed|meant|permitted|to)\s+(?:to be\s+)?(?:go\s+)?(?:near|to see|see|to have (?:any )?(?:unsupervised )?contact|"
              r"(?:any )?(?:unsupervised )?contact|to take|to collect|to pick (?:her|him|them) up)|(?:police )?protection order|"
              r"non[- ]?mol\w*|restraining order|prohibited steps order|no[- ]contact|no contact (?:per|under|by) (?:the )?court|banned from (?:seeing|"
              r"contact|the ward|the school)|(?:court|judge) (?:order )?(?:says|said) (?:he|she|they) (?:can't|cannot|must not|"
              r"isn't)|not to have (?:any )?contact)\b")
# Who takes the child: someone kept away takes them; nan, mum, staff or the practitioner taking them is safe (named as
# the one doing it, straight before the verb: not "I've just seen him walking out with her"), and so is a handover as
# agreed.
_SAFE_TAKER = re.compile(r"\b(?:nan|nana|gran|granny|grandma|grandad|mum|mam|mother|staff|nurse|midwife|social worker|foster "
                         r"carer|carer|teacher|police(?! protection)|officer|i|we|paramedics?|doctor|aunt\w*|supervisor|contact worker|"
                         r"key ?worker|escort|support worker)\b(?!['’]s)(?:['’](?:m|re|ve|s))?\s+(?:(?:is|are|am|was|were|has|have|had|just|"
                         r"now|currently|then|also|already)\s+){0,3}$", re.I)
_AS_AGREED = re.compile(r"\b(?:as (?:agreed|planned|normal|arranged|usual)|handover|contact (?:is|was) agreed)\b", re.I)
# the taking told as past, just before it: "Two weeks ago he just walked off with her" (not an order made last week)
_TAKEN_BEFORE = re.compile(r"\b(?:(?:two|three|a few|several|\d+) (?:days|weeks|months) ago|last (?:week|month|year|term)|"
                           r"in (?:the summer|january|february|march|april|may|june|july|august|september|october|november|"
                           r"december))\b,?(?:\s+(?!(?:and|but|so|then|now)\b)[\w']+){0,4}\s*$", re.I)
_TAKING_VERB = re.compile(_TAKING_NOW, re.I)
_WITNESSING = re.compile(r"(?:just seen|just saw|can see|watching|am watching)\b", re.I)

_PATTERNS: list[tuple[str, str]] = [
    ("a baby seriously unwell now",
     _BABY + r"[^.]{0,200}(?:\.[^.]{0,200}){0,2}?\b(?:floppy|limp|mottled|(?:grey|gray|blue|dusky)(?:ish)? (?:round|around|about) (?:the )?"
     r"(?:lips|mouth)|(?:lips|mouth) (?:are |is |look\w* |went |gone )?(?:grey|gray|blue|dusky)|(?:not|hasn't|has not|won't|"
     r"isn't|refusing to) (?:been )?(?:fe(?:e)?d(?:ing)?|taken a (?:feed|bottle)) (?:since|for|at all)|bulging (?:soft spot|"
     r"fontanelle)|non-?blanching|(?:weak|high-pitched) cry|not crying (?:at all|any more|anymore))\b"),
    ("a carer out of touch with reality, with the child",
     r"\b(?:hearing voices|voices (?:are |were |keep )?(?:telling|saying|tell)|psychotic|psychosis|delusional)\b[^.]*"
     r"(?:\.[^.]*)?\b(?:locked|barricad\w*|won't let (?:anyone|me|us) in|evil|possessed|the devil|a demon|"
     r"(?:hurt|harm|get rid of|punish) (?:him|her|them|the (?:baby|child|kids)))\b"),
    ("threat to kill or seriously hurt",
     r"\b(?:(?:going|gonna|threaten\w*|threat|said (?:he|she|they)(?:'d| would| will)|will|'ll|swore to|wants? to)\s+(?:to\s+)?"
     r"(?:kill|murder|stab|strangle|shoot|batter|smash (?:his|her) face|hurt (?:him|her|them) (?:badly|bad)|"
     r"break (?:his|her|their) (?:neck|legs|arms?)|burn (?:him|her|them))|(?:kill|murder|stab|strangle) (?:him|her|them|me|you)\b)"
     r"|\b(?:going to|is going to|will|'ll)\s+(?:get it|get a (?:beating|hiding|battering|good hiding))\b"
     # tuning 8's, said as a threat: "her mum's bf said if she comes back he's gonna 'finish what he started'", "he told
     # him tonight is round 2" (never "we will put them in the ground" at forest school)
     r"|\b(?:said|says|told \w+|tells \w+|threaten\w*|texted|messaged|warned|shouted)\b[^.]{0,40}?\b(?:he|she)(?:'s|s| is|"
     r"'d|'ll| would| will)?\s+(?:going to|gonna|goin to)?\s*(?:['‘\"“]finish what (?:he|she) started|['‘\"“]?finish (?:her|"
     r"him|you|u) off|['‘\"“]?put (?:her|him|you|u|me|the baby) in the ground)\b"
     r"|\b(?:said|says|told \w+|tells \w+|threaten\w*|texted|messaged|warned)\b[^.]{0,30}?\b(?:tonight|tonite|later)"
     r"(?:'s| is| will be)\s+['‘\"“]?round (?:2|two|3|three)\b"
     r"|\b(?:give|gives|gave|giving)\s+(?:him|her|them)\s+a (?:beating|hiding|battering|good hiding)\b[^.]{0,40}\b(?:tonight|"
     r"when (?:he|she|they) gets? (?:home|in)|later)\b"),
    ("a weapon", r"\b(?:knife|knives|machete|gun|firearm|blade|axe|hammer|baseball bat|crossbow|zombie knife)\b"
                 r"[^.]{0,60}\b(?:wav\w*|brandish\w*|threat\w*|holding|held|pulled|pointed|pointing|came at|went for|"
                 r"chas\w*|at (?:his|her|their) throat)"
                 r"|\b(?:wav\w*|brandish\w*|threat\w*|pulled|pointed|came at \w+ with|went for \w+ with|chas\w* \w+ with)\b[^.]{0,40}"
                 r"\b(?:knife|machete|gun|blade|axe|hammer|bat)\b"),
    ("too scared to go home",
     r"\b(?:scared|scard|afraid|frightened|terrified|petrified|too scared|refus\w*|won't|will not|doesn't want|does not want|"
     r"can't|cannot|daren't|dare not)\s+(?:to\s+)?(?:go(?:ing)?|be going|return(?:ing)?|back)\s+(?:back\s+)?home\b"
     r"|\bdon't (?:make|send) me (?:go )?(?:back )?home\b|\bcan't go back\b|\b(?:not|isn't|is not) safe (?:for (?:him|her|them) )?"
     r"(?:to go |going |to be |being |returning |to return )?(?:at |back )?home\b(?!\s+(?:through|via|by|on foot|in the dark|"
     r"across|along))|\b(?:doesn't|does not|don't) feel safe (?:going|to go|at) (?:back )?home\b"
     # session 13 (tuning 12): a child begging not to be sent back to someone ("pls don't let me go back with him",
     # "begged me not to make her go back to her dad's"); not "don't let them take me to the dentist"
     r"|\b(?:don't|do not|dnt|dont) (?:let|make|send) (?:me|her|him) (?:go )?(?:back|bk|bak) (?:home )?(?:with|to(?!\s+(?:school|"
     r"class|lessons?|bed|sleep|work|nursery|college|football|practice|training|swimming|the (?:classroom|class|lesson|pitch|"
     r"pool|ward|dentist|doctors?|hospital|group))\b))\b"
     r"|\b(?:begg?ed|begging|pleaded|pleading|beg)\b(?: (?:me|us|staff|the \w+))? not to (?:make|let|send) (?:her|him|them) "
     r"(?:go )?(?:back|bk|home)\b"
     r"|\b(?:don't|do not|dnt|dont) let (?:him|her|them|(?:my|his|her) (?:\w+ )?(?:dad|mum|stepdad|step-dad|stepmum|uncle|"
     r"boyfriend|partner)|(?:mum|mam)['’]?s (?:boyfriend|partner)) take me\b(?!\s+(?:to (?:the |a )?(?:dentist|doctors?|gp|hospital|"
     r"shops?|park|pool|nurse|clinic)|off|out of|for|on))"),
    ("a young child left alone",
     _YOUNG + r"[^.]{0,80}\b(?:left (?:alone|on (?:his|her|their) own|by (?:him|her)self|unattended|home alone|in the car)|"
     r"home alone|on (?:his|her|their) own (?:in|at) (?:the|a) (?:flat|house|home|car)|alone in (?:the|a) (?:flat|house|home|car)|"
     r"(?:no|without an?) (?:adult|grown-?up|parent)s? (?:there|at home|in the (?:flat|house)|around|with (?:him|her)))"
     r"|\b(?:left|alone|on (?:his|her|their) own)\b[^.]{0,60}" + _YOUNG),
    ("a very young child unsupervised in danger",
     _YOUNG + r"[^.]{0,80}\b(?:found|wandering|alone|on (?:his|her) own|unsupervised|by (?:him|her)self)\b[^.]{0,60}"
     r"\b(?:road|street|carriageway|motorway|river|canal|railway|car park|balcony|window ledge|at night|\d{1,2}\s*(?:pm|am))"),
    ("an overdose or suicide attempt now",
     r"\b(?:taken|took|swallowed|has had)\s+(?:a\s+)?(?:load of|loads of|lots of|a handful of|a bunch of|all (?:her|his|the)|an?)?\s*"
     r"(?:overdose|pills|tablets|paracetamol|painkillers|bleach)\b|\boverdos\w*\b"
     # session 12 (tuning 11): an overdose told in the first person or by the medicine's name ("took all my tablets",
     # "necked all his mum's sleeping pills", "taken 30 paracetamol", "took every tablet i had", "swallowed a whole
     # packet of paracetamol"), unless the words straight after say it was taken as it should be
     r"|\b(?:taken|took|swallowed|necked|downed)\s+(?:all|every one|(?:about |like |around |over |at least )?\d{2,3}\+?)"
     r" (?:of )?(?:(?:my|her|his|their|the) )?(?:[\w-]+['’]?s )?(?:[a-z]+ )?(?:pills|tablets|tabs|meds|medication|"
     r"medicine|paracetamol|ibuprofen|citalopram|sertraline|fluoxetine|insulin|painkillers|antidepressants|diazepam|"
     r"valium|co-codamol|codeine|tramadol|methadone|morphine|ritalin)\b" + _AS_IT_SHOULD_BE +
     r"|\b(?:taken|took|swallowed|necked|downed)\s+every (?:single )?(?:pill|tablet|tab)s?\b" + _AS_IT_SHOULD_BE +
     r"|\b(?:took|swallowed|necked|downed)\s+(?:a (?:whole |full )?|two |three |several |both )(?:packets?|boxes|box|"
     r"strips?|bottles?) of (?:\w+ )?(?:pills|tablets|paracetamol|painkillers|meds)\b"
     r"|\b(?:going to|gonna|wants? to|about to|"
     r"plans? to|trying to)\s+(?:kill (?:himself|herself|themselves|myself)|end (?:it|(?:his|her|their|my) life)|jump)\b"
     r"|\b(?:on|at) the (?:edge of the )?(?:bridge|roof|cliff|railway line|tracks)\b|\bsuicide note\b|\bhang(?:ing)? (?:himself|herself)\b"
     r"|\b(?:take|taking|swallow|swallowing)\s+(?:a\s+)?(?:full\s+(?:strip|packet|box|bottle)|whole\s+(?:strip|packet|box|bottle)|"
     r"all\s+(?:of\s+)?(?:his|her|their|the|my|mum's|dad's|mums|dads)\b|loads?\s+of\s+(?:pills|tablets)|a\s+handful)"
     r"|\bhow (?:many|much) (?:pills|tablets|paracetamol)\b[^.]{0,40}\b(?:kill|die|dead|overdose)"
     # session 14 (tuning 14): tablets named, and the young person's plan to take them all ("she's going to take them all
     # tonight", "said he'll neck the lot", "is planning to take them all on Friday - he's been stockpiling his mum's
     # tablets"); not a course taken as prescribed, nor tablets taken somewhere ("take them all back", "to camp")
     r"|\b(?:pills|tablets|paracetamol|painkillers|meds|medication)\b[^.]{0,150}(?:\.[^.]{0,150})?" + _PLAN_TO_TAKE_ALL
     + r"|" + _PLAN_TO_TAKE_ALL + r"[^.]{0,80}\b(?:pills|tablets|paracetamol|painkillers|meds|medication)\b"),
    ("a carer unfit to look after the child now",
     r"\b(?:drunk|slurring|smell\w* (?:strongly )?of (?:alcohol|drink|booze)|off (?:his|her) face|high|wasted|intoxicated|"
     r"under the influence|passed out|unconscious|can't stand up)\b[^.]{0,100}\b(?:driv\w*|car|behind the wheel|"
     r"collect\w*|pick\w* (?:him|her|them) up|take (?:him|her|them) home|on (?:his|her) own with)\b"),
    ("a child with someone who has hurt them, now",
     r"\b(?:on (?:his|her|their) way|coming|arriving|outside|waiting|here)\b[^.]{0,30}\b(?:to (?:collect|get|pick (?:him|her|them) up|take))"
     r"|\b(?:getting|get|got|gets|climbing)\s+into\s+(?:a|the|his|an)\s+(?:car|van)\b[^.]{0,50}?\bwith\s+(?:a|an|some|the)\s+"
     r"(?:man|men|older|adult|stranger|guy|bloke)"),
    ("a child unresponsive or drowsy after medicine, drugs or alcohol",
     r"\b(?:unresponsive|unconscious|floppy|limp|(?:hard|impossible|can't|cannot|won't|couldn't|wouldn't) (?:to )?(?:wake|"
     r"rouse)|not waking|won't wake up|not breathing|barely breathing|struggling to breathe|blue lips|fitting|"
     r"(?:very|really|so|extremely) (?:drowsy|sleepy|dozy)|glassy[- ]eyed|can't keep (?:his|her|their) "
     r"eyes open|keeps? (?:nodding|drifting) off|slurring)\b[^.]{0,120}?\b(?:given|gave|giv\w*|dos\w*|took|taken|"
     r"taking|swallow\w*|had|drank|drunk|drinking|ate|eaten|eating|found)\b[^.]{0,60}?\b(?:medicine|medication|calpol|piriton|"
     r"antihistamine|sleeping|pills?|tablets?|drugs?|weed|cannabis|edibles?|gumm(?:y|ies)|methadone|heroin|valium|"
     r"diazepam|alcohol|vodka|wine|beer|cider|spirits|booze|something)\b"
     r"|\b(?:given|gave|giv\w*|dos\w*|took|taken|taking|swallow\w*|had|drank|drinking|ate|eaten|eating|found)\b"
     r"[^.]{0,80}?\b(?:medicine|medication|"
     r"calpol|piriton|antihistamine|sleeping (?:pills?|tablets?|meds?)|pills?|tablets?|drugs?|weed|cannabis|edibles?|"
     r"gumm(?:y|ies)|methadone|heroin|valium|diazepam|alcohol|vodka|wine|beer|cider|spirits|booze)\b[^.]{0,120}?\b"
     r"(?:unresponsive|unconscious|floppy|limp|(?:hard|impossible|can't|cannot|won't|couldn't) (?:to )?(?:wake|rouse)|"
     r"not waking|not breathing|(?:very|really|so|extremely) (?:drowsy|sleepy|dozy)|can't keep (?:his|her|their) eyes "
     r"open|(?:nodding|drifting) off|fitting)\b"
     r"|\b(?:unresponsive|unconscious|not breathing|(?:barely|hardly|stopped|struggling|fighting for) (?:to )?breath(?:ing|e)|"
     r"gasping for (?:breath|air)|turn(?:ed|ing)? blue|gone blue|went blue|blue (?:lips|round the lips)|won't wake up|"
     r"can't wake (?:him|her|them)|(?:hasn't|has not|hasnt) (?:woken|woke) (?:up )?since (?:he|she|they) (?:swallowed|took|"
     r"drank|ate|was given|were given|had (?:the|some|a|her|his|their|mum's|dad's))|"
     # "per mum he is now blue", "she's limp": the child's state now
     r"(?:he|she|baby|the baby|the child|\[NAME\])(?:'s| is) (?:now |still |going )?(?:blue|limp)"
     r"(?! (?:team|house|group|shirt|kit|class|room|belt)))\b"),
    ("children left without an adult for a day or more",
     r"\b(?:left|alone|on (?:their|his|her) own|by themselves|home alone|fending for themselves|looking after "
     r"(?:themselves|each other|the (?:little|younger) ones?))\b[^.]{0,80}?\b(?:for|since)\s+(?:(?:the\s+)?(?:last|past)\s+)?"
     r"(?:two|three|four|five|several|a few|a couple of|\d+)?\s*(?:days|nights|yesterday|last night|the weekend|friday|"
     r"saturday|sunday|monday|tuesday|wednesday|thursday)\b"
     r"|\b(?:no|without an?)\s+(?:adult|grown-?up|parent|mum|dad)s?\b[^.]{0,40}\b(?:for|since)\s+(?:two|three|several|a few|"
     r"a couple of|\d+)?\s*(?:days|nights|yesterday|last night|the weekend)\b"
     r"|\b(?:mum|dad|parents?|carers?|nobody|no-?one|no adult)\b[^.]{0,40}\b(?:hasn't|haven't|has not|have not|"
     r"not)\s+(?:been\s+)?(?:home|back|seen)\b[^.]{0,30}\b(?:for|since)\s+(?:two|three|several|a few|a couple of|\d+)?"
     r"\s*(?:days|nights|yesterday|last night|the weekend|friday|saturday|sunday|monday|tuesday|wednesday|thursday)\b"),
    ("a child missing now",
     r"\b(?:is|has gone|went|been|reported|now|currently)\s+missing\b(?!\s+(?:school|lessons?|class\w*|at least|a day|"
     r"one day|days|\w+ days|appointments?|meals?|breakfast|out|her|his|their|the|some|a lot|loads|sessions?|"
     r"training|contact|work|college))[^.]{0,60}?\b(?:now|since|tonight|today|this "
     r"(?:morning|afternoon|evening)|last night|hours|nobody knows|no-?one knows)\b"
     r"|\b(?:hasn't|has not|didn't|did not|never)\s+(?:come|came|got|gone|arrived)\s+(?:back\s+)?(?:home|back|in)\b[^.]{0,40}"
     r"\b(?:last night|tonight|yesterday|since)\b|\bno(?:body|\s+one|-one)\s+knows where (?:he|she|they) (?:is|are)\b"),
    ("a plan to end their life",
     r"\b(?:plan\w*|going|gonna|decided|want\w*|intend\w*|about)\s+to\s+(?:end (?:it|it all|(?:his|her|their|my) life)|"
     r"take (?:his|her|their|my) (?:own )?life|not be (?:here|around)|kill (?:himself|herself|themselves|myself)|"
     r"jump|hang)\b|\b(?:written|wrote|writing|left) (?:a\s+)?(?:goodbye|farewell|suicide) (?:note|letter|message)s?\b"
     r"|\b(?:won't|will not|not going to) be (?:here|around|alive) (?:tomorrow|tonight|by|after|next)\b"
     r"|\bsaying goodbye to (?:everyone|friends|people)\b[^.]{0,60}\b(?:given|giving) away\b"
     # session 13 (tuning 12): a message that says sorry and goodbye together ("messages she sent everyone an hour ago
     # saying sorry and goodbye", "her story says goodbye and sorry", "texted 'sorry. goodbye'", "sorry for everything
     # and bye"); not a goodbye card "saying sorry she was leaving", nor "sorry we missed you, goodbye"
     r"|\b(?:sent|sending|posted|posting|wrote|written|left|messag\w*|msgs?|texts?|texted|notes?|letters?|posts?|story|"
     r"status|snaps?|says|saying|dms?)\b[^.]{0,80}?(?:\bsorry(?: for everything| to " + _FAMILY_SAID_TO + r"(?: and "
     + _FAMILY_SAID_TO + r")?| (?:mum|dad|mam|everyone|all|guys))?\W{0,3}(?:and |& )?(?:good[\s-]?)?bye\b|"
     r"\b(?:good[\s-]?)?bye\W{0,3}(?:and |& )?sorry\b(?! (?:to|for) (?:go|leav|miss)))"
     # session 13 (tuning 13): a young person up high now with words of giving up ("im at the top of the multistorey ...
     # i cant do another season, sorry for letting everyone down"), and their own tablets laid out ("theyre lined up on
     # my desk"); not an adult's "no point" in a car park, nor a dosette box or a carer's routine
     r"|" + _UP_HIGH + r"[^.]{0,150}(?:\.[^.]{0,150}){0,2}?" + _GIVING_UP + r"|" + _GIVING_UP + r"[^.]{0,150}(?:\.[^.]{0,150}){0,1}?"
     + _UP_HIGH
     + r"|\b(?:my|her|his)\s+(?:tablets|pills|meds|paracetamol|painkillers)\b[^.]{0,25}?\b(?:lined up|laid out|counted out)\s+"
     r"(?:on|next to|beside|in front of)\s+(?:my|her|his|me|him|the)\b" + _NOT_A_ROUTINE
     + r"|\b(?:lined up|laid out|counted out)\s+(?:all\s+)?(?:my|her|his)\s+(?:tablets|pills|meds|paracetamol|painkillers)\b"
     + _NOT_A_ROUTINE + r"|\b(?:my|her|his)\s+(?:tablets|pills|meds)\s+(?:are\s+|r\s+)?lined up\b" + _NOT_A_ROUTINE),
    ("a child about to be taken away",
     r"\b(?:taking|take|fly\w*|send\w*|sent|ship\w*|moving|move|get\w*)\s+(?:him|her|them|the (?:girls?|boys?|child|"
     r"kids?|children|baby|twins))\s+(?:away|abroad|out of the country|back (?:home|to \w+)|to (?:pakistan|somalia|nigeria|sudan|egypt|"
     r"the gambia|gambia|sierra leone|ethiopia|eritrea|yemen|iraq|india|bangladesh|\w+stan))\b[^.]{0,60}?\b"
     r"(?:tonight|tomorrow|today|this (?:weekend|week|evening)|on (?:friday|saturday|sunday|monday)|in the morning|"
     r"next (?:week|few days)|soon|flight|ticket|passport|packed|packing)\b"
     r"|\b(?:booked|bought|got|getting|booking)\s+(?:him|her|them)\s+(?:a\s+|on\s+a\s+)?(?:one[\s-]way\s+(?:flights?|"
     r"plane tickets?|tickets?)|(?:flights?|plane tickets?|tickets?)\b[^.]{0,60}?\b(?:abroad|away|out of the country|back "
     r"home|to marry|(?:to|for) (?:a |the |her |his )?(?:wedding|marriage|ceremony|cutting)|one[\s-]way|(?:doesn't|does not|"
     r"don't|do not) want|won't let))"),
    ("a child injured and not being treated now",
     r"\b(?:bleeding (?:heavily|a lot|badly|everywhere)|won't stop bleeding|can't (?:move|put weight on|use) (?:his|her|their) "
     r"(?:arm|leg|wrist|ankle)|(?:(?:head|skull) (?:injury|wound)|(?:hit|bang\w*|bash\w*|knock\w*) (?:his|her|their) head)[^.]{0,60}\b(?:vomit\w*|being sick|drowsy|confused)|"
     r"badly (?:burnt|burned|scalded)|(?:obviously |clearly )?broken (?:arm|leg|wrist|bone)|(?:arm|wrist|leg|ankle|elbow)"
     r"(?:'s| is| looks) (?:obviously |clearly )?broken|(?:arm|wrist|leg|ankle|elbow)"
     r"(?:'s| is| looks| has been| was)? (?:really |"
     r"very )?(?:swollen and )?(?:bent|deformed|at (?:a|an) (?:funny|odd|weird|strange|awkward) angle))\b[^.]{0,80}?"
     r"(?:\.[^.]{0,120}?)?"
     r"\b(?:not (?:been )?(?:taken|seen)\b(?!\s+into theatre)|(?:hasn't|haven't|has not|have not) been (?:taken|seen)|refus\w* to (?:take|call)|won't (?:take|call)|no "
     r"(?:doctor|hospital|ambulance)|(?:not|never) (?:to|been to) (?:a\s+)?(?:doctor|hospital|a&e)|(?:nobody|no-?one|no one|"
     r"(?:hasn't|has not|haven't|have not|didn't|did not|isn't|is not|'s not|not)) (?:\w+ )?(?:took|taken|taking|take|brought) "
     r"(?:him|her|them) (?:in |)?to (?:a |the )?(?:hospital|a&e|doctors?|gp|minor injuries))"),
    ("a child with signs of poisoning or collapse now",
     r"\bpinpoint pupils\b|\bonly (?:opening (?:his|her|their) eyes|responding|rousable|rousing) to pain\b"
     r"|\bresp(?:iration|irations|s)?\b[^.]{0,20}\b(?:slow|shallow|laboured)\b|\bgcs (?:of )?(?:[3-9]|1[0-2])\b"
     r"|\bunrousable\b|\bnot responding to (?:his|her|their) name\b"),
    ("a carer collapsed or too intoxicated to care, with a young child",
     r"\b(?:slumped|passed out|collapsed|can't stand(?: up)?|can barely stand|unconscious|out cold|comatose|incoherent|"
     r"can't hold a conversation|too (?:drunk|high|out of it) to)\b[^.]*(?:\.[^.]*){0,2}?" + _YOUNG
     + r"|" + _YOUNG + r"[^.]*(?:\.[^.]*){0,2}?\b(?:slumped|passed out|collapsed|can't stand(?: up)?|unconscious|out cold|"
     r"comatose|incoherent|too (?:drunk|high|out of it) to)\b"),
    ("young children alone behind a door nobody answers",
     r"\bno (?:answer|one answer\w*|adult answer\w*|reply)\b[^.]*(?:\.[^.]*)?\b(?:cry\w*|scream\w*|sobbing|wailing)\b"
     r"|\b(?:cry\w*|scream\w*|sobbing|wailing)\b[^.]*(?:\.[^.]*)?\bno (?:answer|one answer\w*|adult answer\w*|reply)\b"),
    ("a young person with someone who may harm them, now",
     r"\b(?:right now|now|at the moment)\b[^.]{0,120}(?:\.[^.]{0,80})?\b(?:older|adult|grown)?\s*(?:man|men|guy|bloke|lad)s?"
     r"\b[^.]{0,40}\b(?:car|van)\b|\b(?:man|men|guy|bloke)\b[^.]{0,40}\b(?:car|van)\b[^.]{0,80}(?:\.[^.]{0,80})?"
     r"\b(?:right now|now|at the moment)\b"),
    ("a child held under water or smothered",
     r"\b(?:push\w*|hold\w*|held|forc\w*|dunk\w*|keep\w*|kept|shov\w*)\s+(?:[\w']+\s+){0,4}?(?:him|her|them|head|face)\s+"
     r"(?:back\s+)?under(?:\s+the)?(?:\s+water|\s+the\s+bath|\s+again)?\b(?!\s+(?:control|the\s+(?:table|bed|desk|covers)))"
     r"|\b(?:pillow|cushion|hand)\s+(?:\w+\s+){0,2}?over\s+(?:his|her|their|the\s+baby's)\s+(?:face|mouth|nose)\b"),
    ("a threat to the child or their family, if they do not do as told",
     r"\bif (?:i|u|you|he|she|they|we) (?:don't|dont|do not|won't|wont|doesn't|doesnt|refuse\w*|tell\w*|say\w* anything|"
     r"grass\w*|snitch\w*)\b[^.]{0,80}?\b(?:(?:know|knows|no) where (?:i|u|you|we|he|she|they|my \w+|(?:his|her|their|your|ur) "
     r"\w+) (?:lives?|stays?|sleeps?)|(?:will|'ll|gonna|going to) (?:(?:hurt|come for|beat up|batter) (?:me|u|you|him|her|them|"
     r"my \w+|(?:his|her|their|your|ur) \w+)|get (?:me|u|you|him|her|them|my \w+|(?:his|her|their|your|ur) \w+)"
     r"(?=\s*(?:[,.;!?']|$|and\b|if\b))))"
     r"|\b(?:know|knows|no) where (?:i|u|you|we|he|she|they|my \w+|(?:his|her|their|your|ur) \w+) (?:lives?|stays?|sleeps?)\b"
     r"[^.]{0,60}?\bif (?:i|u|you|he|she|they|we) (?:don't|dont|do not|won't|wont|doesn't|doesnt|refuse\w*|tell\w*)\b"
     r"|\b(?:will|'ll|'d|would|gonna|going to) (?:hurt|come for|beat up|batter) (?:me|u|you|him|her|them|my \w+|(?:his|her|"
     r"their|your|ur) \w+)\b[^.]{0,40}?\b(?:if|unless) (?:i|u|you|he|she|they|we) (?:don't|dont|didn't|didnt|do not|won't|"
     r"wont|doesn't|doesnt|stop\w*|tell\w*|keep\w*|go\b)"),
    ("female genital mutilation about to happen",
     FGM_CUE + r"[^.]{0,200}?(?:\.[^.]{0,200}?){0,2}?\b" + _SOON + r"|\b" + _SOON + r"[^.]{0,200}?(?:\.[^.]{0,200}?){0,2}?"
     + FGM_CUE),
    # the second reader's text-speak cases: "shes been fittin for 10 mins", "dad is stabbin mum"
    ("a child fitting now and not stopping",
     r"\b(?:is|are|'s|has been|have been|been|keeps?|still)\s+(?:fitting|having (?:a )?(?:fits?|seizures?)|seizing|"
     r"convulsing)\b[^.]{0,30}?\b(?:for (?:over |more than |about |nearly )?(?:[5-9]|\d\d|five|six|seven|eight|nine|ten|"
     r"fifteen|twenty) (?:mins?|minutes)|won't stop|will not stop|isn't stopping|not stopping|hasn't stopped)\b"),
    ("violence happening now",
     r"\b(?:is|are|'s|'re)\s+(?:stabbing|strangling|throttling|battering|choking|attacking|smothering)\s+"
     r"(?:him|her|them|me|mum|dad|the (?:baby|child|kids?|boy|girl)|his|her|their)\b"),
    # tuning 7's kinds, as the second reader narrowed them: violence heard in the home now (heard at this moment, or
    # heard with the practitioner still at the door), and a threat said as the child leaves for home
    ("violence heard in the home now",
     r"\bcan\s+(?:still\s+)?hear\b[^.]{0,80}?(?:\.\s*[^.]{0,40}?)?(?:" + _VOICES + r"[^.]{0,80}?(?:\.\s*[^.]{0,40}?)?"
     + _IMPACT + r"|" + _IMPACT + r"[^.]{0,80}?(?:\.\s*[^.]{0,40}?)?" + _VOICES + r")"
     r"|" + _HEARD_VIOLENCE + r"[\s\S]{0,200}?(?:\b(?:just now|right now|a (?:minute|moment) ago|moments ago)\b|\b(?:I'm|I am|we're|"
     r"we are)\s+(?:still\s+)?(?:sat\s+|sitting\s+|parked\s+|waiting\s+|stood\s+|standing\s+)?(?:outside|in (?:the|my) car|"
     r"at the (?:door|gate)|on the (?:doorstep|landing)))"),
    ("a threat to the child for when they get home",
     r"\b(?:you\s+|just\s+|u\s+)?wait\s+(?:till|until|til|'til)\s+(?:we|I|your\s+(?:step-?)?(?:dad|daddy|mum|mummy|father|"
     r"mother)|(?:step-?)?(?:dad|daddy|mum|mummy)|he|she)\s+gets?\s+(?:you\s+)?(?:home|back|in)\b"
     r"(?![^.]{0,80}\b(?:present|surprise|love|lovely|bought|puppy|kitten|certificate|proud|treat|cake|party|news|"
     r"see (?:your|what)|show (?:him|her|them|dad|mum)|tell (?:him|her|them|dad|mum) (?:about|the good))\b)"
     r"|\byou(?:'re| are|re)\s+(?:in for it|dead|gonna get it|going to get it|for it)\s+when\s+(?:we|you|I)\s+get\s+"
     r"(?:you\s+)?(?:home|back|in)\b"),
    # tuning 9's: a child forced into a vehicle in front of the practitioner
    ("a child taken by force now",
     r"\b(?:man|men|lads|boys|guys|someone|somebody|stranger|strangers|people|they|two|three|four|older|group)\b[^.]{0,100}?"
     r"\b(?:grab\w*|bundl\w*|shov\w*|push\w*|dragg?\w*|forc\w*|pull\w*|throw\w*|threw|put)\s+(?:him|her|them|the (?:little )?(?:boy|"
     r"girl|child|kid|lad|lass)|one of (?:our|the|my) \w+|my (?:student|pupil)|\w+)\s+(?:into|in)\s+(?:the back of )?(?:a|the|an|"
     r"their|his) (?:\w+ )?(?:van|car|vehicle|motor|taxi|lorry|audi|bmw|merc\w*)\b"
     r"|\b(?:was|been|being|got)\s+(?:just\s+)?(?:bundl|dragg|forc|push|shov|pull|thrown)\w*\s+(?:in|into)\s+(?:the back of )?"
     r"(?:a|the|an|their|his) (?:\w+ )?(?:van|car|vehicle|motor|taxi|lorry)\b"),
    # session 14 (tuning 16): a child being taken now by someone kept from them ("just walked off the ward carrying her,
    # staff say hes the dad who isnt allowed near her"); a contact order or a handover as agreed is not
    ("a child being taken by someone not allowed near them, now",
     _TAKING_NOW + r"[^.]{0,200}(?:\.[^.]{0,200})?" + _KEPT_AWAY + r"|" + _KEPT_AWAY + r"[^.]{0,200}(?:\.[^.]{0,200})?"
     + _TAKING_NOW),
    ("a child in immediate danger",
     r"\b(?:immediate|imminent|serious) (?:danger|risk|harm)\b|\bin danger\b|\bcall(?:ed|ing)? (?:999|the police)\b"
     r"|\bbeing (?:beaten|attacked|hurt|hit|assaulted|raped) (?:right )?now\b|\blocked (?:in|out)\b[^.]{0,40}\b" + _NOW),
]
_COMPILED = [(kind, re.compile(pattern, re.I)) for kind, pattern in _PATTERNS]
_NOT_DANGER = re.compile(
    r"\b(?:not|no|isn't|is not|wasn't|nobody|no-one|no one)\s+(?:in\s+)?(?:any\s+)?(?:immediate\s+)?(?:danger|risk)\b"
    r"|\b(?:not|isn't|is not)\s+(?:an?\s+)?emergency\b", re.I)


# Words that may mean danger now but may not: the conversation asks "Is the child in immediate danger right now?"
# there and then (and "not sure" gets the act-now steps). Never decided silently either way.
_DOUBTS: list[tuple[str, str]] = [
    ("drowsy or unwell after medicine, drugs or alcohol",
     r"\b(?:drowsy|sleepy|dozy|out of it|spaced out|vomiting|being sick|dizzy|wobbly|confused)\b[^.]{0,100}?\b(?:medicine|"
     r"medication|calpol|piriton|antihistamine|sleeping|pills?|tablets?|drugs?|weed|cannabis|edibles?|gumm(?:y|ies)|"
     r"methadone|alcohol|vodka|wine|beer|cider|drink)\b"
     r"|\b(?:medicine|medication|calpol|piriton|sleeping (?:pills?|tablets?)|pills?|tablets?|drugs?|weed|cannabis|edibles?|"
     r"gumm(?:y|ies)|methadone|alcohol|vodka|wine|beer|cider)\b[^.]{0,100}?\b(?:drowsy|sleepy|dozy|out of it|spaced out|"
     r"vomiting|being sick|dizzy|wobbly|confused)\b"),
    ("shouting or banging heard now",
     r"\bcan\s+(?:still\s+)?hear\b[^.]{0,60}?\b(?:shout\w*|scream\w*|yell\w*|bang\w*|bellow\w*|crash\w*)\b"),
    # heard, with no word saying it is still happening: the sure sign needs one (danger_signs)
    ("violence heard in the home", _HEARD_VIOLENCE),
    ("locked in or out", r"\blocked (?:in|out|inside|outside)\b|\blocks? (?:him|her|them) (?:in|out)\b"),
    ("a young child on their own", _YOUNG + r"[^.]{0,80}\b(?:alone|on (?:his|her|their) own|by (?:him|her)self|unattended)\b"
     r"|\b(?:alone|on (?:his|her|their) own|unattended)\b[^.]{0,60}" + _YOUNG),
    ("a child afraid of someone at home",
     r"\b(?:scared|afraid|frightened|terrified|petrified)\b[^.]{0,40}\b(?:of (?:going|getting) home|what (?:will|'ll|"
     r"might) happen (?:at home|when (?:he|she|they) gets? home)|of (?:his|her|their) (?:dad|mum|step\w*|mother|father|"
     r"brother|uncle|partner))\b"),
    ("a carer who may be unfit to care now",
     r"\b(?:drunk|slurring|smell\w* (?:strongly )?of (?:alcohol|drink|booze|cannabis|weed)|off (?:his|her) face|"
     r"intoxicated|under the influence|passed out|stoned|high)\b"),
    ("someone who may harm the child is near",
     r"\b(?:non[- ]molestation|restraining|protection) order\b|\b(?:not allowed|isn't allowed|shouldn't be) "
     r"(?:near|to see|contact)\b"),
]
_COMPILED_DOUBTS = [(kind, re.compile(pattern, re.I)) for kind, pattern in _DOUBTS]


@dataclass(frozen=True)
class DangerSign:
    kind: str
    words: str


_HISTORY = re.compile(r"\b(?:(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th))\s+time|(?:two|three|four|five|several|many|\d+)"
                      r"\s+times|last (?:week|month|year|term)|(?:weeks|months|years) ago|in the past)\b", re.I)
_NOW_RE = re.compile(r"\b" + _NOW + r"\b", re.I)
# A history of being left alone or wandering is NG76 1.3.37 (supervision), not danger now, unless said to be now.
_HISTORY_KINDS = {"a young child left alone", "a very young child unsupervised in danger", "a child taken by force now",
                  "a child being taken by someone not allowed near them, now"}


def told_as_history(text: str) -> bool:
    """The words tell of past occasions ("several times", "the third time") and nothing says it is happening now."""
    return _history_not_now(restore(text))


def _history_not_now(restored: str) -> bool:
    return bool(_HISTORY.search(restored)) and not _NOW_RE.search(restored)


def danger_signs(text: str) -> list[DangerSign]:
    """Every immediate-danger pattern the text matches, in the order of the list above."""
    text = restore(text)
    if _NOT_DANGER.search(text) and not any(p.search(text) for k, p in _COMPILED[:-1]):
        return []
    history = _history_not_now(text)
    signs = []
    for kind, pattern in _COMPILED:
        if history and kind in _HISTORY_KINDS:
            continue
        match = next((m for m in pattern.finditer(text) if not _excused(kind, m, text)), None)
        if match:
            signs.append(DangerSign(kind, match.group(0).strip()))
    return signs


def _excused(kind: str, match: re.Match, text: str) -> bool:
    """A match the words around it excuse: a goodbye for a move, a trip or a lesson; a child taken by nan, staff or mum
    while someone else is kept away, or handed over as agreed."""
    if kind == "a child being taken by someone not allowed near them, now":
        taking = _TAKING_VERB.search(match.group(0))
        at = match.start() + (taking.start() if taking else 0)
        start, end = sentence_bounds(text, match.start(), match.end())
        before = text[max(0, at - 40):at]
        witnessed = bool(taking and _WITNESSING.match(taking.group(0)))  # "I've just seen her dad walking out with her"
        return bool((_SAFE_TAKER.search(before) and not witnessed) or _TAKEN_BEFORE.search(before)
                    or _AS_AGREED.search(text[start:end]))
    if kind != "a plan to end their life" or not _GOODBYE.search(match.group(0)):
        return False
    start, end = sentence_bounds(text, match.start(), match.end())
    return bool(_EVERYDAY_FAREWELL.search(text[start:end]))


def first_danger_sign(text: str) -> Optional[DangerSign]:
    signs = danger_signs(text)
    return signs[0] if signs else None


def danger_doubts(text: str) -> list[DangerSign]:
    """Words that may mean immediate danger, when no sure sign was found: the conversation must ask."""
    text = restore(text)
    if danger_signs(text) or _NOT_DANGER.search(text):
        return []
    found = []
    for kind, pattern in _COMPILED_DOUBTS:
        match = pattern.search(text)
        if match:
            found.append(DangerSign(kind, match.group(0).strip()))
    return found
