"""``lunarstation admin``: partners, members and API keys of a server's database.

``admin partner add ID --name NAME``; ``admin key create --partner ID --role ROLE
[--name LABEL]`` prints the new key once (only its digest is stored); ``admin key revoke
KEY_PREFIX``; ``admin member deactivate MEMBER_ID`` (members are deactivated, never
deleted: what they wrote keeps naming them, and none of their keys is accepted). Each takes the same ``--db`` as ``lunarstation serve``. Arguments are
checked before the database is opened, so a typo creates nothing.
"""

from __future__ import annotations

import re
from typing import Annotated

import typer

from lunarstation.cli.console import EXIT_OK, stdout
from lunarstation.cli.serve_commands import DbOption, database_url
from lunarstation.store import Store
from lunarstation.store.accounts import (
    InvalidAccountError,
    add_partner,
    check_partner_id,
    check_role,
    create_key,
    deactivate_member,
    member_keys,
    revoke_key,
)
from lunarstation.store.keys import PREFIX_PATTERN
from lunarstation.store.models import MAX_ID

app = typer.Typer(
    help="Manage the partners and API keys of a server's database.", no_args_is_help=True
)
partner_app = typer.Typer(help="Partners.", no_args_is_help=True)
key_app = typer.Typer(help="API keys.", no_args_is_help=True)
member_app = typer.Typer(help="Members (deactivated, never deleted).", no_args_is_help=True)
app.add_typer(partner_app, name="partner")
app.add_typer(key_app, name="key")
app.add_typer(member_app, name="member")

KEY_PREFIX = re.compile(PREFIX_PATTERN)


@partner_app.command("add")
def partner_add(
    partner_id: Annotated[str, typer.Argument(metavar="ID", help="Partner id, e.g. agency-a.")],
    name: Annotated[str, typer.Option("--name", help="The partner's name.")],
    db: DbOption = None,
) -> int:
    """Add a partner."""
    check_partner_id(partner_id)
    if not name.strip():
        raise InvalidAccountError("--name must not be empty")
    store = Store.open(database_url(db))
    try:
        with store.write() as session:
            add_partner(session, partner_id, name)
    finally:
        store.close()
    stdout.print(f"added partner {partner_id} ({name.strip()})", markup=False)
    return EXIT_OK


@key_app.command("create")
def key_create(
    partner: Annotated[str, typer.Option("--partner", help="Partner the key acts for.")],
    role: Annotated[
        str, typer.Option("--role", help="viewer, member, partner_admin or site_admin.")
    ],
    name: Annotated[
        str, typer.Option("--name", help="Who holds the key (a member of the partner).")
    ] = "",
    db: DbOption = None,
) -> int:
    """Create an API key and print it (once: only its SHA-256 digest is kept)."""
    check_partner_id(partner)
    check_role(role)
    store = Store.open(database_url(db))
    try:
        with store.write() as session:
            made = create_key(session, partner, role, name)
    finally:
        store.close()
    stdout.print(made.key, markup=False)
    stdout.print(
        f"(key {made.prefix}… for {made.name}, partner {made.partner_id}, role {made.role}; "
        "it is shown only now — keep it safe)",
        markup=False,
    )
    return EXIT_OK


@key_app.command("revoke")
def key_revoke(
    prefix: Annotated[
        str,
        typer.Argument(metavar="KEY_PREFIX", help="The key's first 11 characters, ls_XXXXXXXX."),
    ],
    db: DbOption = None,
) -> int:
    """Revoke an API key by its visible prefix."""
    if not KEY_PREFIX.match(prefix):
        raise InvalidAccountError(
            f"KEY_PREFIX {prefix!r} must be ls_ and 8 letters or digits, as listed by the server"
        )
    store = Store.open(database_url(db))
    try:
        with store.write() as session:
            revoke_key(session, prefix)
    finally:
        store.close()
    stdout.print(f"revoked key {prefix}", markup=False)
    return EXIT_OK


@member_app.command("deactivate")
def member_deactivate(
    member_id: Annotated[
        int,
        typer.Argument(
            metavar="MEMBER_ID",
            min=1,
            max=MAX_ID,
            help="The member's id, as GET /api/members lists it.",
        ),
    ],
    db: DbOption = None,
) -> int:
    """Deactivate a member: none of its keys is accepted from now on (the member stays,
    named by what it wrote). Doing it twice changes nothing."""
    store = Store.open(database_url(db))
    try:
        with store.write() as session:
            member = deactivate_member(session, member_id)
            prefixes = [key.prefix for key in member_keys(session, [member.id])[member.id]]
            name, partner, since = member.name, member.partner_id, member.deactivated_at
    finally:
        store.close()
    keys = ", ".join(prefixes) or "none"
    stdout.print(
        f"member {member_id} ({name} of {partner}) is deactivated since "
        f"{since.isoformat() if since else '?'}; its keys are refused: {keys}",
        markup=False,
    )
    return EXIT_OK
