"""``lunarstation admin member deactivate MEMBER_ID``: on SQLite and PostgreSQL, the
member's keys are refused from then on, the member stays (never deleted), doing it twice
changes nothing, and an unknown member is exit 2 with a message (issue 15)."""

from __future__ import annotations

import pytest

from lunarstation.cli import main
from lunarstation.store import Store
from lunarstation.store.accounts import add_partner, authenticate, create_key
from lunarstation.store.models import Member
from lunarstation.store.revision import current


def test_deactivate_refuses_the_members_keys_and_keeps_it(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(db_url)
    try:
        with store.write() as session:
            add_partner(session, "agency-a", "Agency A")
        with store.write() as session:
            alice = create_key(session, "agency-a", "member", "alice")
        with store.write() as session:
            other = create_key(session, "agency-a", "viewer", "bob")
        with store.read() as session:
            alice_member = session.query(Member).filter_by(name="alice").one().id
            before = current(session)

        assert main(["admin", "member", "deactivate", str(alice_member), "--db", db_url]) == 0
        out = capsys.readouterr().out
        assert f"member {alice_member} (alice of agency-a) is deactivated since" in out
        assert alice.prefix in out

        with store.read() as session:
            assert authenticate(session, alice.key) is None  # refused from now on
            assert authenticate(session, other.key) is not None  # other members untouched
            row = session.get(Member, alice_member)
            assert row is not None
            assert row.deactivated_at is not None
            first = row.deactivated_at
            assert current(session) == before + 1  # one change in the feed and the audit log

        assert main(["admin", "member", "deactivate", str(alice_member), "--db", db_url]) == 0
        capsys.readouterr()
        with store.read() as session:
            row = session.get(Member, alice_member)
            assert row is not None
            assert row.deactivated_at == first

        assert main(["admin", "member", "deactivate", "999999", "--db", db_url]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: no member 999999"), err
        assert "Traceback" not in err
    finally:
        store.close()
