"""The national routes the assistant may always state, exactly as listed in the guideline notes (NOTES.md).

No other national number, address or link is ever given: every local contact comes from the contacts file.
"""
from __future__ import annotations

from .schema import ROLE_LABELS, Contact

NATIONAL_ROUTES: tuple[Contact, ...] = (
    Contact(role="emergency", label=ROLE_LABELS["emergency"], phone="999"),
    Contact(role="police_non_emergency", label=ROLE_LABELS["police_non_emergency"], phone="101"),
    Contact(role="nspcc", label=ROLE_LABELS["nspcc"], phone="0808 800 5000", email="help@nspcc.org.uk"),
    Contact(role="childline", label=ROLE_LABELS["childline"], phone="0800 1111"),
    Contact(
        role="find_council",
        label=ROLE_LABELS["find_council"],
        url="https://www.gov.uk/report-child-abuse-to-local-council",
    ),
)


def national_routes() -> list[Contact]:
    """The national routes, in the order they are given: 999, 101, NSPCC, Childline, GOV.UK council finder."""
    return list(NATIONAL_ROUTES)


# Routes for situations outside NG76's alerting features, each for the situation NOTES.md names it for
# ("National routes for situations outside NG76's alerting features"); never instead of 999 or the steps.
SITUATION_ROUTES: dict[str, Contact] = {
    "nhs_111": Contact(role="nhs_111", label="NHS 111 (in England, its mental health option)", phone="111"),
    "samaritans": Contact(role="samaritans", label="Samaritans, free, any time", phone="116 123"),
    "childline": NATIONAL_ROUTES[3],
    "modern_slavery": Contact(role="modern_slavery", label="Modern Slavery & Exploitation Helpline",
                              phone="08000 121 700"),
    "police_non_emergency": NATIONAL_ROUTES[1],
}


def situation_routes(keys: list[str]) -> list[Contact]:
    """The national routes for situations outside NG76, by key (an unknown key is a KeyError: a data error)."""
    return [SITUATION_ROUTES[key] for key in keys]
