"""The dev, unseen and unseen2 passage sets: load them, check every label's offsets against the text.

Run ``python bench/claims/passages.py --fill FILE...`` after editing a passage's text or
labels: it recomputes each label's ``start``/``end`` (each span looked up after the previous
one) and rewrites the file in the same layout.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SPLITS = ("dev", "unseen", "unseen2")


def load(split: str) -> list[dict]:
    """Every passage of a split, each label's offsets checked against its text."""
    out = []
    for path in sorted((HERE / split).glob("*.yml")):
        for p in yaml.safe_load(path.read_text(encoding="utf-8")):
            for key in ("claims", "non_claims"):
                for label in p.get(key) or []:
                    got = p["text"][label["start"]:label["end"]]
                    if got != label["span"]:
                        raise SystemExit(f"{path.name}: {p['id']}: {key} span {label['span']!r} is {got!r} "
                                         f"at {label['start']}-{label['end']}; run passages.py --fill")
            out.append(p)
    return out


def fill(passages: list[dict]) -> list[dict]:
    for p in passages:
        for key in ("claims", "non_claims"):
            cursor = 0
            for label in p.get(key) or []:
                at = p["text"].find(label["span"], cursor)
                if at < 0:
                    raise SystemExit(f"{p['id']}: {key} span {label['span']!r} not found after {cursor}")
                label["start"], label["end"] = at, at + len(label["span"])
                cursor = at + len(label["span"])
    return passages


def dump(passages: list[dict]) -> str:
    """YAML with each text as a block and each label on one line (JSON is YAML flow)."""
    lines = []
    for p in passages:
        lines.append(f"- id: {p['id']}")
        for key in ("lang", "url", "date"):
            value = p.get(key)
            lines.append(f"  {key}: {json.dumps(str(value)) if value is not None else 'null'}")
        lines.append("  text: |")
        lines += ["    " + line for line in p["text"].rstrip("\n").split("\n")]
        for key in ("claims", "non_claims"):
            labels = p.get(key) or []
            lines.append(f"  {key}:" + ("" if labels else " []"))
            for label in labels:
                order = ["span", "start", "end"] + [k for k in label if k not in ("span", "start", "end")]
                lines.append("    - " + json.dumps({k: label[k] for k in order}, ensure_ascii=False))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if sys.argv[1:2] != ["--fill"]:
        raise SystemExit("usage: passages.py --fill FILE...")
    for name in sys.argv[2:]:
        path = Path(name)
        path.write_text(dump(fill(yaml.safe_load(path.read_text(encoding="utf-8")))), encoding="utf-8")
        print(f"{path}: offsets filled")
