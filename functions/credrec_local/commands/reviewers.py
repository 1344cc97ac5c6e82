"""``credrec reviewers add|list|remove``: who may sign in to the review workbench of the local stack."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from ._common import DataDir


def register(app: typer.Typer) -> None:
    group = typer.Typer(no_args_is_help=True, help="Reviewer identities for the review workbench (credrec serve, at /).")

    @group.command("add")
    def add(name: str = typer.Argument(..., help="Reviewer name as it appears in the audit trail."),
            data_dir: Path = DataDir) -> None:
        """Create NAME (or give NAME a new token): the token is printed once and only its hash is kept."""
        from credrec_local.adapters.reviewers import add_reviewer, token_sha256

        try:
            token = add_reviewer(data_dir, name)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from exc
        sys.stdout.write(token + "\n")
        sys.stderr.write(
            f"reviewer {name!r}: paste the token above into the workbench's sign-in (shown once, not stored).\n"
            f"  for a deployed stack:  pulumi config set --secret reviewers "
            f"'{json.dumps({name: token_sha256(token)})}'   (merge with the other reviewers)\n"
            "  a running credrec serve reads the new reviewer on its next start\n")

    @group.command("list")
    def list_(data_dir: Path = DataDir) -> None:
        """Reviewer names (tokens are never shown again)."""
        from credrec_local.adapters.reviewers import load_reviewers

        for name in sorted(load_reviewers(data_dir)):
            sys.stdout.write(name + "\n")

    @group.command("remove")
    def remove(name: str, data_dir: Path = DataDir) -> None:
        """Revoke NAME's token."""
        from credrec_local.adapters.reviewers import remove_reviewer

        if not remove_reviewer(data_dir, name):
            raise typer.BadParameter(f"no reviewer {name!r}")
        sys.stderr.write(f"reviewer {name!r} removed\n")

    app.add_typer(group, name="reviewers")
