"""`onrecord eval ...`: the group whose subcommands load from :mod:`onrecord.evaluation.commands`
when it is used."""

from __future__ import annotations

import importlib

import click

from .group import _Group, cli


class _EvalGroup(_Group):
    """`onrecord eval`: its subcommands live beside the measures, as a list ``COMMANDS`` of click
    commands in ``onrecord.evaluation.commands``, and load only when `eval` is used, so that the
    evaluation code stays out of this module and out of every other command's start-up."""

    def _load(self) -> None:
        if getattr(self, "_loaded", False):
            return
        self._loaded = True
        try:
            mod = importlib.import_module("onrecord.evaluation.commands")
        except ModuleNotFoundError as e:
            if e.name != "onrecord.evaluation.commands":
                raise
            return
        for cmd in getattr(mod, "COMMANDS", ()):
            self.add_command(cmd)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        self._load()
        return super().get_command(ctx, name)


@cli.group("eval", cls=_EvalGroup)
def eval_group() -> None:
    """Measure onrecord against gold data (attributions, body, times, speakers) with the
    measures of the reference scorers in ../shared/eval."""
