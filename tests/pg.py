"""A real PostgreSQL server for the tests: a throwaway cluster in a temporary directory.

Debian's postgresql package provides the binaries (make sysdeps installs it). initdb refuses to
run as root, so as root the cluster runs as the postgres user. No TCP: a Unix socket only.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path


def binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class Server:
    def __init__(self, root: Path, port: int = 54329):
        self.root, self.port = root, port
        self.bin = binaries()
        self.data = root / "data"
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, timeout=60)

    def start(self) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        if self.as_user:
            shutil.chown(self.root, "postgres")
        self.run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "hubscope")
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-l", str(self.root / "log"),
                 "-o", f"-p {self.port} -k {self.root} -c listen_addresses='' -c fsync=off", "start")
        return self.url("postgres")

    def url(self, db: str) -> str:
        return f"postgresql+psycopg://hubscope@/{db}?host={self.root}&port={self.port}"

    def create(self, db: str, template: str | None = None) -> str:
        """A new database, empty or a copy of ``template`` (much faster than a fresh init)."""
        import psycopg
        with psycopg.connect(host=str(self.root), port=self.port, user="hubscope", dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{db}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(db)

    def stop(self) -> None:
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
