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


def test_every_interface_string_has_a_japanese_translation():
    import re

    from babel.messages.pofile import read_po
    root = Path(__file__).resolve().parents[1] / "hubscope" / "web"
    with (root / "locale" / "ja" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        have = {m.id for m in read_po(f, locale="ja") if m.id and m.string}
    used = {m.group(2) for t in (root / "templates").glob("*.html")
            for m in re.finditer(r"""_\(\s*(["'])(.+?)\1\s*[,)]""", t.read_text(encoding="utf-8"))}
    assert sorted(used - have) == []
