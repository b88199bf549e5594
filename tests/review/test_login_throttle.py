"""Password guessing is slowed by address and by account, and a guesser cannot lock a lead out (``throttle``)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot.review import throttle
from bot.review.addresses import client_address, trusted_networks

from .conftest import PASSWORD

GUESSER = "203.0.113.7"
LEAD_DESK = "198.51.100.20"
WRONG = "not the password at all"


def refused(review) -> list[tuple[str, str]]:
    return [(r["username"], r["detail"]) for r in review.rows("review_audit") if r["action"] == "login-refused"]


def test_one_address_cannot_try_a_password_on_every_account(any_review):
    """A few wrong passwords on each of many accounts, all under the per-account limit, lock the address."""
    review = any_review
    names = [f"lead.{n}" for n in range(10)]
    for name in names:
        review.account(name, "lead")
    review.account("lead.spare", "lead")
    guesser = review.client(address=GUESSER)
    tries = 0
    while tries < throttle.ADDRESS_FREE:
        name = names[tries % len(names)] if tries < 2 * len(names) else f"nobody.{tries}"
        assert guesser.login(name, WRONG).status_code == 401
        tries += 1
    assert refused(review)[-1][1].endswith("; address locked"), "the lock's start is audited"
    audited = len(review.rows("review_audit"))
    # now even a right password for an account never tried from there is refused from that address ...
    reply = guesser.login("lead.spare")
    assert reply.status_code == 401 and "__Host-review_session=" not in reply.headers.get("set-cookie", "")
    assert len(review.rows("review_audit")) == audited, "refusals during the lock are not written"
    # ... while the same account logs in from anywhere else
    assert review.client(address=LEAD_DESK).login("lead.spare").status_code == 303
    # the lock ends, doubling with each further wrong password
    review.now += throttle.ADDRESS_FIRST_LOCK + timedelta(seconds=1)
    assert guesser.login("lead.0", WRONG).status_code == 401
    review.now += throttle.ADDRESS_FIRST_LOCK + timedelta(seconds=1)
    assert guesser.login("lead.spare").status_code == 401, "locked for twice as long now"
    review.now += throttle.ADDRESS_FIRST_LOCK
    assert guesser.login("lead.spare").status_code == 303


def test_a_guesser_elsewhere_cannot_lock_a_lead_out_of_the_leads_own_address(any_review):
    review = any_review
    review.account("lead.one", "lead")
    assert review.client(address=LEAD_DESK).login("lead.one").status_code == 303   # the lead's usual place
    # wrong passwords for the lead from one address, and then from many, each under its address's limit
    guesser = review.client(address=GUESSER)
    for _ in range(throttle.PAIR_FREE):
        assert guesser.login("lead.one", WRONG).status_code == 401
    assert guesser.login("lead.one").status_code == 401, "that address is locked for that account"
    for n in range(throttle.ACCOUNT_FREE - throttle.PAIR_FREE):
        assert review.client(address=f"192.0.2.{n + 1}").login("lead.one", WRONG).status_code == 401
    assert [d for _, d in refused(review)].count("wrong") == throttle.ACCOUNT_FREE
    # everywhere new the account is locked now, even for the right password ...
    assert review.client(address="192.0.2.200").login("lead.one").status_code == 401
    assert refused(review)[-1] == ("lead.one", "locked")
    # ... but the lead gets in from where the lead works, during both locks
    assert review.client(address=LEAD_DESK).login("lead.one").status_code == 303
    # and, the account's counts having started again with the right password, from a new place too
    assert review.client(address="192.0.2.201").login("lead.one").status_code == 303


def test_the_account_wide_lock_ends_and_an_administrator_can_lift_the_locks(review):
    review.account("lead.one", "lead")
    for n in range(throttle.ACCOUNT_FREE):
        review.client(address=f"192.0.2.{n + 1}").login("lead.one", WRONG)
    assert review.client(address="192.0.2.200").login("lead.one").status_code == 401
    review.now += throttle.FIRST_LOCK + timedelta(seconds=1)
    assert review.client(address="192.0.2.200").login("lead.one").status_code == 303
    # locked at one address, lifted by an administrator's Enable
    for _ in range(throttle.PAIR_FREE):
        review.client(address=GUESSER).login("lead.one", WRONG)
    assert review.client(address=GUESSER).login("lead.one").status_code == 401
    admin = review.logged_in("admin.one", "admin")
    [lead] = [a for a in review.rows("review_accounts") if a["username"] == "lead.one"]
    admin.get("/accounts")
    assert admin.post("/accounts/change", {"account": str(lead["id"]), "action": "enable"}).status_code == 303
    assert review.client(address=GUESSER).login("lead.one").status_code == 303


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(review):
    review.build(trusted_proxies=trusted_networks("10.0.0.1"))
    review.account("lead.one", "lead")
    proxy = review.client(address="10.0.0.1")
    for n in range(throttle.ADDRESS_FREE):
        proxy.get("/login")
        proxy.post("/login", {"username": f"nobody.{n}", "password": WRONG},
                   headers={"X-Forwarded-For": f"1.1.1.1, {GUESSER}"})
    proxy.get("/login")
    reply = proxy.post("/login", {"username": "lead.one", "password": PASSWORD},
                       headers={"X-Forwarded-For": f"{GUESSER}"})
    assert reply.status_code == 401, "the guesser's address is locked behind the proxy"
    other = review.client(address="10.0.0.1")
    other.get("/login")
    reply = other.post("/login", {"username": "lead.one", "password": PASSWORD},
                       headers={"X-Forwarded-For": LEAD_DESK})
    assert reply.status_code == 303, "the proxy itself is not locked: the lead behind it gets in"


def test_without_a_trusted_proxy_a_forged_forwarded_for_changes_nothing(review):
    review.account("lead.one", "lead")
    guesser = review.client(address=GUESSER)
    for n in range(throttle.ADDRESS_FREE):
        guesser.get("/login")
        guesser.post("/login", {"username": f"nobody.{n}", "password": WRONG},
                     headers={"X-Forwarded-For": f"192.0.2.{n + 1}"})
    guesser.get("/login")
    reply = guesser.post("/login", {"username": "lead.one", "password": PASSWORD},
                         headers={"X-Forwarded-For": LEAD_DESK})
    assert reply.status_code == 401


@pytest.mark.parametrize("peer, forwarded, trusted, expected", [
    ("203.0.113.7", None, "", "203.0.113.7"),
    ("203.0.113.7", "198.51.100.20", "", "203.0.113.7"),                      # no proxy trusted: header ignored
    ("203.0.113.7", "198.51.100.20", "10.0.0.1", "203.0.113.7"),              # not from the proxy: ignored
    ("10.0.0.1", "198.51.100.20", "10.0.0.1", "198.51.100.20"),
    ("10.0.0.1", "6.6.6.6, 198.51.100.20", "10.0.0.1", "198.51.100.20"),     # the client's own entry is not read
    ("10.0.0.1", "198.51.100.20, 10.0.0.2", "10.0.0.0/24", "198.51.100.20"),  # past a second trusted proxy
    ("10.0.0.1", "not-an-address", "10.0.0.1", "10.0.0.1"),
    ("10.0.0.1", None, "10.0.0.1", "10.0.0.1"),
    ("::1", "2001:db8::5", "::1", "2001:db8::5"),
])
def test_the_client_address(peer, forwarded, trusted, expected):
    assert client_address(peer, forwarded, trusted_networks(trusted)) == expected


def test_a_bad_trusted_proxy_setting_is_refused():
    from bot.review.settings import Settings

    with pytest.raises(ValueError, match="BOT_REVIEW_TRUSTED_PROXIES"):
        Settings.from_env({"BOT_REVIEW_TRUSTED_PROXIES": "10.0.0.1, the proxy"})
    assert Settings.from_env({"BOT_REVIEW_TRUSTED_PROXIES": "10.0.0.1, ::1"}).trusted_proxies == \
        trusted_networks("10.0.0.1,::1")


@pytest.mark.parametrize("address, key", [
    ("203.0.113.7", "203.0.113.7"), ("::ffff:203.0.113.7", "203.0.113.7"),
    ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"), ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"),
    ("", "unknown"),
])
def test_an_ipv6_host_is_counted_by_its_64_network(address, key):
    assert throttle.address_key(address) == key


def test_counts_and_addresses_are_forgotten_after_a_month(review):
    review.account("lead.one", "lead")
    review.client(address=GUESSER).login("lead.one", WRONG)
    assert {r["address"] for r in review.rows("review_login_throttle")} == {GUESSER}
    review.now += throttle.KEEP_FOR + timedelta(minutes=1)
    assert review.client(address=LEAD_DESK).login("lead.one").status_code == 303
    assert {r["address"] for r in review.rows("review_login_throttle")} == {LEAD_DESK}
