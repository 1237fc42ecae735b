"""``gov-report library new REPORTS LIBRARY``: a library from a folder of raw reports.

For each ``*.txt`` of ``REPORTS`` (in name order) it writes a report folder the way ``gov-report
new`` would start one, ``reports/<issuer>-<year>/sources/``: the raw report, byte for byte,
and its config with what the report's own text says (title, issuer, year, date), where a
maintainer corrects it; then ``library.yml`` and a starter ``indicators.yml``. A report the
pipeline refuses is kept too, with the reason as a comment in its config: the library lists it
as not built until it is fixed.

The issuer is the pipeline's (the title's ``…关于``, the first sentence's ``我代表…人民政府``),
made whole from the byline's congress (罗湖区人民政府 in ``在深圳市罗湖区第七届人民代表大会`` →
深圳市罗湖区人民政府), else read off the title's place name (2017年广东省政府工作报告 →
广东省人民政府); the year is the first its title names. Either may be wrong: the config says
where each came from.

The library is made in a temporary folder beside ``LIBRARY`` and renamed into place when it
is complete: a failure leaves nothing behind.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ...curated.settings import settings_for
from ...errors import BuildError
from ...pages.library.address import issuer_slug
from ...pages.library.record import report_year
from ...paths import LIBRARY_CONFIG, SOURCES
from ...text import pipeline
from ...text.model import Document
from ..files import put
from ..scaffold import report_config, yaml_scalar

# The congress a work report was delivered at names the whole place: 在深圳市罗湖区第七届….
_CONGRESS = re.compile(r"在([\u4e00-\u9fff]{2,14}?)第[一二三四五六七八九十]{1,3}[届屆]")
# A place name in a title, the whole of it up to the government's or the committee's own name
# (or the year): 2017年广东省政府工作报告, 2016年坪山新区管委会工作报告, 深圳市坪山区政府工作报告,
# 光明新区2017年工作报告, 深圳市宝安区人民政府区长….
_PLACE = re.compile(
    r"(?:^|\d{4}年)([\u4e00-\u9fff]{2,12}?(?:新区|[省市区县]))(?=人民政府|政府|管委会|管理委员会|\d{4}年)"
)
_COMMITTEE = re.compile(r"管委会|管理委员会")

LIBRARY_YML = """\
# A library of reports (GUIDE.md, "A library of reports"): `gov-report library` builds it.
title:
  zh-Hans: 政府报告文库
  zh-Hant: 政府報告文庫
reports:
  - reports
indicators: indicators.yml
"""

INDICATORS_YML = """\
# Which figures of different reports are the same quantity (build_tools/curated/indicators.py).
# labels: the figure finder's labels (each report's figures page, 所指), compared without a
# leading year and lead-in words. Add an indicator, build, and check its page.
indicators:
  - id: gdp
    name: 地区生产总值
    category: money
    unit: 亿元
    labels: [地区生产总值, 本区生产总值, 本市生产总值, 本地生产总值]
  - id: budget-revenue
    name: 一般公共预算收入
    category: money
    unit: 亿元
    labels: [一般公共预算收入, 地方一般公共预算收入]
"""


@dataclass(frozen=True, slots=True)
class Started:
    """One report of the new library: its folder's name, and why it cannot be built yet."""

    folder: str
    problem: str = ""


def _issuer(doc: Document) -> tuple[str, str]:
    """The issuer, and where it came from (for the config's comment)."""
    meta = doc.meta_hans
    head = meta.title + "".join(b.text for b in doc.hans.preface[:8])
    congress = _CONGRESS.search(head)
    if meta.issuer:
        place = meta.issuer.removesuffix("人民政府")
        if congress and congress.group(1).endswith(place) and congress.group(1) != place:
            return congress.group(1) + "人民政府", "the report's text and its byline's congress"
        return meta.issuer, "the report's text"
    m = _PLACE.search(meta.title)
    if m is None:
        return "", ""
    committee = _COMMITTEE.search(meta.title[m.end() :]) or m.group(1).endswith("新区")
    body = "管理委员会" if committee else "人民政府"
    return m.group(1) + body, "the title's place name"


def _config(doc: Document) -> tuple[str, str, int | None]:
    """The report's config text, its issuer and its year."""
    issuer, issuer_from = _issuer(doc)
    year = report_year(doc, None)
    # The pipeline's issuer line gives way to the one below, which says where it came from. A
    # title made from the file's name stays a comment: the tool makes it again at each build
    # (and better, as it improves), and the maintainer may write the real one there.
    text = re.sub(r"(?m)^issuer: .*\n", "", report_config(doc))
    if any(n.rule == "no-title" for n in doc.notices):
        text = re.sub(r"(?m)^((?:short_)?title: .*)$", r"# \1   (made from the file's name)", text)
    lines = [text.replace("`gov-report new`", "`gov-report library new`")]
    lines.append(
        f"issuer: {yaml_scalar(issuer)}   # from {issuer_from}: check it\n"
        if issuer
        else "# issuer: ?   (the report does not say: write the issuing government's name)\n"
    )
    lines.append(
        f"year: {year}   # the first year the title names, else the one the text gives: check it\n"
        if year
        else "# year: ?   (the title names none: write the year the report is of)\n"
    )
    return "".join(lines), issuer, year


def _unique(name: str, taken: set[str]) -> str:
    found, n = name, 2
    while found in taken:
        found, n = f"{name}-{n}", n + 1
    taken.add(found)
    return found


def _report(txt: Path, number: int, tmp: Path, taken: set[str]) -> Started:
    """One report's folder in the library being made (written with ``files.put``, which never
    follows a link)."""
    data = txt.read_bytes()
    name = txt.name if txt.name.endswith(".raw.txt") else txt.name.removesuffix(".txt") + ".raw.txt"
    try:
        settings = settings_for(txt)
        doc = pipeline.run(txt, settings.scripts, settings.report.given, data=data)
    except BuildError as err:
        folder = _unique(f"report-{number}", taken)  # the text's place in the folder
        comment = "".join(f"# {line}\n" for line in str(err).replace(str(txt), name).splitlines())
        config = f"# `gov-report library new` could not read this report:\n{comment}"
        problem = err.message
    else:
        config, issuer, year = _config(doc)
        folder = _unique(f"{issuer_slug(issuer) if issuer else 'report'}-{year or 'year'}", taken)
        problem = ""
    sources = f"reports/{folder}/{SOURCES}"
    put(tmp, f"{sources}/{name}", data)
    put(tmp, f"{sources}/{name.removesuffix('.raw.txt')}.yml", config.encode("utf-8"))
    return Started(folder, problem)


def new_library(reports: Path, folder: Path) -> list[Started]:
    """Write a library for the ``*.txt`` of ``reports`` into ``folder`` (new or empty)."""
    texts = sorted(p for p in reports.glob("*.txt") if p.is_file()) if reports.is_dir() else []
    if not texts:
        raise BuildError(
            "no raw reports (*.txt) here", path=reports, hint="give the folder that holds the raw reports"
        )
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BuildError(
            "the folder is not empty", path=folder, hint="give a new or empty folder for the library"
        )
    target = Path(os.path.abspath(folder))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        taken: set[str] = set()
        made = [_report(txt, n, tmp, taken) for n, txt in enumerate(texts, start=1)]
        put(tmp, LIBRARY_CONFIG, LIBRARY_YML.encode("utf-8"))
        put(tmp, "indicators.yml", INDICATORS_YML.encode("utf-8"))
        os.chmod(tmp, 0o755)
        os.rename(tmp, target)  # onto a missing or empty folder: all at once
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return made
