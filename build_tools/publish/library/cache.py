"""The build cache of a library (``.cache/library/`` in its folder): each report's last build.

One folder per report, named after its key and written whole by ``write.write_tree`` (so a
killed build leaves the old entry or the new one): ``record.json`` (the report's
:class:`Record`, with the hash of the inputs it was built from) and ``site/`` (the report's
built folder, as the library publishes it). The library's output is assembled from these by
hard links; a report whose inputs hash the same is not built again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ...pages.library.address import ascii_words
from ...pages.library.record import Record, from_json
from ..write import write_tree
from .job import Outcome

RECORD = "record.json"
SITE = "site"


def entry_name(key: str) -> str:
    """A report's folder in the cache: its key in ASCII and a hash of it (keys that read
    alike in ASCII stay apart)."""
    return f"{ascii_words(key)[:60] or 'report'}-{hashlib.sha256(key.encode()).hexdigest()[:10]}"


class Cache:
    """The reports' last builds, under ``root`` (``.cache/library/reports/``)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, key: str) -> Path:
        return self.root / entry_name(key)

    def site(self, key: str) -> Path:
        return self.folder(key) / SITE

    def record(self, key: str) -> Record | None:
        """The report's record from its last build; None if there is none (or it is damaged,
        or of another format: the report is built again)."""
        path = self.folder(key) / RECORD
        try:
            record = from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return None
        if record is None or record.key != key:
            return None
        if record.status == "built" and not (self.site(key) / "zh-Hans" / "index.html").is_file():
            return None
        return record

    def store(self, outcome: Outcome) -> Record:
        """Keep a job's outcome (replacing the report's earlier entry); return its record."""
        record = from_json(outcome.record)
        if record is None:
            raise ValueError("a job returned a record of another format")  # a bug
        files: dict[str, str | bytes] = {
            RECORD: json.dumps(outcome.record, ensure_ascii=False, sort_keys=True) + "\n"
        }
        files.update({f"{SITE}/{rel}": data for rel, data in outcome.files})
        write_tree(files, self.folder(record.key))
        return record
