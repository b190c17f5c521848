"""Docs that tests keep honest."""

from pathlib import Path

from hubscope.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    block = README.split("```")[1].strip().splitlines()
    assert block == ["make run", "make test"]


def test_every_cli_command_is_documented():
    names = [c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands]
    for group in app.registered_groups:
        names += [f"{group.name} {c.name}" for c in group.typer_instance.registered_commands]
    assert len(names) > 10
    for name in names:
        assert f"`hubscope {name}" in README, name
