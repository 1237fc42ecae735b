"""Check every internal link and anchor of a built site with LinkChecker, without the network.

    .venv/bin/python scripts/check_links.py site

The site is served on 127.0.0.1 by a throwaway ``http.server`` (so ``chapter-3/`` resolves to
``chapter-3/index.html`` as on GitHub Pages, which ``file://`` URLs would not do), and every
HTML page is a start URL, so a page that nothing links to is still checked. External URLs are
listed by LinkChecker but never fetched. A missing anchor is a LinkChecker warning, and this
script fails on any warning as well as on any error.

Before the site, LinkChecker checks a two-page canary site with one broken link and one broken
anchor, and must report both: an anchor check that silently stopped working (it is a plugin)
cannot pass a broken site.

Exit status: 0 when every link resolves, 1 when some do not, 2 when the check itself failed.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

# MkDocs' 404 pages link with root-absolute paths (/assets/...), which resolve only where the
# page is served as the 404 of a host's root; every other page links relatively.
SKIPPED_PAGE_NAMES = {"404.html"}

CONFIG = """\
[output]
# Print only the broken links, and the summary.
verbose=0
warnings=1

[filtering]
# Internal only: external links are not fetched (there is no network in CI).
checkextern=0

[checking]
threads=4
timeout=30
# Our own server on loopback (see _Handler): no need to be polite.
maxrequestspersecond=1000

# Report `page/#anchor` links whose anchor is missing in the target page.
[AnchorCheck]
"""

# Runs LinkChecker's command line in a child process. As root, LinkChecker switches its
# effective user to `nobody`, who may not be allowed to read this checkout: then its plugins,
# the anchor check among them, fail to load without a word. It reads nothing but our own
# loopback server, so it stays who it is.
RUNNER = """\
import sys
import linkcheck.command.linkchecker as command
assert callable(command.drop_privileges), "LinkChecker changed: review scripts/check_links.py"
command.drop_privileges = lambda: None
sys.argv[0] = "linkchecker"
sys.exit(command.linkchecker())
"""

CANARY_PAGES = {
    "index.html": '<a href="page/#present">ok</a> <a href="page/#absent">bad anchor</a>'
    ' <a href="missing/">bad link</a>',
    "page/index.html": '<h1 id="present">page</h1> <a href="../">up</a>',
}
# In LinkChecker's summary: the canary's one broken anchor and its one broken link.
CANARY_SUMMARY = "1 warning found. 1 error found."


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        # LinkChecker throttles every host to a few requests a second unless the server
        # answers with this header; then `maxrequestspersecond` above applies.
        self.send_header("LinkChecker", "unthrottled")
        super().end_headers()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # LinkChecker hangs up once it has what it needs (a font's headers, say); the
        # resulting broken pipe is not a problem of the site.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on an ephemeral loopback port; yield its base URL."""
    server = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def start_urls(root: Path, base: str) -> list[str]:
    """The site root and every HTML page under it, in a stable order."""
    pages = sorted(
        p.relative_to(root).as_posix() for p in root.rglob("*.html") if p.name not in SKIPPED_PAGE_NAMES
    )
    return [base] + [base + quote(page) for page in pages]


def linkchecker(config: Path, root: Path, *, capture: bool = False) -> tuple[int, str]:
    """Check ``root`` served on loopback; return LinkChecker's exit status and its output
    (captured, or printed as it goes)."""
    with serve(root) as base:
        urls = start_urls(root, base)
        cmd = [sys.executable, "-c", RUNNER, "--config", str(config), "--no-status", *urls]
        done = subprocess.run(cmd, check=False, capture_output=capture, text=True)
    return done.returncode, (done.stdout or "") + (done.stderr or "")


def canary_problem(config: Path, tmp: Path) -> str | None:
    """None if LinkChecker finds the canary site's broken link and anchor, else what is wrong."""
    canary = tmp / "canary"
    for rel, body in CANARY_PAGES.items():
        (canary / rel).parent.mkdir(parents=True, exist_ok=True)
        (canary / rel).write_text(f"<!doctype html><title>{rel}</title>{body}\n", "utf-8")
    status, output = linkchecker(config, canary, capture=True)
    if status == 1 and CANARY_SUMMARY in output:
        return None
    return (
        f"LinkChecker should have reported {CANARY_SUMMARY!r} on the canary site "
        f"(exit status {status}):\n{output}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site folder (e.g. site)")
    args = parser.parse_args(argv)
    root: Path = args.site.resolve()
    if not (root / "index.html").is_file():
        print(
            f"error: {root}/index.html not found; build the site first (`make site`)",
            file=sys.stderr,
        )
        return 2

    with tempfile.TemporaryDirectory(prefix="check-links-") as name:
        tmp = Path(name)
        config = tmp / "linkcheckerrc"
        config.write_text(CONFIG, encoding="utf-8")
        problem = canary_problem(config, tmp)
        if problem is not None:
            print(f"error: the link check does not work: {problem}", file=sys.stderr)
            return 2
        pages = len(start_urls(root, "")) - 1
        print(f"checking {pages} pages of {root}: internal links and anchors", flush=True)
        status, _ = linkchecker(config, root)
    if status != 0:
        print(f"broken internal links or anchors in {root}: see the report above", file=sys.stderr)
        return 1
    print("all internal links and anchors resolve")
    return 0


if __name__ == "__main__":
    sys.exit(main())
