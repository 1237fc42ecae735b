"""One small exception hierarchy; only ``cli`` turns these into messages and exit codes."""

from __future__ import annotations

from pathlib import Path


class BuildError(Exception):
    """A build cannot go on. The message says where (``path:line``), what and what to do."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint

    @property
    def where(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line is not None else self.path

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text += f"\n  what to do: {self.hint}"
        return text


class InputError(BuildError):
    """The raw report cannot be read or does not have the shape of a report."""


class DataError(BuildError):
    """Curated data (glossary, overrides, report config) is invalid."""


class FidelityError(BuildError):
    """The build would lose or alter report text without a record of it."""
