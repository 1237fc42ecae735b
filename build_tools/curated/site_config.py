"""A project's MkDocs configs (``mkdocs.yml``, ``mkdocs.zh-Hant.yml``) and the navigation they
inherit (``docs/nav.yml``), read in this one place.

MkDocs reads the configs itself to build the sites. The tool reads them only for what it
needs: the report the ``gov-report`` plugin names (``source``), the Markdown extensions (the
PDF renders the pages with the site's), the reading order under ``mkdocs serve``, and, for the
tests, a config with its ``INHERIT`` resolved. MkDocs' own tags (``!ENV``, ``!relative``,
``!!python/name``) are read as empty values, never run; a file that cannot be read is a
:class:`DataError` that names it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError
from ..paths import PLUGIN


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, with every tag it does not know read as None."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def read(path: Path) -> dict[str, Any]:
    """The config at ``path`` as written (``INHERIT`` not followed); {} if it holds no mapping."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise DataError(
            f"cannot read the MkDocs config: {str(err)[:200]}",
            path=path,
            hint="fix the file (see README: Publishing a report)",
        ) from None
    return data if isinstance(data, dict) else {}


def merged(path: Path) -> dict[str, Any]:
    """The config at ``path`` with its ``INHERIT`` chain resolved as MkDocs does: mappings
    merge key by key, every other value (a list too) replaces the parent's."""
    config = read(path)
    parent = config.pop("INHERIT", None)
    if not isinstance(parent, str):
        return config
    return _merge(merged(path.parent / parent), config)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def plugin_options(path: Path) -> dict[str, Any] | None:
    """The options of the ``gov-report`` plugin in the config at ``path`` (None: not listed)."""
    plugins = read(path).get("plugins")
    for item in plugins if isinstance(plugins, list) else []:
        if isinstance(item, dict) and PLUGIN in item:
            options = item[PLUGIN]
            return options if isinstance(options, dict) else {}
    return None


def nav(path: Path) -> list[Any] | None:
    """The ``nav`` of a navigation file (``docs/nav.yml``), None if it has none."""
    found = read(path).get("nav")
    return found if isinstance(found, list) else None
