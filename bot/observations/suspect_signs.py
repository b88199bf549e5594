"""Explicit patterns for a few 'suspect' and special-route findings that the classifier has missed in independent text.

A floor under the trained model, as ``danger.py`` is for immediate danger: each pattern names the label it
stands for, and the mapper applies that feature's guideline conditions (age, persistence) exactly as it does
for the classifier's labels. Kept to findings where a miss lowers the level a practitioner is told: sexual
behaviour in young people (1.3.20, or 1.3.21 before puberty), tampering with a child's samples or treatment
(fabricated or induced illness, 1.3.44) or insisting on an illness the tests contradict, a child left in pain or
unwell without medical help (1.3.40), a child whose caring keeps them from school (1.3.18), two signs of
exploitation together (trafficking, 1.3.47), and a physical injury (the injury route: outside NG76, never
"nothing found"; any injury to a baby who cannot yet move about; an injury whose explanation does not fit or
for which help came late), unless the practitioner saw the accident. And a few 'consider' features whose everyday
wording the classifier missed in independent text: self-harm named (1.3.16), a parent refusing a private word
(1.3.36), an injury or ingestion while unsupervised (1.3.38), prescribed treatment not given (1.3.39), "a
different kid" (1.3.12). Since issue 15's fourth tuning set: a child kept as a servant (a sign of exploitation),
episodes only a parent has seen (1.3.44), long-lasting tooth or ear pain (1.3.40), a torn frenulum (injury), an
older child making others undress (1.3.20), violence the children saw or heard and a carer's inappropriate
expectations of a baby (1.3.31), what a practitioner sees of FGM (1.3.8).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from bot.observations.textspeak import plain_sentences, restore

_IMAGES = (r"(?:nudes?|naked (?:pictures?|photos?|pics|selfies|images|videos?)|sexual (?:pictures?|photos?|images|videos?)|"
           r"explicit (?:pictures?|photos?|pics|images|videos?)|(?:pictures?|photos?|pics|selfies) (?:of (?:herself|himself|"
           r"themselves) )?(?:naked|undressed|topless|in (?:her|his) underwear)|(?:rude|dirty|sexy) (?:pictures?|photos?|pics|"
           r"selfies))")
# how many partners a young person says they have had ("like 6 or 7 lads", "eight different boys"): three or more
_MANY_PEOPLE = (r"(?:like\s+|about\s+|around\s+|over\s+)?(?:[3-9]|1\d|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                r"several|loads of|lots of|so many|['‘\"“]?a few['’\"”]?|(?:[3-9]|three|four|five|six|seven|eight) (?:or|n|and|&|to) (?:[4-9]|1\d|four|five|six|"
                r"seven|eight|nine|ten))\s+(?:diff(?:erent)?\s+)?(?:lads|boys|men|guys|blokes|people|older (?:lads|boys|men))")
_PATTERNS: list[tuple[str, str]] = [
    ("1.3.20",
     r"\b(?:send|sending|sent|sends|share|sharing|shared|swap\w*|post\w*)\s+(?:\w+\s+){0,4}?" + _IMAGES
     + r"|\b(?:pressur\w*|mak\w*|made|forc\w*|ask\w*|push\w*|coerc\w*|nag\w*|beg\w*|badger\w*|on at)\b[^.]{0,50}?"
     r"\b(?:send|for|take)\b[^.]{0,25}?(?:" + _IMAGES + r"|pics|pictures|photos)"
     + r"|\b(?:show\w*|play\w*|put\w* on)\s+(?:\w+\s+){0,4}?(?:porn\w*|sex (?:videos?|films?)|rude (?:videos?|films?))\b[^.]{0,80}?"
     r"\b(?:younger|little (?:ones|kids|children)|small (?:children|kids)|[2-7][\s-]*(?:and \d )?(?:year[\s-]*olds?|yos?)|"
     r"reception|nursery|infants?)"
     # session 13 (tuning 13): a young person with many sexual partners ("been with like 6 or 7 lads this month, some
     # of them I dunno their names")
     r"|\b(?:slept|sleeping|had sex|having sex|hooked up|shagged)\s+(?:with|w)\s+" + _MANY_PEOPLE + r"\b(?![^.]{0,40}\b(?:in "
     r"the (?:room|tent|dorm)|sleepovers?|residential|camp|trip))"
     r"|\bbeen\s+with\s+" + _MANY_PEOPLE + r"\b[^.]{0,80}?(?:\.[^.]{0,80}?)?\b(?:(?:(?:don'?t|doesn'?t|didn'?t|not)\s+"
     r"(?:even\s+|always\s+|really\s+)?know|dunno)\s+(?:all\s+|some\s+of\s+)?(?:their|the|his)\s+(?:real\s+|proper\s+|full\s+)?"
     r"names?|whoever|random)"
     r"|\bbeen\s+with\s+(?:so many|loads of|lots of|that many)\s+(?:lads|boys|men|guys|blokes)\b"),
    ("fii",
     r"\b(?:tamper\w*|interfer\w*|add\w*|put\w*|mix\w*|spik\w*|contaminat\w*|swap\w*|chang\w*|alter\w*|fiddl\w*|"
     r"water\w* down|dilut\w*)\b[^.]{0,40}?\b(?:(?:urine|blood|stool|poo|wee) (?:samples?|specimens?|results?|pots?)|"
     r"samples?|specimens?|(?:test|lab|blood) results|glucose readings?|readings|(?:tube|ng|peg) feeds?|feeding tube|"
     r"drip|(?:his|her|their) (?:line|feeds?|medication|medicine))\b"
     r"|\b(?:blood|sugar|salt|water)\b[^.]{0,20}\b(?:in|into)\b[^.]{0,15}\b(?:urine|wee|stool|sample|specimen|feeds?)\b"),
    ("1.3.40",
     r"\b(?:in (?:constant |a lot of |so much |terrible |real )?pain|crying (?:with|in) pain|in agony|toothache|"
     # session 13 (tuning 13): "screaming w ear pain for 3 wks"
     r"(?:ear|tooth|teeth|jaw)\s?(?:pain|ache)(?![^.]{0,80}\b(?:saw|seen|antibiotics|physio|booked|appointment|prescribed|"
     r"treated|treatment))|"
     r"(?:teeth|tooth|ears?|jaw) (?:has |have |had )?(?:been )?(?:hurt\w*|ach\w*|sore|painful|killing (?:him|her))|"
     r"(?:weeping|oozing|infected|smelly|pus-filled|festering) (?:sore|wound|cut|burn|ear)s?|abscess\w*|can't (?:eat|chew|walk|"
     r"sleep) (?:for|because of) (?:the )?pain|(?:sore|wound|cut|burn|ulcer|rash)s?\b[^.]{0,30}\b(?:weeping|oozing|infected|"
     r"smell\w*|festering|pus))\b[^.]{0,200}(?:\.[^.]{0,200})?\b(?:for (?:days|weeks|months|ages|a week|a month|"
     r"over a week|\w+ (?:days|weeks|wks|months|mths))|not (?:been )?(?:taken|seen)|(?:hasn't|haven't|has not|have not) been "
     r"(?:taken|seen|treated)|no (?:doctor|gp|dentist|treatment|medical (?:help|advice))|never (?:been )?(?:taken|seen)|"
     r"won't take|refus\w* to (?:take|get)|not (?:had|getting) (?:it )?(?:seen|looked at|treated)|"
     r"(?:at least|over|more than|nearly|almost) (?:two|three|four|five|six|\d+|a few|several|a couple of) (?:days|weeks|months)|"
     r"(?:hasn't|haven't|didn't|won't|not) (?:had time to |bothered to |got round to )?(?:take|book|bring|get) (?:him|her|them|"
     r"it) (?:to|in|seen|looked at))"),
    ("injury",
     r"\b(?:scald\w*|burns?|burnt|burned|bruis\w*|fractur\w*|broken (?:arm|leg|wrist|bone|ribs?|collarbone)|bite marks?|"
     r"fingertip (?:marks|bruises)|cigarette burns?|black eyes?|welts?|belt marks?|slap marks?|hand ?prints?|"
     r"grip marks?|torn frenulum|bald patch(?:es)?|(?:red|purple|blue|raised|long|linear|looped?|lash) (?:and \w+ )?marks?)\b[^.]{0,60}\b(?:on|to|across|around|behind)\s+(?:his|her|their|the "
     r"(?:baby|child|toddler)'s)\s+(?:\w+\s+)?(?:chest|face|cheeks?|ears?|neck|back|bottom|buttocks|thighs?|arms?|"
     r"legs?|hands?|feet|foot|head|scalp|torso|tummy|stomach|wrists?|ankles?|genitals?|body|palms?|fingers?|soles?|lips?|"
     r"mouth|eyes?|nose|hips?|shoulders?|knees?|shins?|elbows?|groin|forearms?|upper arms?|ribs|side|jaw|forehead)\b"),
    # any injury to a baby who cannot yet move about on their own (NICE's child maltreatment guideline)
    ("injury",
     r"\b(?:newborn|(?:[1-9]|1[0-9])[\s-]*(?:weeks?|wks?)[\s-]*old|[0-5][\s-]*(?:months?|mths?|mo)[\s-]*old|[0-5]/12|"
     r"(?:not yet|isn't|isnt|is not|can't|cannot)\s+(?:even\s+)?(?:crawling|rolling|mobile|crawl|roll|sitting|sit up)|"
     r"non-?mobile)\b[^.]{0,80}?\b(?:bruis\w*|"
     r"swollen|swelling|fractur\w*|broken|burn\w*|bleed\w*|screams? (?:when|if) (?:\w+ )?(?:moves?|moved|touch\w*|lift\w*|"
     r"pick\w*)|won't move (?:his|her|the) (?:(?:left|right) )?(?:arm|leg)|not moving (?:his|her|the) (?:(?:left|right) )?(?:arm|leg))"
     # session 13 (tuning 13): the injury told first and the baby's stage after ("L arm swollen, screams when you move
     # it ... he isn't even sitting unaided yet")
     r"|\b(?:swollen|swelling|fractur\w*|bruis\w*|screams? (?:when|if) (?:\w+ )?(?:moves?|moved|touch\w*|lift\w*))\b"
     r"(?![^.]{0,60}\b(?:vaccin\w*|injection|jabs?|teeth|teething|gums?))"
     r"[^.]{0,120}(?:\.[^.]{0,120}){0,2}?(?:\b(?:he|she)\s*|\b(?:he|she)'s\s+|\[NAME\]\s*)(?:isn't|isnt|is not|can't|cannot|not|doesn't|does not)\s+(?:even\s+)?"
     r"(?:crawling|rolling|sitting|sit up|mobile|crawl|roll)(?:\s+(?:unaided|on (?:his|her) own|up))?\s+yet\b"),
    ("1.3.21",
     r"\b(?:lying|lies|lay|lays|gets?|getting|climb\w*) on top of (?:other|another|younger|the other)? ?(?:children|child|kids?|"
     r"girls?|boys?|ones)\b[^.]{0,60}\b(?:moving|rubbing|humping|grinding|up and down|hips)"
     r"|\b(?:humping|humps|humped|simulat\w* sex|pretend\w* to have sex|acting out sex)\b[^.]{0,40}\b(?:other|another|younger)? ?"
     r"(?:children|child|kids?|girls?|boys?|friend|sibling|brother|sister)"
     # session 13 (tuning 12): sex acted out with dolls, teddies or toy figures, or a child humping or rubbing a toy on
     # their privates; not a doll rocked "up and down" in a pram, nor "humpty"
     r"|\b(?:dolls?|teddy|teddies|figures?|figurines?|toys?|barbies?|action m[ae]n)\b[^.]{0,100}?\b(?:groin|crotch|private "
     r"parts?|privates|willy|willies|fanny|genitals)\b[^.]{0,60}?\b(?:up and down|humping|rubbing|grinding)"
     r"|\b(?:dolls?|teddy|teddies|figures?|figurines?|toys?|barbies?)\b[^.]{0,40}?\bon top of (?:each other|one another)\b"
     r"[^.]{0,40}?\b(?:up and down|humping|grinding|rubbing(?! (?:off|out|away)))"
     r"|\b(?:dolls?|teddy|teddies|figures?|toys?|barbies?)\b[^.]{0,40}?\b(?:hump(?:s|ed|ing)?\b|having sex|have sex|do sex|"
     r"doing sex|sex with each other|sex noises)"
     r"|\bhump(?:s|ed|ing)? (?:his|her|the|a|their) (?:\w+ )?(?:teddy|teddies|doll|toy|cushion|pillow)"
     r"|\b(?:rubb\w*|press\w*)\b[^.]{0,30}?\b(?:teddy|doll|toy)\b[^.]{0,30}?\b(?:against|on|between) (?:her|his|their) "
     r"(?:privates|private parts|fanny|willy|genitals|crotch)"),
    # oral-genital contact with a doll (NG76 1.3.22's own example): a mouth or face to a doll's or figure's groin
    ("1.3.22",
     r"\b(?:dolls?|teddy|teddies|figures?|figurines?|toys?|barbies?)\b[^.]{0,80}?\b(?:face|mouth|lips|tongue)\b[^.]{0,30}?"
     r"\b(?:into|onto|against|on)\s+(?:the other(?: \w+)?(?:'s|s)?|its|the \w+(?:'s|s)?)\s+(?:groin|crotch|private parts?|"
     r"privates|willy|genitals|fanny)\b"
     r"|\b(?:mouth|lips|tongue|face)\b[^.]{0,15}?\b(?:on|onto|into|against|in)\s+(?:the|a|its|his|her)\s+(?:\w+\s+)?"
     r"(?:doll|teddy|figure|toy)['’]?s\s+(?:groin|crotch|privates|private parts|willy|genitals|fanny)"
     r"|\b(?:kiss\w*|lick\w*|suck\w*)\s+(?:the|a|its|his|her)\s+(?:\w+\s+)?(?:doll|teddy|figure|toy)['’]?s\s+(?:groin|"
     r"crotch|privates|private parts|willy|genitals|fanny|bits)"
     r"|\b(?:doll|teddy|figure|toy)['’]?s\s+(?:willy|privates|private parts|genitals)\b[^.]{0,20}?\bin (?:his|her|their) "
     r"mouth\b"),
]
# A parent insisting on an illness or disability that tests and observation contradict (1.3.44).
_PATTERNS.append(("fii",
     r"\b(?:insists?|insisting|convinced|adamant|keeps? (?:saying|telling us)|swears)\b[^.]{0,80}?\b(?:deaf|blind|"
     r"epilep\w*|seizures?|fits|allerg\w*|autis\w*|disabled|can't walk|ill|sick|diabet\w*|condition)\b[^.]*(?:\.[^.]*)?"
     r"\b(?:tests?|scans?|results?|bloods|abr|oaes?|hearing test|eeg|mri|x-?rays?|assessments?|examinations?)\b[^.]{0,30}?"
     r"\b(?:normal|clear|negative|fine|nothing (?:wrong|found)|no (?:sign|evidence))\b"))
# Alarming episodes a parent reports that nobody else has ever seen (1.3.44: "reported symptoms ... only
# appear when the parent or carer is present", "reported symptoms are unexplained by any known medical condition").
_EPISODES = (r"(?:stops?|stopped|stopping) breathing|(?:goes|went|going|turns?|turned|turning) blue|fits?|fitting|"
             r"seizures?|collaps\w*|faint\w*|vomit\w* blood|black[\s-]?outs?|funny turns?|"
             r"(?:breathing|choking|apnoea|apnea|blue|dizzy) (?:attacks|episodes|spells)")
_PARENT_REPORTS = (r"\b(?:mum|dad|mother|father|parents?|carers?|step-?(?:mum|dad))\b[^.]{0,40}?\b(?:says?|said|reports?|"
                   r"reported|reporting|claims?|claimed|describes?|described|insists?|insisted|tells us|told us|rang|rings|"
                   r"phoned|phones|calls?|called|brought|brings|took|takes|keeps? (?:bringing|ringing|calling))\b")
_UNWITNESSED = (r"(?:never|not once)\s+(?:been\s+)?(?:seen|witnessed)\s+by\s+(?:anyone|anybody|staff|us|(?:a|the|any)\s+"
                r"(?:doctors?|nurses?|professionals?|paramedics?|staff))|(?:nobody|no one|no-one|no other adult|none of us)\s+"
                r"(?:else\s+)?(?:has\s+)?(?:ever\s+)?(?:seen|saw|witnessed)|only (?:ever )?(?:seen|witnessed|happen\w*) "
                r"(?:by|when|with) (?:mum|dad|her mum|his mum|the mother|the father|a parent|the parent)|(?:monitor|alarm) "
                r"(?:has )?(?:never|not once|hasn't|has not) (?:alarmed|gone off|sounded|picked)")
_PATTERNS.append(("fii",
     _PARENT_REPORTS + r"[^.]{0,120}?\b(?:" + _EPISODES + r")\b[^.]{0,200}(?:\.[^.]{0,200}){0,2}?\b(?:" + _UNWITNESSED
     + r")\b"))
# Tried only when the text says nobody else saw it: the long pattern costs 100 ms on a 5,000-character message.
_ONLY_IF = {len(_PATTERNS) - 1: re.compile(r"\b(?:" + _UNWITNESSED + r")\b", re.I)}
# A child whose caring stops them going to school (1.3.18): minding brothers and sisters or a parent instead.
_PATTERNS.append(("1.3.18",
     r"\b(?:minds?|minding|looks? after|looking after|cares? for|caring for|babysit\w*|in charge of)\s+(?:\w+\s+){0,3}?"
     r"(?:siblings?|brothers?|sisters?|baby|babies|toddlers?|little ones|(?:her|his|their) (?:mum|dad|mother|father|nan|gran)|"
     r"them)\b[^.]{0,80}?\b(?:instead of (?:going to )?(?:school|college)|(?:not|isn't|hasn't been|never) (?:in|at|going to) "
     r"(?:school|college)|miss\w* (?:school|lessons|college)|off school|can't (?:go to|get to) school)"
     r"|\b(?:instead of (?:going to )?school|off school)\b[^.]{0,60}?\b(?:minds?|minding|looks? after|looking after|"
     r"cares? for|caring for)\b"))
# A torn frenulum (the fold inside the lip or under the tongue): an oral injury NICE's child maltreatment
# guideline names, whatever the age.
_PATTERNS.append(("injury",
     r"\b(?:torn|tear(?:ing)? (?:of|to|in)|ripped)\s+(?:the\s+|(?:his|her|their)\s+)?(?:upper\s+|lower\s+)?"
     r"(?:lip\s+|labial\s+|lingual\s+|tongue\s+)?fren(?:ulum|um)\b|\bfren(?:ulum|um)\s+(?:is\s+|was\s+|has been\s+|looks\s+)?"
     r"(?:torn|ripped)\b"
     # session 13 (tuning 12): the upper lip's frenulum described ("the little bit of skin under the lip is torn", "the
     # skin that joins his top lip to his gum is torn"); not a split or chapped lip, a cold sore, or a tongue tie snipped
     r"|\b(?:skin|fold|flap|web)\b[^.]{0,25}?\b(?:under|inside|behind|beneath|joins|joining) (?:the|her|his|their) "
     r"(?:(?:top|upper) )?lip\b(?! to (?:the|her|his|their) chin)[^.]{0,30}?\b(?:is |was |has been |looks )?(?:torn|ripped|tore)\b"
     r"|\b(?:torn|ripped)\s+(?:the\s+)?(?:skin|fold|flap|web)\s+(?:under|inside|behind|beneath)\s+(?:the|her|his|their)\s+"
     r"(?:top|upper)\s+lip\b"))
# Developmentally inappropriate expectations of a baby or toddler (1.3.31): a carer who says the baby cries "on
# purpose", "to wind me up", or "needs to learn who's boss".
_INFANT = (r"(?:baby|babies|newborn|infant|toddler|\b\d{1,2}[\s-]*(?:days?|wks?|weeks?|months?|mths?)[\s-]*old|"
           r"\b(?:1|one|2|two)[\s-]*(?:yr|year)[\s-]*old|\b[12][\s-]*(?:yo|y/o))")
_PATTERNS.append(("1.3.31",
     r"\b" + _INFANT + r"\b[^.]{0,120}?\b(?:(?:doing it|does it|crying|cries|screaming|screams|wakes?|waking) (?:just )?"
     r"(?:on purpose|deliberately)|to wind (?:me|him|her|us|them) up|winding (?:me|him|her|us) up|(?:needs|has) to learn "
     r"(?:who's boss|(?:his|her) place|a lesson)|knows (?:exactly )?what (?:he|she)(?:'s| is) doing|(?:is )?manipulating (?:me|us|"
     r"him|her))"))
# What a practitioner sees of female genital mutilation (NG76 1.3.8): scarring, a closed or stitched opening,
# parts missing, in a girl's genital area, in either order.
_GENITAL = r"(?:genital(?:s| area)?|vulva\w*|vagina\w*|labia\w*|clitoris|private parts?|privates|down below|front bottom)"
_FGM_SIGN = (r"(?:scar\w*|fused|closed (?:up|over)?|partly closed|partially closed|stitch\w*|sewn|narrowed|missing|removed|"
             r"looks? (?:very |quite |really )?(?:different|abnormal|unusual)|not (?:as|what) (?:I'd|I would) expect)")
_PATTERNS.append(("fgm",
     r"\b" + _GENITAL + r"\b[^.]{0,80}?\b" + _FGM_SIGN + r"\b|\b" + _FGM_SIGN + r"\b[^.]{0,60}?\b(?:on|of|in|around|to) "
     r"(?:her|the) " + _GENITAL + r"\b"
     # "healed scarring where her labia should be"
     r"|\bscar\w*\b[^.]{0,30}?\bwhere (?:her|the) " + _GENITAL + r" (?:should|would|used to) be\b"))
# Session 14: a girl's "procedure", "operation" or "ceremony" told as the family's tradition or culture, with her
# genitals or passing urine named (NG76 1.3.8): "pain passing urine ... mum says it's from the procedure she had in the
# summer, it's our tradition". Tried only when a girl is spoken of and no boy: a boy's circumcision is not FGM.
_TRADITION = r"(?:(?:our|their|the family['’]?s?|family|a cultural|cultural|religious) (?:tradition|culture|custom)|tradition(?:al)?)"
_RITE = (r"(?<!naming )(?<!wedding )(?<!graduation )(?<!christening )(?<!tea )(?<!henna )\b(?:procedure|operation|ceremony)\b"
         r"(?![^.]{0,40}\b(?:ears?|nose|teeth|tooth|tonsils|eyes?|arm|leg|knee|hand|foot|hair|heart|pierc\w*|henna|naming|"
         r"wedding|christening|baptism|graduation)\b)")
_PATTERNS.append(("fgm",
     _RITE + r"[^.]{0,80}?\b" + _TRADITION + r"\b(?![^.]{0,40}\bpierc)"
     r"|\b" + _TRADITION + r"\b[^.]{0,60}?" + _RITE))
_ONLY_IF[len(_PATTERNS) - 1] = re.compile(
    r"^(?=.*\b(?:she|her|girls?|daughters?)\b)(?!.*\b(?:he|his|him|boy|son|brother)\b)(?=.*(?:\b" + _GENITAL
    + r"\b|\b(?:passing urine|weeing|when she wees|urinary)\b))", re.I | re.S)
# An adult giving the instruction (a coach, a nurse, a parent, staff) is not a young person's sexual behaviour.
_NOT_AN_ADULTS = (r"(?<!coach )(?<!teacher )(?<!leader )(?<!staff )(?<!nurse )(?<!doctor )(?<!mum )(?<!dad )(?<!mother )"
                  r"(?<!father )(?<!carer )(?<!instructor )(?<!lifeguard )(?<!midwife )(?<!parent )(?<!gp )")
# Session 14 (tuning 16): a carer's account of serious symptoms that tests and admissions do not bear out ("Paeds have
# done two EEGs and a video telemetry admission and seen nothing", "six A&E attendances since spring with nothing
# found"), with the carer reporting in the same message (fabricated or induced illness, NG76 1.3.44).
_PATTERNS.append(("fii",
     r"\b(?:EEGs?|ECGs?|scans?|MRIs?|x-?rays?|tests|investigations|telemetry|bloods|admissions?|observations|obs|monitor)\b"
     r"[^.]{0,80}?\b(?:(?:seen|found|shown|showed|shows|show|picked up|recorded|captured) nothing|found no (?:abnormality|cause)|"
     r"(?:all|both|were|was|came back) (?:normal|clear))\b"
     r"|\b(?:\d+|two|three|four|five|six|seven|eight|several|many|multiple)\s+(?:A&E|ED|hospital|emergency|GP|out[- ]of[- ]hours|"
     r"111)\s+(?:attendances|visits|admissions|trips|calls)\b[^.]{0,60}?\b(?:nothing (?:found|wrong)|no (?:cause|diagnosis|"
     r"explanation)|all (?:normal|clear)|never (?:found|seen|shown) anything)\b"))
# Tried only when a carer reports symptoms in the message, and says they come again and again (one fit with a fever and
# a normal EEG is not this).
_ONLY_IF[len(_PATTERNS) - 1] = re.compile(
    r"^(?=.*\b(?:mum|dad|mother|father|parents?|carers?)\s+(?:\w+\s+)?(?:says|say|said|saying|reports?|reported|reporting|"
    r"insists?|insisted|insisting|describes?|described|claims?|claimed|claiming|tells|told|telling|is adamant)\b[^.]{0,80}\b"
    r"(?:seizures?|fits?|fitting|faints?|stops breathing|stopped breathing|turns? blue|turning blue|went blue|collaps\w*|"
    r"faint\w*|blood|vomit\w*|pain|allerg\w*|reactions?|can't (?:eat|walk|breathe)))"
    # not when staff have seen the symptoms themselves, or a diagnosis or an injury accounts for them
    r"(?!.*\b(?:witnessed|staff (?:saw|have seen|seen)|(?:we|nurses?|staff)(?: have|['’]ve)? seen (?:him|her|it|them)|saw it too|"
    r"seen it too|diagnosed|confirmed an? \w+|is treating|being treated|sports injury|nothing broken|at first)\b)"
    r"(?=.*\b(?:every (?:day|night|morning)|daily|nightly|most (?:days|nights)|all the time|constantly|again|keeps|each time|"
    r"every time|different (?:story|symptom|thing)|(?:third|fourth|fifth|\d+(?:rd|th)) (?:call|time|visit)|several times|"
    r"\d+ times))", re.I | re.S)
# An older child making others undress or show themselves (1.3.20, or 1.3.21 before puberty, by the
# feature's own age condition).
_PATTERNS.append(("1.3.20",
     r"(?<!\bi )(?<!\bwe )" + _NOT_AN_ADULTS + r"\b(?:made|makes|making|make|forc\w*|got|gets|getting|get|dar(?:ed|es|ing)|"
     r"pressur\w*|push(?:es|ed|ing|in)?|persuad\w*|egg(?:s|ed|ing)? on)\s+(?:them|him|her|(?:(?:two|three|some|one|all) of )?"
     r"(?:(?:the|some|two|three|other|younger|little|smaller) )?(?:\w+ )?(?:ones|kids|children|boys|girls|lads|cadets|pupils|"
     r"players|campers|scouts|cubs|brownies|members))"
     # session 14 (tuning 14): "pushing younger cadets at the overnight exercise to show him their private parts"
     r"[^.]{0,70}?\s(?:(?:to|2)\s+)?(?:pull\w*|take|took|taking|show\w*|drop\w*)\s+(?:(?:him|her|them|me|each other)\s+)?"
     r"(?:down\s+|off\s+)?(?:their|there|his|her)\s+"
     r"(?:(?:shorts|pants|trousers|knickers|underwear|bottoms)\b(?!\s+(?:up|on)\b)(?![^.]{0,50}\b(?:put\w*|dry|trunks|"
     r"waterproofs|costumes?|inspection|bath\w*|shower\w*|wet|soaked|rash|check\w*|change\w*|changing|swim\w*|"
     r"toilet\w*|pyjamas|pj'?s|nappy|nappies)\b)|bits|private parts|privates|willy|willies|genitals)\b"
     # "tells them to pull their trousers down and show him": told to undress and show, or to show their privates;
     # not a doctor, nurse or parent ("the nurse told him to pull his trousers down and show her where the rash was")
     r"|\b(?<!doctor )(?<!nurse )(?<!gp )(?<!medic )(?<!mum )(?<!mother )(?<!dad )(?<!father )(?<!\bi )"
     r"(?:tells?|told|telling|orders?|ordered|ordering|asks?|asked|asking)\s+(?:them|him|her|\[NAME\]|(?:the|some|two|three|"
     r"other|younger|little) (?:\w+ )?(?:ones|kids|children|boys|girls)|(?:a|one of the|another) (?:younger |little |year \d+ )?"
     r"(?:boy|girl|kid|child))\s+to\s+(?:(?:pull|drop|take)\s+(?:down\s+|off\s+)?(?:their|his|her)\s+(?:shorts|pants|"
     r"trousers|knickers|underwear|bottoms|clothes)\s+(?:down\s+|off\s+)?(?:and\s+show\s+(?:him|her|them|everyone)"
     r"(?=\s*(?:[.,;:!?)]|$|and\b|or\b|if\b|otherwise\b))|so\s+(?:he|she|they)\s+(?:could|can)\s+(?:look|see|watch))|"
     r"show\s+(?:him|her|them)\s+(?:their|his|her)\s+(?:bits|private parts|privates|willy|willies|genitals))\b"))
# An injury whose explanation the practitioner doubts, or for which help was sought late (NICE's child
# maltreatment guideline: an explanation that does not fit, a delay in seeking help).
_INJURY_WORDS = (r"(?:bruis\w*|burns?|burnt|burned|scald\w*|fractur\w*|broken (?:arm|leg|wrist|bone|ribs?)|"
                 r"(?:swollen|deformed|misshapen) (?:\w+ )?(?:arm|leg|thigh|wrist|ankle|elbow|knee|forearm|shin|collarbone|"
                 r"cheek|eye|face|jaw)|black eye|marks? on (?:his|her|their) (?:\w+ )?(?:face|neck|back|arms?|legs?|body)|"
                 r"injur(?:y|ies)|head (?:injury|wound))")
_PATTERNS.append(("injury",
     r"\b" + _INJURY_WORDS + r"\b[^.]{0,200}(?:\.[^.]{0,200}){0,3}?\b(?:(?:doesn't|does not|didn't|did not|don't|do not) "
     r"(?:fit|match|add up|explain (?:it|the))|not happy with (?:the|his|her|their|that) (?:story|explanation|account)|"
     r"(?:story|explanation|account) (?:doesn't|does not|didn't|did not|don't) (?:fit|match|add up|make sense)|"
     r"(?:didn't|did not|don't|never) (?:ring|call|phone|bring (?:him|her|them) in|seek help) (?:till|until|for)|"
     r"(?:changing|changed|different) (?:stor(?:y|ies)|explanations?|accounts?)|"
     # a changed account, tied to the injury: "mum said something different, that his sister dropped him"
     r"(?:said|says|told \w+) something (?:different|else) (?:about (?:it|how|what happened|the \w+)|(?:, )?that (?:he|she|"
     r"they|his|her|the)\b)|"
     r"(?:story|explanation|account)\b[^.]{0,50}\b(?:keeps? changing|has changed|changes each time|different each time))"))
# An injury that needs a doctor (a fracture, a swollen or misshapen limb, a burn or scald, a head wound) for which
# the family sought no help, or sought it late: "his parents didn't take him to a doctor", "only brought him in at
# midnight". A bruise, a blister or a small burn is not here (many need no doctor), nor the practitioner's own "we
# didn't take her to a doctor, first aid given".
_NEEDS_A_DOCTOR = (r"(?:fractur\w*|broken (?:arm|leg|wrist|bone|ribs?|collarbone|finger|nose)|(?:swollen|deformed|misshapen) "
                   r"(?:\w+ )?(?:arm|leg|thigh|wrist|ankle|elbow|knee|forearm|shin|collarbone|cheek|eye|face|jaw)|"
                   r"(?<!small )(?<!little )(?<!tiny )(?<!minor )(?:burns?|burnt|burned|scald\w*)|head (?:injury|wound)|"
                   # session 13 (tuning 12): big blisters, and a fracture in a radiologist's shorthand ("spiral # mid-shaft")
                   r"(?:weeping|big|huge|massive|large|burst) blisters(?! (?:on|from|off) (?:(?:her|his|their|the|new|"
                   r"tight|a|some) ){0,2}(?:heels?|feet|foot|toes?|palms?|shoes|boots|trainers|walking|rowing|climbing))|"
                   r"(?:spiral|greenstick|buckle|displaced|transverse|oblique|supracondylar|metaphyseal|skull|rib|humeral|"
                   r"femoral|wrist|radial|ulnar)\s+#\s*(?:of\s+(?:the\s+)?)?[a-z]+)")
_A_DOCTOR = r"(?:(?:a|the|see a|see the) )?(?:doctor|gp|hospital|a&e|minor injuries|walk-in)"
_PATTERNS.append(("injury",
     r"\b" + _NEEDS_A_DOCTOR + r"\b[^.]{0,200}(?:\.[^.]{0,200}){0,3}?(?<!\bi )(?<!\bwe )(?<!\bstaff )\b(?:(?:didn't|did not|"
     r"never|haven't|hasn't|have not|has not|wouldn't|won't) (?:take|taken|took) (?:him|her|them) to " + _A_DOCTOR + r"|"
     r"(?:didn't|did not|never|haven't|hasn't|wouldn't|won't) (?:seek|sought|get|got) (?:any )?(?:medical )?(?:help|advice|"
     r"(?:him|her|them) seen)|waited (?:two|three|four|five|several|\d+|a few) (?:days|weeks) (?:before|to) (?:taking|take|"
     r"bringing|bring) (?:him|her|them)|only (?:brought|took) (?:him|her|them) in (?:at (?:midnight|night|\d+ ?(?:am|pm) "
     r"(?:the )?next)|the next (?:day|morning)|after (?:two|three|four|several|\d+|a few) days|(?:two|three|four|several|"
     r"\d+|a few) days later)|"
     # session 13 (tuning 12): "hasn't been to hospital or the GP", "she waited because he was still using it"
     r"(?:hasn't|has not|haven't|have not|hasnt|not) been (?:to|near|seen (?:at|by)) " + _A_DOCTOR + r"|"
     r"(?:she|he|they|mum|dad|parents?) waited (?:because|till|until|to see|a few days|(?:two|three|four|five|several|\d+) "
     r"days))\b"))
# Marks round a child's neck or throat (the injury route): what strangling or a ligature leaves; a love bite is not.
_PATTERNS.append(("injury",
     r"(?<!love bite )(?<!love-bite )(?<!lovebite )(?<!scratch )\b(?:marks?|bruis\w*|petechiae|fingermarks?)\s+(?:all\s+)?"
     r"(?:round|around|across)\s+(?:her|his|their|the)\s+(?:neck|throat)\b(?!,? (?:from|where) )"
     r"|\bfinger\s*(?:tip)?\s*(?:marks|bruises)\s+on\s+(?:her|his|their|the)\s+(?:neck|throat)\b"))
# Self-harm named (1.3.16): cutting, burning or overdosing themselves.
_PATTERNS.append(("1.3.16",
     r"\bself[\s-]*harm\w*|\bcutting (?:herself|himself|themselves|(?:her|his|their) (?:arms?|legs?|wrists?|thighs?|"
     r"stomach|tummy))\b|\b(?:fresh|new|deep|lots of|old|healing|superficial|several|multiple|lines of|neat) (?:cuts|"
     r"scratches|scars) (?:on|across|to|up) "
     r"(?:both |the tops of )?(?:her|his|their|both) (?:\w+ )?(?:arms?|legs?|wrists?|thighs?|forearms?|stomach|tummy)\b"
     # bare "cuts" too, unless an accident follows ("cuts on his arms from the brambles"; a blade is no accident)
     r"|\bcuts (?:on|across) (?:both |the tops of )?(?:her|his|their|both) (?:\w+ )?(?:arms?|wrists?|thighs?|forearms?)\b"
     r"(?!,? (?:from|after|off) (?!(?:a |the )?(?:razor|blade|sharpener|knife|where)))"
     r"|\b(?:deep |fresh |new )?cut (?:on|across) (?:her|his|their) (?:left |right )?wrists?\b"
     r"(?!,? (?:from|after|off) (?!(?:a |the )?(?:razor|blade|sharpener|knife|where)))"
     r"|\bburn(?:ing|s|ed|t)? (?:herself|himself|themselves)\b|\b(?:been )?(?:hurting|harming) (?:herself|himself|themselves)\b"))
# A parent or carer who refuses to let the child speak to a practitioner alone (1.3.36).
_ALONE = (r"(?:alone|on (?:her|his|their) own|by (?:her|him)self|(?:a )?1[:-]1|(?:a )?one[\s-]to[\s-]one|privately|in private|"
          r"without (?:her|him|them|mum|dad) (?:there|present|in the room))")
_PATTERNS.append(("1.3.36",
     r"\b(?:won't|will not|wouldn't|would not|refus\w*|declin\w*|doesn't|does not|never) (?:to )?(?:let|allow)\w* (?:me|us|anyone|"
     r"staff|the \w+) (?:to )?(?:see|speak to|talk to|talk with|speak with|be with) (?:her|him|them|the (?:girl|boy|child|"
     r"young person))\s+" + _ALONE
     + r"|\b(?:won't|will not|wouldn't|would not|refus\w* to|refused to) (?:leave|step out of|go out of) (?:the|our) "
     r"(?:room|consult\w*|assessment)"
     + r"|\b(?:refus\w*|declin\w*|won't (?:allow|agree to|let us do)|will not (?:allow|agree to))\b[^.]{0,30}\b(?:the |a |any )?"
     r"(?:1[:-]1|one[\s-]to[\s-]one|private (?:word|chat|consultation|conversation|part)|time alone)"))
# An injury or ingestion whose explanation shows the child was not supervised (1.3.38).
_HARMFUL_TO_DRINK = (r"(?:methadone|bleach|vodka|cider|spirits|whisky|gin|rum|alcohol(?![\s-]free)|vape (?:liquid|juice)|"
                     r"e-?cig(?:arette)? (?:liquid|juice)|washing (?:pods?|tablets|capsules)|cleaning \w+|white spirit|antifreeze|"
                     r"weedkiller|drain cleaner|dishwasher tablets?)(?![\w-])")
_PATTERNS.append(("1.3.38",
     # session 14 (tuning 15, narrowed by a second reader): "'had a swig' out of his methadone bottle he'd left on the
     # kitchen side", "a lick of a washing pod"; not the child's own medicine as given, not a taste of wine at Christmas,
     # not an adult's drink (an adult named just before: _ADULT_DRINKS)
     r"\b(?:had|took|taken|has had|having)\s+(?:a\s+)?['‘\"“]?(?:swig|sip|gulp|mouthful|drink|taste|lick)['’\"”]?\s+"
     r"(?:out\s+)?(?:of|from)\s+(?:(?:his|her|their|the|a|an|[\w-]+['’]s)\s+)?(?:(?:bottle|can|cup|glass|tub|pot|tin|"
     r"packet)\s+of\s+)?(?:\w+\s+)?" + _HARMFUL_TO_DRINK
     + r"|\b(?:gulped|swigged|swigging|sipped|sipping|licked|licking)\s+(?:down\s+)?(?:(?:some|a bit|most)\s+(?:of\s+)?)?"
     r"(?:from\s+)?(?:(?:his|her|their|the|a|an|[\w-]+['’]s)\s+)?(?:(?:bottle|can|cup|glass|tub|pot|tin)\s+of\s+)?"
     r"(?:\w+\s+)?" + _HARMFUL_TO_DRINK +
     r"|\b(?:drank|drunk|swallowed|ate|eaten|got (?:hold of|into)|ingest\w*|had some of)\s+(?:some (?:of )?|a |an )?"
     r"(?:(?:(?:his |her |their )?(?:mum|dad|nan|gran|grandad|grandma|brother|sister|parent|carer|uncle|aunt)'?s|"
     r"parents'|the|a|some|their) )?(?:\w+ )?"
     r"(?:methadone|tablets|pills|medicine|medication|bleach|cleaning (?:fluid|product)|washing (?:tablets|pods|capsules)|"
     r"vape (?:liquid|juice)|button batter(?:y|ies)|magnets|cannabis|weed|edibles?|drugs|alcohol|vodka|cider)\b"
     # "got the bleach from under the sink and drank some" (tuning 9)
     r"|\b(?:got|found|grabbed|reached for|reached|opened)\s+(?:the |some |a |his |her |[\w-]+'s )?(?:\w+ )?(?:methadone|"
     r"tablets|pills|medicine|medication|bleach|cleaning (?:fluid|product)|washing (?:tablets|pods|capsules)|vape (?:liquid|"
     r"juice)|button batter(?:y|ies)|magnets|cannabis|weed|edibles?)\b(?![^.]{0,60}\b(?:as prescribed|from the nurse|as "
     r"directed))[^.]{0,60}?\b(?:drank|drunk|swallowed|ate|chewed|had some|took some)\b"
     r"|\b(?:scald\w*|burn\w*|fell|fallen|fall|injur\w*)\b[^.]*(?:\.[^.]*)?\b(?:left (?:him|her|them) (?:alone|on (?:his|her|their) "
     r"own)|unsupervised|(?:nobody|no one|no-one) (?:was )?watching|(?:had )?(?:gone|went) out (?:to|for)|alone in the "
     r"(?:kitchen|bathroom|bath|house|flat))"))
# Prescribed treatment not given (1.3.39): the medicine there but not given, run out and not renewed.
_MEDICINE = (r"(?:prescri\w*|medicines?|medication|meds|tablets|inhalers?|insulin|creams?|ointments?|antibiotics|"
             r"epilepsy (?:meds|medication)|valproate|keppra|levetiracetam|eye ?drops|drops|enzymes|epipen|growth hormone|"
             r"treatment)")
_PATTERNS.append(("1.3.39",
     r"\b" + _MEDICINE + r"\b[^.]{0,60}?\b(?:(?:still|are|is|were|was) (?:sealed|unopened|in (?:the|their) (?:box|bag|packet)|"
     r"untouched)|(?:never|not|hasn't been|haven't been|wasn't|weren't) (?:been )?(?:collected|picked up|given|used|opened|"
     r"started)|ran out|run out|running out)"
     r"|\b(?:ran|run|running|has run|had run) out of (?:(?:his|her|their|the) )?" + _MEDICINE + r"\b"
     r"|\b(?:not|hasn't|haven't|has not|have not|hadn't|stopped|didn't|isn't|won't|refus\w* to|forg[eo]t\w* to)\s+(?:been\s+)?"
     r"(?:giv\w*|given|using|used|administer\w*|doing|done|putting on|put on)\s+(?:him|her|them)?\s*(?:his|her|their|the)?\s*"
     r"(?:\w+\s+)?" + _MEDICINE + r"\b"))
# A marked change in the child (1.3.12), in everyday words.
_PATTERNS.append(("1.3.12",
     r"\b(?:a|like a) (?:completely |totally )?different (?:kid|child|boy|girl|person|lad|young person)\b"
     r"|\b(?:personality|behaviour) (?:has )?(?:completely |totally |really )?changed\b|\bnot (?:him|her)self (?:at all )?"
     r"(?:lately|recently|since|for (?:weeks|a while|the last))\b"))
# A parent reporting a disability or illness the child is not seen to have (1.3.44).
_PATTERNS.append(("fii",
     r"\b(?:insists?|insisting|says|claims?|tells (?:us|me|everyone)|convinced)\b[^.]{0,80}?\b(?:needs? a wheelchair|"
     r"can't walk|legs give way|allergic to (?:\w+ ){2,}|has (?:fits|seizures))\b[^.]*(?:\.[^.]*){0,2}?\b(?:"
     r"(?:here|with us|at (?:school|nursery|club)) (?:she|he|they) (?:runs|climbs|walks|eats|plays)|no (?:letters?|diagnosis|"
     r"record|evidence) (?:from|of|by)|(?:never|not once) (?:seen|had|shown) (?:a |any )?(?:reaction|fit|seizure|problem))"))
# 1.3.16 names more than self-harm: substance or alcohol misuse, eating disorders, suicidal behaviours, bullying
# or being bullied. (A parent smelling of drink is not the child's behaviour: ``_ADULT_BEFORE`` below.)
_PATTERNS.append(("1.3.16",
     r"\b(?:came|comes|coming|turned up|turns up|turning up|arrived|arrives|was|is|been|keeps? (?:coming|turning up))\b"
     r"[^.]{0,40}?\b(?:smelling|reeking|stinking|smelt|smelled|stank|stinks|reeks|smells) (?:strongly |heavily |really |badly )?"
     r"of (?:weed|cannabis|skunk|alcohol|booze|drink|spirits|vodka|cider)\b"
     r"|\b(?:drunk|stoned|high|off (?:his|her) face) (?:at|in|during) (?:school|college|training|club|the session|lessons?|youth club)\b"
     r"|\b(?:being|been|getting|gets|got) (?:badly |really |constantly )?(?:bullied|picked on)\b|\bbully(?:ing)? (?:other|younger) "
     r"(?:kids|children|pupils|boys|girls)\b"
     r"|\bmak(?:es|ing|e) (?:herself|himself|themselves) sick\b|\b(?:anorexi\w*|bulimi\w*|eating disorder)\b"))
# Exposure to frightening or traumatic experiences (1.3.31): violence at home with the child there.
_VIOLENCE = (r"(?:hit\w*|punch\w*|smash\w*|strangl\w*|squeez\w* (?:\w+ )?(?:mum's|her|his) neck|throttl\w*|beat\w*|"
             r"attack\w*|assault\w*|kick\w*|fist through|threw (?:a |the )?\w+ at|domestic (?:abuse|violence|incident)|"
             r"fight(?:ing)?|screaming at (?:each other|mum|dad))")
_CHILD_THERE = (r"(?:the|their|her|his) (?:child|children|kids?|baby|toddler|boy|girl|son|daughter|\d{1,2}\s*(?:yo|y/o|"
                r"[\s-]*(?:year|month)s?[\s-]*old))|\b(?:he|she|they) (?:was|were)")
_PATTERNS.append(("1.3.31",
     r"\b" + _VIOLENCE + r"\b[^.]{0,80}?\b(?:while|when|with|and)\s+(?:" + _CHILD_THERE + r")\b[^.]{0,20}?\b(?:in the (?:room|flat|"
     r"house|other room|car)|there|present|watching|looking on|at home|in (?:his|her|their) cot)\b"
     r"|\b(?:dad|mum|father|mother|step-?(?:dad|mum)|partner|boyfriend|girlfriend|parents?|uncle|grandad)\b[^.]{0,60}?\b"
     + _VIOLENCE + r"\b[^.]{0,80}?\b(?:while|when|with|and)\s+(?:" + _CHILD_THERE + r")\s+(?:\w+\s+)?(?:saw|witnessed|"
     r"watched|heard|seeing|watching|hearing)\b"
     r"|\b(?:saw|witnessed|watched|heard|sees|hears|acting out|acts out|plays out)\b[^.]{0,40}?\b(?:his|her|their|the)?\s*"
     r"(?:dad|mum|father|mother|stepdad|parents|mum's (?:boyfriend|partner)|dad's (?:girlfriend|partner))\b[^.]{0,30}?\b"
     + _VIOLENCE + r"\b"))
# Children present at, or witnessing, violence against a parent (1.3.31): as a police officer or advocate records it.
_PATTERNS.append(("1.3.31",
     r"\b(?:children|kids|child|baby|both|siblings|\d{1,2}\s*(?:yo|y/o))\b[^.]{0,30}?\b(?:present|witnessed|saw|watched|heard)"
     r"\b[^.]{0,30}?\b(?:the )?(?:assault|attack|violence|fight|beating|strangulation)s?\b[^.]{0,20}?\b(?:on|of|against)\s+"
     r"(?:their |his |her )?(?:mum|mother|mam|dad|father|parent)\b(?!'s)"
     r"|\b(?:domestic (?:abuse|violence) incident|domestic incident|dv\b(?!\s+(?:training|agency|awareness|worker|service|"
     r"lesson|in pshe))(?:\s+incident)?)\b[^.]{0,60}?\b(?:children|kids|child|baby)\s+(?:were\s+|was\s+)?"
     r"(?:present|there|in the (?:house|flat|room|property))\b(?![^.]{0,20}\ball fine\b)"))
# A parent or carer belittling the child to their face (1.3.31): name-calling, rejection; the speaker named in the
# sentence, or named in the one before and then "he" or "she".
_CARER = r"(?:mum|dad|mother|father|mam|step-?(?:mum|dad)|parents?|carers?|grandad|nan|gran)"
_SAID = (r"(?:said|says|saying|called|calls|calling|shout\w*|yell\w*|scream\w*|told|tells|snapped|hiss\w*)")
_BELITTLING = (r"(?:(?:you're|you are|youre|ur)\s+(?:so\s+|such\s+an?\s+|an?\s+|just\s+|a\s+fat\s+|fat\s+)?(?:thick|"
               r"stupid|useless|pathetic|worthless|an? idiot|idiot|waste of space|disgusting|disgrace|mistake|dumb|retard\w*|"
               r"ugly|fat|nothing)|(?:god|christ)\s+(?:you're|you are)\s+(?:so\s+)?(?:thick|stupid|useless|pathetic|hopeless|"
               r"worthless|dumb|an idiot|a disgrace)|(?:wish|wished) (?:I'd|I had|i'd|id) never had you|"
               r"(?:useless|stupid|thick|pathetic|worthless),? just like (?:your|ur) (?:mother|father|mum|dad)|"
               r"you can't (?:even )?do (?:anything|that|it) (?:right|properly))")
# an insult in quotation marks straight after the words of saying it to the child: "he mocks him: 'useless', 'fat
# lump'", "kept saying 'attention seeker'" (not "Dad said the referee was 'useless'")
_QUOTED_INSULT = (r"(?:\s+(?:at\s+)?(?:him|her|them))?[\s:,]*['‘\"“](?:useless|stupid|thick|idiot|loser|freak|"
                  r"attention seeker|fat lump|fat pig|devil child|waste of space|pathetic|disgusting|little shit|spoilt brat|"
                  r"retard|thicko)\b")
# the insult is the carer's own, not others' words the carer reports ("Dad told me the boys call him 'loser'")
_NO_OTHER_SPEAKER = (r"(?:(?!\b(?:boys|girls|kids|children|teachers?|classmates|friends|others|they|pupils|people|someone|"
                     r"everyone|brother|sister)\b)[^.])")
_MOCKED = r"(?:" + _SAID + r"|mocks?|mocked|mocking|taunts?|taunted|taunting|sneers?|sneered|ridicul\w*|belittl\w*)"
_PATTERNS.append(("1.3.31",
     r"\b" + _CARER + r"\b(?:\s+\w+){0,3}?\s+" + _SAID + r"\b[^.]{0,40}?\b" + _BELITTLING
     + r"|\b" + _CARER + r"\b(?:\s+\w+){0,2}?\s+(?:calls?|called|calling|keeps calling) (?:him|her|them) (?:an? )?(?:stupid |"
     r"thick |useless |fat |little )*(?:thick|stupid|useless|worthless|idiot|cow|bitch|retard\w*|dumb|fat|ugly|pathetic|"
     r"waste of space|disgrace)\b"
     + r"|\b" + _CARER + r"\b[^.]{0,80}\.[^.]{0,120}?\b(?:he|she)\s+(?:\w+\s+)?" + _SAID + r"\b[^.]{0,40}?\b" + _BELITTLING
     # the carer named earlier in the sentence: "Dad came into the cubicle and kept saying 'attention seeker'"
     + r"|\b" + _CARER + r"\b[^.]{0,100}?\b" + _MOCKED + r"\b(?:" + _QUOTED_INSULT + r"|" + _NO_OTHER_SPEAKER
     + r"{0,40}?" + _BELITTLING + r")"))
# Tried only when the text has an insult at all: the carer-named-earlier form costs 70 ms on 5,000 characters of
# "mum said dad said" otherwise (the second reader's finding)
_ONLY_IF[len(_PATTERNS) - 1] = re.compile(_BELITTLING + r"|['‘\"“](?:useless|stupid|thick|idiot|loser|freak|attention "
                                          r"seeker|fat lump|fat pig|devil child|waste of space|pathetic|disgusting|"
                                          r"little shit|spoilt brat|retard|thicko)\b|\bcall(?:s|ed|ing)? (?:him|her|them)\b", re.I)
# A name for the child inside the carer's quoted words: "Dad greets him with something like 'what have you broken today
# you useless lump'". Its own pattern, tried only when such a name is in a quotation (so it costs nothing otherwise):
# a saying verb after the carer, nobody else named between (others' words, another adult spoken to), and no adult
# the words were aimed at after the quotation ("'you stupid idiot' at a driver"). Affection stays alone: "little" is
# never the insult by itself ("you clever little thing").
_NAME_FOR_CHILD = (r"you (?:\w+ )?(?:useless|stupid|thick|pathetic|worthless|fat|ugly|lazy|dirty|disgusting|filthy)"
                   r"(?: little)? (?:lump|idiot|cow|pig|brat|shit|git|sod|oaf|moron|retard|waste of space|freak|loser|"
                   r"bitch|bastard|good for nothing)\b")
_OTHER_WORDS = (r"(?:boys|girls|kids|children|teachers?|classmates|friends|others|they|pupils|people|someone|everyone|"
                r"brother|sister|referee|ref|coach|driver|staff|receptionist|officer|neighbou?r|partner|husband|wife|"
                r"boyfriend|girlfriend|ex|boss|own|woman|man|lady|bloke)")
_OTHER_PERSON = r"(?:(?!\b" + _OTHER_WORDS + r"\b)[^.])"
_ADULT_TARGET = (r"(?:at|to) (?:the|a|an|his|her|their|that|this) (?:\w+ )?(?:referee|ref|driver|man|woman|lady|bloke|guy|"
                 r"coach|teacher|staff|nurse|doctor|officer|police\w*|neighbou?r|partner|husband|wife|boyfriend|girlfriend|"
                 r"ex|boss|receptionist|cashier|parent|dad|mum)\b")
_PATTERNS.append(("1.3.31",
     r"\b" + _CARER + r"\b(?:\s+(?!" + _OTHER_WORDS + r"\b)[\w-]+){0,6}?\s+(?:" + _MOCKED + r"|greets?|greeted|greeting)\b"
     + _OTHER_PERSON
     + r"{0,60}?['‘\"“][^'’\"”.]{0,60}?\b" + _NAME_FOR_CHILD + r"(?![^.]{0,40}?\b" + _ADULT_TARGET + r")"))
_ONLY_IF[len(_PATTERNS) - 1] = re.compile(r"['‘\"“][^'’\"”.]{0,60}?\b" + _NAME_FOR_CHILD, re.I)
# Session 14 (tuning 15): a carer's quoted label for the child ("talks about his 8 year old the same way every session -
# 'the useless one', 'the mistake'"), and a child made to eat apart from the family ("makes her eat her meals on her own in
# the hallway because she spoils dinner"): negativity, rejection or scapegoating (1.3.31). Not others' words, not a
# label for a thing ("'the useless one' was the old printer").
_LABEL_FOR_CHILD = (r"['‘\"“](?:the|a|my|our) (?:little )?(?:(?:useless|stupid|thick|bad|evil|ugly|fat|lazy|naughty|horrible|"
                    r"nasty|spoilt|disappointing|problem|difficult|annoying) (?:one|child|kid|brat)|mistake|accident|burden|runt|black sheep|bad seed|"
                    r"devil child|problem child)['’\"”]")
# somebody else doing the calling, just before "called": "Mum said the boys at school called her 'the fat one'", "her
# sister keeps calling her 'the fat one'" (checked in suspect_signs)
_OTHER_CALLER = re.compile(r"\b(?:boys|girls|kids|children|teachers?|classmates|friends|others|they|pupils|people|someone|"
                           r"everyone|staff|coach|students|brother|sister|neighbour|dinner lad(?:y|ies)|lads|ex(?:-wife|-husband|"
                           r"-partner)?|girl|boy|team(?:mates)?|cousins?)\b(?:\s+(?!(?:and|but|then)\b)[\w']+){0,4}\s*$", re.I)
_CALLED = re.compile(r"\bcall(?:s|ed|ing)?\b", re.I)
_LABEL_FOR_CHILD_RE = re.compile(_LABEL_FOR_CHILD, re.I)
_EATING_APART = (r"(?:(?:on (?:his|her|their) own|alone)\s+)?(?:in the (?:hallway|corridor|landing|shed|garage|bathroom|garden|yard)|on the (?:floor|stairs|step|landing)|in (?:his|her|"
                 r"their) (?:bed)?room (?:alone|on (?:his|her|their) own)|(?:alone|on (?:his|her|their) own) in (?:his|her|their) "
                 r"(?:bed)?room|apart from (?:the rest|everyone|the family)|away from (?:the rest|everyone|the family|the others))")
_PATTERNS.append(("1.3.31",
     r"\b" + _CARER + r"\b(?:['’]s (?:partner|boyfriend|girlfriend|fella))?" + _OTHER_PERSON + r"{0,30}?\b(?:talks? about|talked about|talking about|refers? to|referred to|"
     r"referring to|describes?|described|describing|calls?|called|calling|introduces?|introduced)\s+(?:(?:him|her|them|\[NAME\]|"
     r"(?-i:[A-Z][a-z]+))\s+"
     r"(?:as\s+)?|(?:his|her|their|the)\s+(?:\w+\s+){0,3}?(?:son|daughter|boy|girl|child|kid|lad|eldest|youngest|middle one|"
     r"\d{1,2}[\s-]*(?:year|yr)[\s-]*old|\d{1,2}[\s-]*(?:yo|y/o))\b(?!['’]s)" + _OTHER_PERSON + r"{0,60}?)" + _LABEL_FOR_CHILD
     # "the male carer has mocked the older of the two sisters about her weight and called her 'the problem one'"
     + r"|\b" + _CARER + r"\b[^.]{0,120}?\b(?:calls?|called|calling)\s+(?:him|her|them)\s+" + _LABEL_FOR_CHILD
     + r"|\b" + _CARER + r"(?:['’]s (?:partner|boyfriend|girlfriend|fella))?\s+(?:\w+\s+)?(?:makes?|made|making)\s+"
     r"(?:him|her|them)\s+(?:eat|have)\s+(?:(?:his|her|their)\s+)?(?:meals?|tea|dinner|food|breakfast|lunch)?\s*"
     + _EATING_APART + r"(?![^.]{0,60}\b(?:norovirus|bug|ill|poorly|sick|infect\w*|contagious|isolat\w*|sunny|picnic|"
     r"decorat\w*|party)\b)"
     + r"|\b(?:eat|eats|has to eat|have to eat|made to eat)\b(?:\s+(?:(?:his|her|their)\s+)?(?:meals?|tea|dinner|food)\b)?[^.]{0,50}?"
     r"\bwhile the (?:rest|others)(?: of (?:them|the family|us))? (?:eat|have|sit)\b"))
_ONLY_IF[len(_PATTERNS) - 1] = re.compile(_LABEL_FOR_CHILD + r"|\b(?:eat|eats|have|has)\b", re.I)
# Tuning 8's kinds (session 10), in everyday words, as the second reader narrowed them:
# - a carer taking the child to doctor after doctor, or bringing note after note of a new illness, while in the same
#   or the next sentence the tests or a doctor say the child is well (fabricated or induced illness, 1.3.44);
_FAMILY = r"(?:mum|dad|mother|father|parents?|carers?|step-?(?:mum|dad)|they)"
_SHOPPING = (r"\b" + _FAMILY + r"\b[^.]{0,30}?\b(?:taken|took|takes|brought|brings|dragged|been to|seen|had (?:him|her|them) "
             r"seen)\b[^.]{0,30}?\b(?:(?:three|four|five|six|several|\d+|multiple|many|lots of|loads of)\s+(?:different\s+|other\s+)?"
             r"|(?:two|2)\s+(?:other|more|different)\s+)"
             r"(?:hospitals?|(?:eye |a&e |\w+ )?departments?|doctors?|gps?|specialists?|clinics?|consultants?|paediatricians?|"
             r"a&es?|practices|surger(?:y|ies))\b(?![^.]{0,60}?\b(?:second opinion|moved|moving|cheaper))"
             r"|\bnew (?:note|letter)\b[^.]{0,30}?\b(?:every|each)\b[^.]{0,40}?\b(?:saying|says|about)\b[^.]{0,40}?\b(?:has|have|"
             r"got) (?:something (?:different|new|else)|a new (?:illness|condition|problem|diagnosis))\b"
             r"|\b" + _FAMILY + r"\b[^.]{0,20}?\b(?:says|saying|claims?)\b[^.]{0,40}?\b(?:has|have|got) (?:a new (?:illness|"
             r"condition|problem|diagnosis|symptom)|something (?:different|new|else) (?:wrong|every))\b")
_WELL = (r"\b(?:tests?|scans?|results?|bloods|investigations?)\b[^.]{0,40}?\b(?:normal|clear|negative|fine)\b"
         r"|\b(?:perfectly|completely|entirely|totally) (?:healthy|well|fit)\b|\bnothing (?:at all )?wrong with (?:him|her)\b"
         r"|\bfit and well\b|\b(?:doctors?|they all|everyone|the gp|consultants?|paediatricians?) (?:all )?(?:say|says|said) "
         r"(?:he's|she's|he is|she is|hes|shes) (?:fine|well|healthy)\b")
_SHOPPING_RE = re.compile(_SHOPPING, re.I)
_WELL_RE = re.compile(_WELL, re.I)


def doctor_shopping(text: str) -> Optional[str]:
    """The words of a carer's round of doctors or notes, when the same or the next sentence says the child is well.

    Sentence by sentence, so that 5,000 characters of repeated visits cost one pass (a single pairing pattern took
    90 ms: the second reader's finding)."""
    sentences = plain_sentences(text)
    for i, sentence in enumerate(sentences):
        visits = _SHOPPING_RE.search(sentence)
        if visits and any(_WELL_RE.search(s) for s in sentences[i:i + 2]):
            return visits.group(0).strip()
    return None
# - help a doctor said was needed, not sought; a child in pain a carer tells to toughen up; a child in pain brought
#   only because another professional insisted (1.3.40);
_TOUGHEN = (r"(?:toughen up|man up|stop (?:moaning|whing\w*|whin\w*|making a fuss|being a baby|crying about it)|"
            r"get on with it)")
_CARER_SAYS = (r"\b(?:mum|dad|mother|father|parents?|carers?|step-?(?:mum|dad)|nan|gran|grandad|she|he)\b[^.]{0,20}?\b(?:told|"
               r"tells|telling|said|says)\s+(?:(?:him|her|them)\s+)?(?:to\s+)?['‘\"“]?" + _TOUGHEN)
_PAIN = r"\b(?:hurt\w*|pain\w*|broken|broke|fractur\w*|swollen|sore|ach\w*|bleed\w*|infect\w*|injur\w*|poorly|unwell)\b"
_PATTERNS.append(("1.3.40",
     r"\b(?:needed|needs|had|has) to (?:see|go to|be seen (?:at|by)) (?:a |the )?(?:gp|doctor|dentist|hospital|optician)\b"
     r"[^.]{0,200}?(?:\.[^.]{0,150}?)?\b(?:(?:didn't|did not|never|haven't|hasn't|have not|has not|wouldn't|won't) "
     r"(?:take|taken|took) (?:him|her|them)\b|(?:didn't|did not|never|haven't|hasn't) (?:book\w*|bother\w*) (?:it|one|an "
     r"appointment|to (?:book|take|ring|go)))"
     r"|" + _PAIN + r"[^.]{0,160}?(?:\.[^.]{0,120}?)?" + _CARER_SAYS + r"\b"
     r"|" + _CARER_SAYS + r"\b[^.]{0,120}?(?:\.[^.]{0,120}?)?" + _PAIN
     + r"|" + _PAIN + r"[^.]{0,160}?(?:\.[^.]{0,120}?)?\bonly (?:came|come|brought (?:him|her|them)(?: in)?) (?:in )?"
     r"(?:because|cos|coz) (?:the |his |her |their )?(?:school|nurse|teacher|school nurse|gp|doctor|social worker|\w+ worker) "
     r"(?:insisted|made (?:her|him|them)|told (?:her|him|them) to)\b"))
# - treatment the family stopped (1.3.39): "they stopped the drops after a couple of days", not on a doctor's advice;
_PATTERNS.append(("1.3.39",
     r"\b(?:mum|dad|mother|father|parents?|carers?|step-?(?:mum|dad)|they|the family)\b[^.]{0,15}?\b(?:stopped|gave up|"
     r"gave up on|quit)\s+(?:the|giving\s+(?:him|her|them)\s+(?:the|her|his|their))\s+(?:\w+\s+)?(?:drops|eye ?drops|"
     r"medication|meds|medicine|tablets|inhalers?|antibiotics|insulin|creams?|treatment|patch(?:ing)?|glasses)\b"
     r"(?![^.]{0,60}\b(?:(?:as|when|because) (?:the |her |his )?(?:doctor|gp|consultant|nurse|clinic|team|orthoptist) "
     r"(?:said|told|advised)|on (?:the )?(?:gp|doctor|consultant|nurse|clinic)'?s? advice|as (?:advised|prescribed)|full course|"
     r"course (?:was )?finished|cleared))"))
# - a home unsafe for young children, as a visitor sees it (1.3.24): bare wires at a socket or in a room, a window
#   lock or restrictor taken off;
_PATTERNS.append(("1.3.24",
     r"\b(?:bare|exposed|live) wires?\b[^.]{0,40}?\b(?:socket|wall|ceiling|plug|bedroom|living room|lounge|kitchen|"
     r"landing|hall(?:way)?|flat|house|cot)\b(?![^.]{0,40}\b(?:fixed|sorted|replaced|repaired|safer))"
     r"|\bwires? (?:hanging|sticking) out (?:of|from) (?:a |the )?(?:socket|wall|ceiling)\b"
     r"|\b(?:taken|took|removed|broken)\s+(?:the\s+)?(?:window\s+)?(?:locks?|restrictors?|catch)\s+(?:off\s+)?(?:the\s+|from\s+"
     r"the\s+)?(?:\w+\s+)?windows?\b|\bwindow (?:locks?|restrictors?) (?:taken off|removed|(?:is |are )?broken)\b"
     r"(?![^.]{0,40}\b(?:replaced|back on|fixed|repaired))"))
# - a teenager's indiscriminate or coercive sexual behaviour (1.3.20): "done 'stuff' with three of them", "had sex with
#   four different boys", "trying it on with the Y7 boys".
_PATTERNS.append(("1.3.20",
     r"\b(?:done|did|doing)\s+['‘\"“](?:stuff|things|it)['’\"”]\s+with\s+(?:three|four|five|several|\d+|loads|lots|"
     r"different|multiple|a few)\b"
     r"|\b(?:had sex|slept|hooked up|gone all the way)\s+with\s+(?:three|four|five|several|\d+|loads of|lots of|"
     r"different|multiple)\s+(?:different\s+)?(?:boys|girls|lads|men|guys|people|blokes|strangers)\b"
     r"(?![^.]{0,40}\b(?:in the (?:room|tent|dorm)|sleepovers?|residential|camp|trip))"
     r"|\b(?:trying it on|tried it on|tries it on|touching up|groping)\s+(?:with\s+)?(?:some of\s+)?(?:the\s+)?(?:younger|"
     r"little|y[3-8]|year [3-8]|year-[3-8])\s+(?:boys|girls|kids|children|ones|pupils|lads)\b"))
# Tuning 9's kinds (session 10): episodes of dissociation as a practitioner sees them (1.3.15: "his eyes go blank and
# he doesn't answer to his name"), and a young person going missing from home or care (1.3.17).
_PATTERNS.append(("1.3.15",
     r"\b(?:eyes (?:go|went|going|glaze|glazed) (?:blank|glazed|vacant|empty|over)|(?:goes|went|gone|going) (?:blank|vacant|"
     r"glassy)|stares? (?:blankly )?into space)\b[^.]{0,80}?\b(?:doesn't|does not|didn't|did not|won't|can't|couldn't) "
     r"(?:answer (?:to )?(?:his|her) name|respond (?:to (?:his|her) name|when)|react (?:to (?:his|her) name|when)|remember)\b"))
_PATTERNS.append(("1.3.17",
     r"\b(?:he|she|they|year[\s-]old|yo|girl|boy|lad|lass|teenager|teen|child|son|daughter|young person)(?:'s| has| had| keeps|"
     r" is| was| have)?\s+(?:goes|going|gone|went|been going) missing\b|\bkeeps? (?:going missing|running away)\b"
     r"|\babscond\w* from (?:home|care|(?:her|his|their) placement|placement|the (?:home|unit))\b"
     r"|(?<!never been )(?<!not been )\bmissing (?:from|episodes? from) (?:home|care|the home|(?:her|his|their) placement|"
     r"placement)\b|\bran away from (?:home|(?:her|his|their) (?:foster )?placement|care)\b|\breported missing\b"
     # tuning 11 (session 12): living elsewhere without the parents' agreement (sofa surfing, not by an adult: see
     # _ADULT_SOFA_SURFING; the parent not told, or not knowing, where the young person is staying)
     r"|\bsofa[\s-]?surf\w*\b(?! with (?:the|her|his|their) (?:baby|kids|children))"
     r"|\b(?:not|isn't|won't|refuses? to|hasn't|has not|hasn't been|not been) (?:telling|tell|told) (?:his|her|their) (?:mum|"
     r"dad|mam|parents?|carers?|foster carers?|mother|father|nan|gran) where (?:he|she|they)(?:'s| is| are| was| were)?\s*"
     r"(?:staying|sleeping|stopping|living|going at night|goes at night|(?:has |have |'s )?been (?:staying|sleeping|"
     r"stopping|living)|(?=[.,;!?)]|$|at night\b|now\b|tonight\b|these days\b))"
     r"|\b(?:(?:his|her|their) )?(?:mum|dad|mam|parents?|carers?|foster carers?|mother|father|nan|gran|grandma|kinship carers?)"
     r"(?: says (?:she|he|they))? (?:doesn't|does not|don't|do not|didn't|did not|has no|have no|had no) (?:know|idea) where "
     r"(?:he|she)(?:'s| is| was)?\s*(?:staying|sleeping|stopping|living|goes at night|going at night|stays at night|"
     r"sleeps at night|(?:has |'s )?been (?:staying|sleeping|stopping|living)|(?=[.,;!?)]|$|at night\b|now\b|tonight\b|"
     r"these days\b))(?!\s+on (?:the |a |her |his )?(?:school )?(?:trip|residential|camp|holiday))"
     # not "where they are" (a family in a refuge), not "where she is in the reading scheme"
     r"|\b(?:stopping|sleeping|staying|kipping|crashing|dossing) on (?:\w+ )?(?:mates|mates'|mate's|friends|friends'|"
     r"friend's|people's|(?:her|his) (?:boyfriend|girlfriend)['’]s) (?:sofas?|couch(?:es)?|floors?)\b"))
# Forced marriage, one of the reasons NG76 1.3.45 names for trafficking: a marriage arranged for the child, or one
# they are to be taken or made to enter.
_PATTERNS.append(("trafficking",
     r"\bforced (?:into (?:a )?)?marriage\b(?!\s+(?:awareness|unit|training|leaflets?|assembly|lesson|policy))"
     r"|\b(?:arrang\w*|plann\w*|forc\w*|pressur\w*|promis\w*)\b[^.]{0,40}?\b(?:her|him|them)\b[^.]{0,30}?\b(?:to marry|"
     r"to be married|to get married|married off|into (?:a )?marriage)\b"
     r"|\b(?:making|made|forcing|forced) (?:her|him|them) (?:to )?marry\b"
     r"|\b(?:being |been |is being |will be )?(?:taken|sent|flown)\b[^.]{0,40}?\bto (?:get married|marry|be married)\b"
     r"|\b(?:going to be|gonna be|will be|is to be|being) married (?:off|to (?:her|his|a|an|my) (?:cousin|older man|man twice))"))
# Medical help not sought while the child is ill or in pain (1.3.40).
_PATTERNS.append(("1.3.40",
     r"\b(?:pain|vomit\w*|being sick|fever|temperature|sugars?|insulin|asthma|rash|bleeding|infection|infected|unwell|"
     r"poorly|swollen|fits?|seizures?|wheez\w*|diarrhoea|dehydrat\w*|earache|ear infection|eczema|"
     r"thirsty|diabet\w*|discharge|gunk|pus|oozing|weeping|sores?|wound|toothache|abscess\w*)\b[^.]{0,200}"
     r"(?:\.[^.]{0,200})?\b(?:(?:can't|cannot|couldn't|can not) be bothered\s+(?:to\s+)?(?:wait\w*|ring\w*|call\w*|"
     r"phon\w*|tak\w*|go\b|going|book\w*|get\w*)|(?:has |have |had )?(?:gone|been left|been|left|is|are|was) untreated|"
     r"(?:never|not) (?:been )?treated(?!\s+(?:by|as|because|since)\b)|(?:didn't|did not|hasn't|"
     r"haven't|has not|have not|hadn't|never|not|wouldn't|won't|refus\w* to)\s+(?:\w+\s+)?(?:call(?:ed)?|ring|rang|rung|phone"
     r"\w*|contact\w*|seek|sought|take (?:him|her|them) to|taken (?:him|her|them) to|bring (?:him|her|them) in)\s+"
     r"(?:anyone|anybody|(?:the |a |their |any )?(?:gp|doctor|111|999|ambulance|hospital|nurse|a&e|out of hours|medical "
     r"(?:help|advice)|(?:\w+ )?(?:team|clinic|dentist))|help|advice|for help))\b"))
# Inadequate food in the home (1.3.24), as a visitor sees it.
_PATTERNS.append(("1.3.24",
     r"\b(?:no|hardly any|barely any|never any|not any) food in (?:the )?(?:house|flat|home|fridge|cupboards?|kitchen)\b"
     r"|\b(?:fridge|cupboards?) (?:is|are|was|were) (?:completely |always |often )?(?:empty|bare)\b"
     r"|\bnothing (?:to eat )?in the (?:fridge|cupboards?|house|flat)\b|\bnothing (?:at home )?to eat\b"
     # a home unsafe for the child's stage: drug equipment left where a child can reach it (a medicine left out once
     # is an ingestion's story, 1.3.38)
     r"|\b(?<!knitting )(?<!sewing )(?:needles?|syringes?|burnt foil|crack pipes?|bongs?|drug paraphernalia)\b[^.]{0,40}?"
     r"\b(?:on the (?:[\w-]+ ){0,2}(?:floor|carpet|table|sofa|side|bed|worktop)|lying (?:around|about)|within (?:his |her |"
     r"their )?reach|in (?:his |her |their )?reach|left out|everywhere)\b(?![^.]{0,20}\b(?:locked|out of reach))"))
# A child persistently smelly and dirty (1.3.25), told of the child: "grubby and smelly", "dirt ground into his
# neck", "she smells of stale wee"; the conditions then ask whether it persists when the words do not say.
_PATTERNS.append(("1.3.25",
     r"\b(?:grubby|dirty|filthy|unwashed|unkempt)\s+(?:and|n|&)\s+(?:smelly|smells?|stinks?|stinking)\b"
     r"|\bsmelly\s+(?:and|n|&)\s+(?:dirty|grubby|unkempt|unwashed|filthy)\b"
     r"|\b(?:dirt|grime|muck)\s+(?:\w+\s+)?(?:ground|ingrained|engrained|caked)\s+(?:in|into|on)\b|\bingrained (?:dirt|grime)\b"
     r"|\b(?:he|she|they)\s+(?:always\s+|still\s+|really\s+)?(?:smells?|stinks?|reeks?)\s+(?:strongly\s+|really\s+|badly\s+)?"
     r"of\s+(?:stale\s+|old\s+)?(?:urine|wee|pee|poo|sweat|bo|body odour)\b"))
# A carer emotionally unavailable to a distressed child (1.3.33): on the phone while the child is frightened or
# crying, not holding, speaking to or looking at them; or disowning them ("she's not my problem").
_PATTERNS.append(("1.3.33",
     r"\b" + _CARER + r"\b[^.]{0,40}?\bon (?:her|his|their) phone\b[^.]{0,100}?\b(?:doesn't|didn't|does not|did not|won't|"
     r"never|not|without)\s+(?:once\s+|even\s+)?(?:look\w*|hold\w*|speak\w*|talk\w*|comfort\w*|pick\w*|respond\w*|"
     r"react\w*|answer\w*|touch\w*)\s+(?:up\s+)?(?:at\s+|to\s+)?(?:her|him|them|the (?:baby|child|boy|girl|toddler))\b"
     r"|\b(?:she's|he's|she is|he is|they're)\s+not\s+my\s+problem\b"))
# Tooth decay left untreated (1.3.43), told with the care not sought or not given.
_PATTERNS.append(("1.3.43",
     r"\b(?:caries|tooth decay|decayed teeth|rotten teeth|teeth (?:are |were )?(?:rotten|black|decayed|rotting))\b[^.]{0,200}"
     r"(?:\.[^.]{0,200})?\b(?:never (?:does|did|books?|booked|brings?|brought|comes?|came|been seen|been treated)|untreated|"
     r"(?:hasn't|haven't|has not|have not|didn't|won't|not) (?:been )?(?:booked|brought|treated|seen|taken)|"
     r"missed (?:every|all|the last)|dna\w*)\b"))
_COMPILED = [(label, re.compile(pattern, re.I)) for label, pattern in _PATTERNS]

# Criminal or sexual exploitation (trafficking, NG76 1.3.47) is seen in signs that mean little alone and much
# together: two of them in one description are the route.
_EXPLOITATION_SIGNS = [re.compile(p, re.I) for p in (
    r"\b(?:two|2|second|several|multiple|different|new|burner) (?:mobile )?phones\b|\bphones? (?:that )?(?:keeps? )?ring\w*"
    r"|\bkeeps? getting (?:calls|messages)\b",
    r"\b(?:new|expensive|designer|brand new|flash) (?:trainers|clothes|jacket|coat|phone|bike|watch)\b|\bwads? of (?:cash|money)\b"
    r"|\b(?:cash|money) (?:he|she) (?:can't|won't) explain\b",
    r"\b(?:going|goes|went) missing\b|\bfound in (?:another|other|a different) (?:town|city|area)\b|\bin other towns\b"
    r"|\bout in (?-i:[A-Z][a-z]+)\b|\btrain tickets?\b",
    r"\b(?:older|grown) (?:men|man|boys|lads|males)\b|\bmen in (?:their )?(?:20s|30s|40s|twenties|thirties)\b"
    r"|\bdifferent (?:cars|men)\b|\bpicked up (?:from \w+ )?by (?:a |different )?(?:men|man|cars?)\b",
    r"\b(?:drop\w*|deliver\w*|carry\w*|run\w*) (?:off )?(?:bags|parcels|packages|packets|stuff|gear)\b|\bcounty lines\b"
    r"|\bpays? (?:him|her|them) in\b|\bworking for (?:older|some) (?:boys|lads|men)\b|\bowes? (?:them|him) money\b",
    # brought from abroad to live with someone called a relative or friend, and kept out of school or at work
    r"\b(?:brought|came|come|arrived|sent)\b[^.]{0,40}\bfrom\b[^.]{0,30}\bto (?:live|stay) with\b",
    r"\b(?:doesn't|does not|never|isn't|is not|not) (?:go(?:es)? to|going to|at|in|registered (?:at|with|for)|"
    r"enrolled (?:at|in)) "
    r"(?:any )?school\b|\bdoes (?:all )?the (?:housework|cleaning|cooking) for\b|\bworks? (?:long hours|all day|unpaid)\b",
    # from abroad to a household that calls the child family, or says it is not
    r"\b(?:cousin|niece|nephew|relative)\s+from\s+(?-i:[A-Z][a-z]+)\b"
    r"|\b(?:isn't|is not|not) (?:actually|really) (?:family|related|(?:her|his|their) (?:aunt|auntie|uncle|cousin))\b"
    r"|\b(?:isn't|is not|not) (?:her|his|their) (?:real|actual) (?:aunt|auntie|uncle|cousin|family)\b",
    # kept as a servant: the household's childcare or housework; then eating last, not allowed out, paid for
    r"\b(?:looks? after|looking after|minds?|minding|does|doing)\s+(?:all\s+)?(?:the\s+)?(?:cooking|cleaning|washing|"
    r"nappies|housework|childcare)?\s*(?:(?:and|,)\s+\w+\s+){0,4}(?:for\s+)?(?:the family's|the host family's|"
    r"(?:her|his|the) (?:auntie|aunt|uncle|host)'s|(?:auntie|aunt|uncle)'s)\s+(?:\w+\s+)?(?:kids|children|little ones|babies)\b",
    r"\b(?:cooks?|cleans?|cooking|cleaning)\s+and\s+(?:cooks?|cleans?|cooking|cleaning)\s+for\s+(?:the family|"
    r"them|the household)\b|\bminds? (?:their|the household's) (?:kids|children|little ones|babies)\b",
    # an adult in a teenager's life as a partner, supplying drink or drugs, or a place to stay
    r"\b(?:seeing|dating|going out with|sleeping with|in a relationship with)\s+(?:a|an)\s+(?:1[89]|[2-5]\d)[\s-]*"
    r"(?:yrs?|years?|y/o|yo)\b|\b(?:her|his) (?:new |older )?(?:boyfriend|girlfriend) (?:who is|who's|is|aged) (?:1[89]|[2-5]\d)\b"
    r"|\b(?:an? )?(?:much|a lot|way|far) older (?:boyfriend|girlfriend)\b",
    r"\b(?:gives?|gave|giving) (?:her|him|them) (?:free )?(?:vodka|alcohol|drink|booze|weed|drugs|cannabis|pills|coke|cocaine|ket)\b"
    r"|\b(?:stay(?:s|ed|ing)?|sleep(?:s|ing)?|slept)\s+(?:over\s+)?at\s+(?:his|the man's|a man's|an older \w+'s)\s+"
    r"(?:flat|place)\b",
    # made to travel for others, and threatened if they do not
    r"\b(?:gotta go|got to go|have to go|has to go|made to go|making (?:him|her|me) go|sent)\s+(?:to\s+|up to\s+|down to\s+)?"
    r"(?-i:[A-Z][a-z]+)\s+(?:wiv|with) (?:them|him|the olders?|older)\b",
    r"\b(?:know|knows) where (?:i|you|we|my \w+|(?:his|her|their) \w+) lives?\b",
    r"\beats? (?:after everyone(?: else)?|last|separately|on (?:her|his) own)\b|\b(?:isn't|is not|not) allowed out\b(?! (?:after|late|past|on school nights|at night|in the dark))"
    r"|\b(?:gets?|gets paid|receives?|collects?) (?:money|benefits|paid) for (?:her|him)\b",
    # session 14 (tuning 15, narrowed by a second reader): an adult the young person met online (not a boy or a girl from
    # school); a debt to him ("pay him back", "pay back what he spent on her", "owes him"; not a parent's loan or a
    # broken window); and "'work'" in quotation marks at someone's place
    r"\b(?:man|men|bloke|guy|adult|older (?:man|men|lad|lads|guy|bloke)|(?:[2-5]\d)[\s-]*(?:year[\s-]*old|yo|y/o) (?:man|"
    r"guy|bloke))\s+(?:she|he|they)(?:['’]s|\s+has|\s+had|\s+have)?\s+(?:been\s+)?(?:met|got talking to|talking to|"
    r"chatting to|speaking to|talks to|chats to)\s+(?:online|on (?:snap\w*|insta\w*|tiktok|discord|an app|the internet|a game|"
    r"gaming|line|whatsapp|roblox|fortnite|minecraft|wizz|kik|omegle|yubo|telegram|facebook|fb|twitter|x|tinder|grindr|"
    r"hinge|a dating app))\b"
    r"|\b(?:talking|chatting|speaking) to an? (?:[2-5]\d[\s-]*(?:year[\s-]*old|yo|y/o) |older |grown )(?:man|guy|bloke)\b",
    r"\b(?:pay|paying|work|working)\s+(?:him|them|it)\s+(?:back|off)\b|\bpay(?:ing)? back what (?:he|they|the man|the men)"
    r"(?:['’]s|['’]ve| has| have| had)? spent on (?:her|him|them|me)\b|\bwork(?:ing)? off what (?:he|she|they) owes?\b"
    r"|\bowes? (?:him|them|the man|the men|the olders?|(?:the )?older (?:lads|boys|men))\b(?!\s+(?:a (?:favour|tenner|fiver|"
    r"quid|pound)|an apology))",
    r"\b(?:to|has to|have to|had to|made to)\s+['‘\"“]work['’\"”](?=\s+(?:at|for|in|off)\b)",
)]


def exploitation_signs(text: str) -> list[str]:
    """The signs of exploitation the text names, one per kind (phones, money or goods, missing or away,
    older men or cars, carrying or working for others)."""
    found, spans = [], []
    for sign in _EXPLOITATION_SIGNS:
        # each sign in words of its own: "older lads she's met online" is one sign, not an older man and an online one
        match = next((m for m in sign.finditer(text)
                      if not any(m.start() < end and start < m.end() for start, end in spans)), None)
        if match:
            found.append(match.group(0))
            spans.append(match.span())
    return found


@dataclass(frozen=True)
class SuspectSign:
    label: str
    words: str
    # the words name the young person doing it as a teenager ("Connor (13) ... try to pull his trackies down"): the
    # message's age may be the younger child's, so it does not make 1.3.20 into 1.3.21
    teenage_actor: bool = False


# Talking about a risk is not the behaviour: "a lesson about why sending nudes is risky".
_ABOUT = re.compile(r"\b(?:about|why|risks? of|dangers? of|talk(?:ed|ing)? about|lessons? on|advice on|leaflets? on)\s+"
                    r"(?:\w+\s+){0,2}$", re.I)

_ADULT_DRINKS = re.compile(r"\b(?:mum|dad|mother|father|parents?|carers?|step-?(?:mum|dad)|boyfriend|girlfriend|partner|nan|"
                           r"gran|grandad|grandma|grandpa|uncle|aunt|auntie|adults?|everyone|we|i)\b(?!['’]s)(?:\s+\w+){0,3}\s*$",
                           re.I)
_ADULT_BEFORE = re.compile(r"\b(?:mum|dad|mother|father|parents?|carers?|step-?(?:mum|dad)|boyfriend|girlfriend|partner|"
                           r"nan|gran|grandad|uncle|aunt|auntie)\b(?!'s)[^.]{0,50}?\b(?:smell\w*|reek\w*|stink\w*|stank|drunk|"
                           r"stoned|high)\b", re.I)

# The sign denied just before it: "no self-harm", "denies any cuts", "without bruising".
# Only a denial right before the sign counts: "never seen bruising like it" and "not only the burns" keep the sign.
_DENIED = re.compile(r"\b(?:no|not|denies|denied|denying|without|nor)\s+(?:any\s+|signs?\s+of\s+|evidence\s+of\s+|"
                     r"obvious\s+|visible\s+)?$", re.I)

# An injury the practitioner saw happen by accident is not a sign ("I saw her slip and bang her knee"), unless the
# same sentence turns to another injury ("... but the bruises on his back are older").
_ACCIDENT = (r"(?:fall|fell|slip\w*|trip\w*|bump\w*|bang\w*|crash\w*|collid\w*|walk\w* into|hit|c[oa]me off|go(?:es)? "
             r"into a|went into a|tackl\w*|land\w* on|knock\w*)")
_WITNESSED = re.compile(r"\b(?:I|we)\s+(?:saw|watched|witnessed|was there when)\b[^.]{0,60}\b" + _ACCIDENT + r"\b"
                        # session 13 (tuning 12): "I was leading her group on the scramble and watched her slip"
                        r"|\b(?:I|we)\s+(?:was|were)\b[^.]{0,60}?\band\s+(?:saw|watched)\s+(?:him|her|them|it)\s+"
                        + _ACCIDENT + r"\b"
                        r"|\b(?:I|we)\s+(?:all\s+)?(?:saw|watched|witnessed)\s+(?:it|the whole thing)\s+happen\b"
                        r"|\b(?:I|we)\s+(?:all\s+)?(?:saw|watched|witnessed)\s+the\s+(?:fall|tackle|accident|collision|crash)\b"
                        r"|\bhappened (?:right )?in front of (?:me|us)\b", re.I)
_OTHER_INJURY = re.compile(r"\b(?:but|however|although|though|also|other(?! (?:lad|boy|girl|child|kid|team|player|pupil)s?\b)|"
                           r"older|old bruises|as well)\b", re.I)


def witnessed_accident(text: str) -> bool:
    """The practitioner says they saw the injury happen by accident, and the sentence names no other injury."""
    return any(_WITNESSED.search(sentence) and not _OTHER_INJURY.search(sentence)
               for sentence in plain_sentences(restore(text)))


def witnessed_in_message(text: str) -> bool:
    """The practitioner saw the injury happen, told in a sentence of its own ("Big bruise on his shin. I watched it
    happen, a late tackle."), and nothing in the whole message turns to another injury or a doubt."""
    return witnessed_accident(text) and not _OTHER_INJURY.search(restore(text))


# An adult who is the one sofa surfing, in the words just before: "Mum said she's been sofa surfing", "Dad sofa surfs",
# "her brother (22) has been sofa surfing".
_ADULT_SOFA_SURFING = re.compile(r"\b(?:mum|mam|mother|dad|father|parents?|stepdad|stepmum|uncle|aunt\w*|nan|gran|"
                                 r"(?:brother|sister) \((?:1[89]|[2-9]\d)\)|family)(?:,? who (?:is|has been|was)|,? said (?:she|he|"
                                 r"they)(?:'s| has| is| was| have)?(?: been)?| has been|'s been| is| was| are| have been|"
                                 r" had been)?\s*$", re.I)


# Tuning 11 (session 12): a young person putting a hand up or inside another child's clothes, seen by the
# practitioner ("one of the Year 9 boys ... with his hand up her skirt", 1.3.20): somebody else's clothes, not their
# own ("her hand inside her top to adjust her bra strap"); a young person named before it in the sentence and no
# adult named between (an adult's abuse is not a child's behaviour: "a 15 yo girl was crying; a man had his hand up
# her skirt"). Read from the hand back, so that text without one costs a single search.
_HAND_IN_OTHERS_CLOTHES = re.compile(
    r"\b(?:his hands? (?:up|inside|down|in|into) (?:the (?:front|back) of )?(?:her|their)|her hands? (?:up|inside|down|in|"
    r"into) (?:the (?:front|back) of )?(?:his|their)|(?:his|her|their) hands? (?:up|inside|down|in|into) (?:the (?:front|"
    r"back) of )?(?:(?:a|the|another|one of the) (?:[\w-]+ ){0,3}?(?:girl|boy|kid|pupil|student|year \d+|y\d+)|"
    r"[A-Z][a-z]+)['’]s) (?:skirt|top|shirt|knickers|pants|underwear|boxers|trousers|shorts|bra)\b", re.I)
# Session 13 (tuning 12): a young person pulling, or trying to pull, a younger child's clothes down or off ("Connor (13)
# follow a 9yo into the toilet and try to pull his trackies down"): read the same way, with a younger child named in
# the sentence ("tried to pull her skirt down because it had ridden up" names none).
_UNDRESSING_ANOTHER = re.compile(
    r"\b(?:(?:tried|trying|tries|try|tryed|attempted|attempting|attempts?)\s+(?:to|2)\s+(?:pull|yank|drag|take|get)|tried pulling|"
    r"pulled|yanked|dragged)\s+(?:down\s+|off\s+)?(?:his|her|(?:a|the|another|one of the) (?:[\w-]+ ){0,3}?(?:girl|boy|kid|"
    r"child|pupil|year \d|y\d|\d+ ?yo)['’]?s|[A-Z][a-z]+['’]s)\s+(?:trousers|trackies|joggers|shorts|pants|knickers|"
    r"underwear|bottoms|leggings|skirt|boxers)\s+(?:down|off)\b", re.I)
_YOUNGER_CHILD = re.compile(r"\b(?:younger|little (?:one|boy|girl|kid|lad)s?|[2-9][\s-]*(?:yo|y/o|years?[\s-]*old)|year [1-8]|"
                            r"y[1-8]|reception|infants?)\b", re.I)
_YOUNG_PERSON = re.compile(r"\b(?:year (?:[7-9]|1[0-3])|y(?:[7-9]|1[0-3])|yr ?(?:[7-9]|1[0-3])|1[3-7][\s-]*(?:year[\s-]*old|yo|"
                           r"y/o)|teenage|older|sixth[\s-]form)\b|\(1[3-7]\)", re.I)
_TEENAGER = re.compile(r"(?:(?:year (?:9|1[0-3])|y(?:9|1[0-3])|yr ?(?:9|1[0-3])|1[3-7][\s-]*(?:year[\s-]*old|yo|y/o)|teenage|"
                       r"sixth[\s-]form)\b|\(1[3-7]\))", re.I)
_ADULT_BETWEEN = re.compile(r"\b(?:man|men|uncle|dad|stepdad|step-dad|teacher|adult|bloke|guy|coach|driver|grandad|father|"
                            r"mum's|lodger|neighbour|stranger)\b", re.I)


def peer_hand_in_clothes(text: str) -> Optional[str]:
    """The words of a young person's hand in, or attempt on, another child's clothes, if the text has them (1.3.20)."""
    for hand in (*_HAND_IN_OTHERS_CLOTHES.finditer(text), *_UNDRESSING_ANOTHER.finditer(text)):
        sentence = text[max(text.rfind(".", 0, hand.start()) + 1, hand.start() - 160):hand.start()]
        young = None
        for young in _YOUNG_PERSON.finditer(sentence):
            pass
        if young is None or _ADULT_BETWEEN.search(sentence[young.end():]):
            continue
        if hand.re is _UNDRESSING_ANOTHER:
            actor = _YOUNG_PERSON.search(sentence)  # the first young person named is the one doing it
            told = sentence + hand.group(0)
            if not any(m.span() != actor.span() for m in _YOUNGER_CHILD.finditer(told, actor.start())):
                continue
        return (sentence[young.start():] + hand.group(0)).strip()
    return None


# Session 13 (tuning 12): a child doing the family's caring because a parent cannot ("mum 'can't get up' so he does
# their breakfast and gets them dressed", 1.3.18), in one sentence or the next. The one caring must be the child: a
# child's word or name, or "he" where the parent who cannot is mum; "dad does their breakfast", "she" (as likely the other
# parent as a daughter), Auntie Sue, the childminder or nan are adults caring, as they should.
_PARENT_CANNOT = re.compile(
    r"\b(?P<parent>mum|mam|mom|mother|dad|father)(?:['’]?s)?\b[^.]{0,30}?\b(?:can't|cannot|cant|doesn't|does not|won't|"
    r"isn't able to|is too (?:ill|poorly|unwell|tired|drunk|low|depressed) to|(?:stays|is|lies) in bed)\b(?:\s+(?:get up|"
    r"get out of bed|cope(?! with (?:the|his|her) (?:stairs|steps|walk))|manage(?! the (?:stairs|steps))))?"
    # session 14 (tuning 14): the parent themself unwell or disabled, said of the parent ("his mum's not well", "mums in a
    # wheelchair", "since mum became bedbound"); not "mum said the cat is poorly", nor "not well off"
    r"|\b(?P<unwell>mum|mam|mom|mother|dad|father)(?:['’]?s)?\s+(?:(?:is|was|has been|been|became|has become|got|"
    r"being)\s+)?(?:(?:really|very|so|quite|too|often|still|always)\s+)?(?:not well(?! off)|unwell|poorly|ill\b|"
    r"in a wheelchair|bed[- ]?bound|housebound|disabled)", re.I)
_CARER = (r"(?P<carer>\[NAME\]|\b(?i:(?:the|our|my|this) (?:\d{1,2} ?(?:yo|y/o|year old)|boy|girl|lad|son|daughter|eldest|"
          r"oldest|older one)|(?:his|her) (?:big |older )?(?:brother|sister))\b|\b[A-Z][a-z]+\b(?:,? \(?\d{1,2}\)?,?)?|\b(?i:he|she)\b)")
_SIBLINGS = (r"(?:(?:his|her) (?:\w+ ){0,2}(?:sisters?|brothers?|siblings?|sis|bro)(?: and (?:\w+ )?(?:sisters?|brothers?))?"
             r"|the (?:\w+ ){0,2}(?:toddlers|little ones|kids|babies))(?!['’]?s?\s+(?:dolls?|toys?|rabbits?|pets?|dogs?|cats?|"
             r"hamsters?|fish|things|stuff|bags?|phones?|homework)\b)")
_CARING_TASK = re.compile(
    _CARER + r"\s+(?:then\s+|always\s+|now\s+|usually\s+|has to\s+|have to\s+|had to\s+|has had to\s+|ends up\s+|often\s+|"
    r"was\s+|is\s+|is the one (?:who|that)\s+)?(?:"
    # session 14 (tuning 14): "he has to get his two little sisters dressed, fed and to their primary", "he was sorting
    # his mums meds and looking after the 2 toddlers"
    r"(?:get|gets|getting)\s+" + _SIBLINGS + r"\s+(?:dressed|ready|up|washed|bathed|fed|to (?:nursery|school|their))|"
    r"(?:sorting|sorts|sort|gives|giving|give|doing|does|do)\s+(?:out\s+)?(?:his|her) (?:mum|dad|mam)['’]?s\s+(?:meds|"
    r"medication|medicines?|tablets|pills|insulin|injections?)|(?:looking after|looks after|look after|minding|minds)\s+"
    + _SIBLINGS + r"|(?:does|makes|made|"
    r"cooks|did)\s+(?:their|there|the (?:kids|little ones|babies)['’]?|(?:his|her) (?:\w+ )?(?:sisters?|brothers?|siblings?)['’]?"
    r"|(?:his|her) (?:mum|dad)['’]?s|the baby['’]?s)\s+(?:breakfast|tea|dinner|lunch(?:es)?|bottles?|meals?|shopping|washing)|"
    r"makes (?:breakfast|tea|dinner) for (?:them|the (?:little ones|kids)|(?:his|her) (?:\w+ )?(?:sisters?|brothers?|siblings?))|"
    r"feeds the baby|gets (?:them|the (?:little ones|kids|babies)|(?:his|her) (?:\w+ )?(?:sisters?|brothers?|siblings?)) "
    r"(?:dressed|ready|up|washed|bathed|to (?:nursery|school))|(?:takes|walks) (?:them|the (?:little ones|kids)|(?:his|her) "
    r"(?:\w+ )?(?:sisters?|brothers?|siblings?)) to (?:nursery|school))\b")
_ADULT_BEFORE_CARER = re.compile(r"\b(?:partner|boyfriend|girlfriend|dad|father|step-?dad|stepfather|uncle|grand\w*|nan\w*|"
                                 r"gran\w*|aunt\w*|neighbour\w*|carers?|(?:her|his) brother|(?:her|his) sister)\b[^.]*$",
                                 re.I)
_ADULT_AGE = re.compile(r"\(?\b(?:1[89]|[2-9]\d)\b\)?")
_OWN_SIBLINGS = re.compile(r"\b(?:his|her) (?:\w+ ){0,2}(?:sisters?|brothers?|siblings?)\b", re.I)
_ADULT_CARER = re.compile(r"^(?:mum|mam|mom|mother|dad|father|nan|nana|nanny|nanna|gran|granny|grandma|grandad|granddad|grandpa|"
                          r"grandparents?|carers?|step\w*|neighbours?|boyfriend|girlfriend|partner|husband|wife|aunt\w*|auntie|"
                          r"uncle|i|we|they|staff|so|then|and|but)$", re.I)


_ADULT_TITLE = re.compile(r"\b(?:auntie|aunty|aunt|uncle|nan|nanny|nana|grandma|grandad|granny|gran|mrs|mr|miss|ms|cousin|"
                          r"partner|boyfriend|girlfriend|husband|neighbour|friend|son|brother)\s*$",
                          re.I)


def young_carer(text: str) -> Optional[str]:
    """The words of a child doing the family's caring because a parent cannot, if the text has them (1.3.18)."""
    sentences = plain_sentences(text)
    for i, sentence in enumerate(sentences):
        cannot = _PARENT_CANNOT.search(sentence)
        if not cannot:
            continue
        parent = (cannot.group("parent") or cannot.group("unwell")).lower()
        for told in sentences[max(0, i - 1):i + 2]:
            for task in _CARING_TASK.finditer(told):
                carer = task.group("carer")
                word = carer.split()[0].lower()
                if word in ("he", "she"):
                    if _ADULT_BEFORE_CARER.search(told[:task.start()]):
                        continue  # "her partner has moved in and he ...", "dad gave up work and he now ...": the adult
                    if (word == "she" or parent in ("dad", "father")) and not _OWN_SIBLINGS.search(task.group(0)):
                        continue  # "dad can't ... she does": mum as likely as a daughter; "dad can't ... he": dad himself
                        # (but "she gets her little brothers dressed": a parent does not dress her own brothers)
                elif carer[0].isupper() and (_ADULT_CARER.match(carer.split()[0])
                                             or _ADULT_TITLE.search(told[:task.start()]) or _ADULT_AGE.search(carer)):
                    continue  # a capitalised word that is an adult ("Nan", "Auntie Sue", "Dave (25)"), not a child's name
                return task.group(0).strip()
    return None


def suspect_signs(text: str) -> list[SuspectSign]:
    """Every pattern the text matches, with the words; the mapper applies the feature's conditions."""
    text = restore(text)
    found = []
    for index, (label, pattern) in enumerate(_COMPILED):
        if index in _ONLY_IF and not _ONLY_IF[index].search(text):
            continue
        for match in pattern.finditer(text):
            before = text[max(0, match.start() - 40):match.start()]
            if _ABOUT.search(before) or _DENIED.search(before):
                continue
            if label == "injury" and witnessed_accident(text):
                continue
            if label == "1.3.31" and _LABEL_FOR_CHILD_RE.search(match.group(0)):
                calls = list(_CALLED.finditer(match.group(0)))
                if calls and _OTHER_CALLER.search(text[max(0, match.start() + calls[-1].start() - 40):
                                                       match.start() + calls[-1].start()]):
                    continue  # the name-calling is somebody else's
            if label == "1.3.38" and _ADULT_DRINKS.search(text[max(0, match.start() - 40):match.start()]):
                continue  # "Dad had a swig of vodka before the meeting": the adult's drink
            if label == "1.3.16" and _ADULT_BEFORE.search(text[max(0, match.start() - 60):match.end()]):
                continue  # "mum came to pick up smelling of drink": the adult's behaviour, not the child's
            if label == "1.3.17" and match.group(0).lower().startswith("sofa") and _ADULT_SOFA_SURFING.search(
                    text[max(0, match.start() - 60):match.start()]):
                continue  # "mum has been sofa surfing since she left dad": the adult's, not the young person's
            found.append(SuspectSign(label, match.group(0).strip()))
            break
    peer = peer_hand_in_clothes(text)
    if peer and "1.3.20" not in {f.label for f in found} and not _DENIED.search(text[:text.find(peer)][-40:]):
        found.append(SuspectSign("1.3.20", peer, teenage_actor=bool(_TEENAGER.match(peer))))
    caring = young_carer(text)
    if caring and "1.3.18" not in {f.label for f in found}:
        found.append(SuspectSign("1.3.18", caring))
    shopping = doctor_shopping(text)
    if shopping and "fii" not in {f.label for f in found}:
        found.append(SuspectSign("fii", shopping))
    signs = exploitation_signs(text)
    if len(signs) >= 2:
        found.append(SuspectSign("trafficking", "; ".join(signs)))
    return found
