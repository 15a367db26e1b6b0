"""The README is true: its generated parts are current and it names every command option."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest

from extract.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"


def _options(group: click.Group, prefix: str = "") -> list[tuple[str, str]]:
    found = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _options(command, f"{prefix}{name} ")
            continue
        for param in command.params:
            if isinstance(param, click.Option):
                found += [(f"{prefix}{name}", opt) for opt in param.opts if opt.startswith("--")]
    return found


@pytest.mark.parametrize("command, option", _options(cli))
def test_every_option_is_in_the_readme(command: str, option: str) -> None:
    assert option in README.read_text(encoding="utf-8"), f"pressdb {command} {option} is not documented"


def test_generated_readme_sections_are_current() -> None:
    pytest.importorskip("cogapp")
    result = subprocess.run([sys.executable, "-m", "cogapp", "--check", str(README)], capture_output=True, text=True)
    assert result.returncode == 0, f"run `cog -r README.md`: {result.stdout}{result.stderr}"
