"""``credrec`` — the offline stack's command line.

Each sub-command lives in its own module under ``credrec_local.commands`` and exposes
``register(app: typer.Typer) -> None``; heavy imports (OCR engine, SDKs) happen inside the command
bodies so ``credrec --help`` stays fast.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="credrec",
    no_args_is_help=True,
    add_completion=False,
    help="credrec: proof-of-address recognition — offline pipeline, local engine, emulator and tools.",
)

COMMAND_MODULES = ("recognize", "emulator", "demo", "serve", "invoke", "results", "sweep", "redrive", "reviewers")


def _register() -> None:
    for name in COMMAND_MODULES:
        qualified = f"credrec_local.commands.{name}"
        try:
            module = importlib.import_module(qualified)
        except ModuleNotFoundError as exc:  # a command still being written; the others work
            if exc.name == qualified:
                continue
            raise
        module.register(app)


def main() -> None:
    _register()
    app()


if __name__ == "__main__":
    main()
