"""The library's own files, around its reports: the pages (home, indicators, search) in both
scripts, the search across the library, the assets, the root page and ``library.json``.

They are made from the reports' records and their cached sites, and kept in the cache
(``.cache/library/front/``) under a digest of everything they are made from (the records,
the addresses, the indicators file, the library's title, every file of the tool): a build in
which nothing changed takes them from there, by hard links, instead of making them again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from ...curated.indicators import Indicator
from ...curated.library import LibraryConfig
from ...pages.library.record import Record
from ...pages.library.site import library_pages
from ...paths import PACKAGE, SCRIPTS
from ..root import render_chooser
from ..write import replace_file, write_tree
from .cache import Cache
from .inject import ASSETS
from .reports import _versions
from .search import Shelf, library_search

STATIC = PACKAGE / "publish" / "library" / "static"
#: the output's own record of what it holds (addresses, statuses): for programs and tests
MANIFEST = "library.json"
#: the file beside the cached files that names the digest they were made for
DIGEST = "front.digest"


def _manifest(config: LibraryConfig, records: Mapping[str, Record], where: Mapping[str, str]) -> str:
    rows = [
        {
            "key": r.key,
            "status": r.status,
            "address": where.get(r.key, ""),
            "issuer": r.issuer[0],
            "year": r.year,
            "title": r.title[0],
            **({"reason": r.reason, "where": r.where, "hint": r.hint} if r.status == "refused" else {}),
        }
        for r in sorted(records.values(), key=lambda r: r.key)
    ]
    data = {"format": 1, "title": config.title, "reports": rows}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _static() -> dict[str, bytes]:
    return {f"{ASSETS}/{p.name}": p.read_bytes() for p in sorted(STATIC.iterdir()) if p.is_file()}


def digest(
    config: LibraryConfig, records: Mapping[str, Record], where: Mapping[str, str], indicators: Path | None
) -> str:
    """What the library's own files are made from, as one hash."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(
                path.relative_to(PACKAGE).as_posix().encode() + hashlib.sha256(path.read_bytes()).digest()
            )
    h.update(json.dumps(_versions(), sort_keys=True).encode())
    h.update(json.dumps([config.title, sorted(where.items())], ensure_ascii=False).encode())
    h.update(json.dumps(sorted(r.to_json()["hash"] + r.key + r.reason for r in records.values())).encode())
    if indicators is not None:
        h.update(indicators.read_bytes())
    return h.hexdigest()


def shelves(records: Mapping[str, Record], where: Mapping[str, str], cache: Cache) -> dict[str, list[Shelf]]:
    """Each script's reports for the search, in the order of their addresses."""
    out: dict[str, list[Shelf]] = {}
    for script in SCRIPTS:
        out[script] = [
            Shelf(
                address,
                address.split("/")[0],
                records[key].year or 0,
                records[key].name(script),
                cache.site(key),
            )
            for key, address in sorted(where.items(), key=lambda kv: kv[1])
        ]
    return out


def front_files(
    config: LibraryConfig,
    records: Mapping[str, Record],
    where: Mapping[str, str],
    indicators: Sequence[Indicator],
    cache: Cache,
) -> dict[str, str | bytes]:
    """Every file of the library that is not a report's (see the module's docstring)."""
    files: dict[str, str | bytes] = {**library_pages(config.title, records, where, indicators), **_static()}
    files.update(library_search(shelves(records, where, cache)))
    files[MANIFEST] = _manifest(config, records, where)
    files["index.html"] = render_chooser(dict(config.title), pdf=False)
    return files


def cached_front(
    config: LibraryConfig,
    records: Mapping[str, Record],
    where: Mapping[str, str],
    indicators: Sequence[Indicator],
    cache: Cache,
) -> Path:
    """The folder in the cache that holds the library's own files for these inputs; made
    (and the previous one replaced) when the digest changed."""
    folder, stamp = cache.root.parent / "front", cache.root.parent / DIGEST
    wanted = digest(config, records, where, config.root / config.indicators if config.indicators else None)
    try:
        if stamp.read_text(encoding="utf-8").strip() == wanted and (folder / MANIFEST).is_file():
            return folder
    except OSError:
        pass
    write_tree(front_files(config, records, where, indicators, cache), folder)
    # After the files: a kill between the two leaves an old digest, which no input matches.
    replace_file(stamp, (wanted + "\n").encode("utf-8"))
    return folder
