"""Build tests/fixtures/openalex/ from the real OpenAlex files in ../shared/data/openalex (maintainers only).

Set HUBSCOPE_SHARED when ../shared is elsewhere (e.g. from a worktree).

The snapshot part is copied byte for byte. The API works records (recorded responses) are written unchanged,
one JSON object per line, into a part laid out as the snapshot lays out its parts; the manifest is written in
the snapshot's own format for the parts here. PROVENANCE.md says which file came from where.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sys
from pathlib import Path

import yaml

SHARED = Path(os.environ.get("HUBSCOPE_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "data" / "openalex"
OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "openalex"


def api_works(shared: Path) -> list[dict]:
    """Every distinct work in the recorded API responses, in the order first seen."""
    works: dict[str, dict] = {}
    cassette = yaml.safe_load((shared / "api-openalexPro" / "oa_snowball.yml").read_text(encoding="utf-8"))
    for interaction in cassette["http_interactions"]:
        for work in json.loads(interaction["response"]["body"]["string"]).get("results", []):
            works.setdefault(work["id"], work)
    page = json.loads((shared / "api-openalexPro" / "results_page_1.json").read_text(encoding="utf-8"))
    for work in page["results"]:
        works.setdefault(work["id"], work)
    entity = json.loads((shared / "api-entities-openalex-python" / "W2741809807.json").read_text(encoding="utf-8"))
    works.setdefault(entity["id"], entity)
    return list(works.values())


def main(shared: Path = SHARED, out: Path = OUT) -> None:
    works_dir = out / "snapshot" / "works"
    old = works_dir / "updated_date=2023-05-16" / "part_000.gz"
    old.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shared / "snapshot-go-openalex" / "works" / "updated_date=2023-05-16" / "part_000.gz", old)
    new = works_dir / "updated_date=2025-11-17" / "part_000.gz"
    new.parent.mkdir(parents=True, exist_ok=True)
    records = api_works(shared)
    lines = "".join(json.dumps(w, ensure_ascii=False, separators=(",", ":")) + "\n" for w in records)
    with open(new, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(lines.encode("utf-8"))
    entries = []
    for part, count in ((old, 27), (new, len(records))):
        rel = part.relative_to(works_dir).as_posix()
        entries.append({"url": f"s3://openalex/data/works/{rel}",
                        "meta": {"content_length": part.stat().st_size, "record_count": count}})
    manifest = {"entries": entries, "meta": {"content_length": sum(e["meta"]["content_length"] for e in entries),
                                             "record_count": sum(e["meta"]["record_count"] for e in entries)}}
    (works_dir / "manifest").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    shutil.copyfile(shared / "snapshot-go-openalex" / "works" / "manifest", out / "go-openalex-manifest")
    print(f"{len(records)} API works, 27 snapshot works -> {works_dir}")


if __name__ == "__main__":
    main(*(Path(a) for a in sys.argv[1:]))
