"""When nothing the practitioner typed matched an alerting feature: NG76's groups to choose from, in plain words.

A worried practitioner whose words the mapper could not place is never left with nothing. They can pick the
group of NG76 1.3 that is closest to their worry, then a feature from it (each shown with its level and the
guideline's own conditions), or say they only have a feeling that something is wrong, which gets the steps
NG76 asks of everyone who is worried (``bot.advice.NO_FEATURE_STEPS``).
"""
from __future__ import annotations

import re
from typing import Optional

from bot import wording
from bot.conversation.concern import Concern, Note, Question
from bot.guideline import guideline

# NG76 1.3's categories (knowledge/guideline/alerting_features.yml), gathered into the groups a practitioner
# recognises, each with its title in the wording file (group "groups"). Physical injuries are outside NG76's
# alerting features: they have their own route.
GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "neglect": ("groups.neglect", ("physical_neglect", "supervision")),
    "emotional": ("groups.emotional", ("behavioural_emotional", "development")),
    "sexual": ("groups.sexual", ("sexual_behaviour",)),
    "health": ("groups.health", ("medical_care",)),
    "interaction": ("groups.interaction", ("parent_child_interaction",)),
}
INJURY = "injury"


def title(group: str) -> str:
    """A group's title, as its button reads."""
    return wording.text("groups.injury") if group == INJURY else wording.text(GROUPS[group][0])


def feeling_button() -> tuple[str, str]:
    return wording.text("groups.feeling_button"), "/gut_feeling"


def danger_button() -> tuple[str, str]:
    """Immediate danger, first among the choices offered when the reading found nothing: a description the reading
    misses may be one of danger (an independent blind item was), and one press gives what to do this minute."""
    return wording.text("groups.danger_button"), "/immediate_danger"


def group_buttons() -> list[tuple[str, str]]:
    """Immediate danger, a button per group, physical injuries, and the feeling that something is wrong."""
    buttons = [(title(key), f'/choose_group{{"group":"{key}"}}') for key in GROUPS]
    return [danger_button()] + buttons + [(title(INJURY), f'/choose_group{{"group":"{INJURY}"}}'), feeling_button()]


def features_in(group: str) -> list[str]:
    """The alerting feature ids of one group, in the guideline's order."""
    _, categories = GROUPS[group]
    knowledge = guideline()
    stronger = {f.conditions.escalates_to for f in knowledge.features if f.conditions.escalates_to}
    # 1.3.32 and 1.3.34 are reached from 1.3.31 and 1.3.33 by the persistence question, not chosen directly
    return [f.id for f in knowledge.features if f.category in categories and f.id not in stronger]


def group_text(group: str) -> tuple[str, list[tuple[str, str]]]:
    """The group's features in plain words, each a button, with the level and the condition it carries."""
    knowledge = guideline()
    lines = [wording.text("groups.which_feature", group=title(group))]
    buttons = []
    for fid in features_in(group):
        feature = knowledge.feature(fid)
        lines.append(f"• NG76 {fid} ({feature.level}): {feature.title}")
        buttons.append((f"{fid} {feature.title}", f'/choose_feature{{"feature":"{fid}"}}'))
    return "\n".join(lines), buttons + [feeling_button()]


def choose_feature(concern: Concern, fid: str) -> Note:
    """The practitioner chose a feature from a group: note it, with the questions its conditions need."""
    feature = guideline().feature(fid)
    note = Note(wording.text("groups.you_chose", feature=feature.title.lower()), feature.id, feature.level,
                feature.title, "met", details=["chosen from the list, not read from your words"])
    concern.notes.append(note)
    conditions = feature.conditions
    asks = []
    if conditions.persistence in ("required", "escalates"):
        asks.append(Question("persistence", [fid]))
    if conditions.age is not None and conditions.age.pre_pubertal:
        asks.append(Question("puberty", [fid]))
    if conditions.age is not None and conditions.age.under:
        asks.append(Question("under", [fid], under=conditions.age.under))
    for question in asks:
        if not any(q.kind == question.kind and q.features == question.features for q in concern.questions):
            concern.questions.append(question)
    concern.advised = False
    return note


_GROUP_WORDS = {"neglect": "neglect", "supervision": "neglect", "emotion": "emotional", "behaviour": "emotional",
                "sexual": "sexual", "health": "health", "medical": "health", "care": "health",
                "parent": "interaction", "interaction": "interaction", "injur": INJURY, "mark": INJURY}


def group_in(text: str) -> Optional[str]:
    """A group named in typed words ("show me the neglect features"), if any."""
    words = (text or "").lower()
    return next((group for key, group in _GROUP_WORDS.items() if key in words), None)


def feature_in(text: str) -> Optional[str]:
    """An alerting feature number in typed words ("it's 1.3.13"), if any."""
    match = re.search(r"\b1\.3\.(1[2-9]|[23]\d|4[0-3])\b", text or "")
    return match.group(0) if match else None
