"""Local referral contacts that safeguarding leads maintain, and the national routes that are always given.

A deployment keeps one contacts file (``contacts/*.csv``, one row per local authority area; see
``docs/contacts.md``). The assistant puts the child's local front door in front of the practitioner, or the
out-of-hours team when the front door is closed, and never invents a contact: everything it gives comes from
that file or from the national routes in the guideline notes.

    d = load_directory()            # BOT_CONTACTS_FILE, or contacts/example-contacts.csv
    ans = d.lookup("Leds")          # typo-tolerant; postcodes work when districts are configured
    ans.to_text(); ans.to_payload()
"""
from .directory import ContactDirectory, configured_path, get_directory, load_directory
from .lookup import ContactAnswer
from .national import national_routes
from .office_hours import LONDON, OfficeHours
from .schema import COLUMNS, Area, Contact, Problem

__all__ = [
    "COLUMNS",
    "LONDON",
    "Area",
    "Contact",
    "ContactAnswer",
    "ContactDirectory",
    "OfficeHours",
    "Problem",
    "configured_path",
    "get_directory",
    "load_directory",
    "national_routes",
]
