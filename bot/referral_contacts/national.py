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
