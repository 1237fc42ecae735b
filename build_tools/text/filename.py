"""A title made from a raw file's name, for a report whose text and page give none.

Scraped files are named after the page's title with the year they were published appended:
``国务院政府工作报告_2015年.txt``, ``盐田区2017年政府工作报告_2017.txt``,
``深圳市光明区人民政府关于2021年度法治政府建设情况的报告_2022.txt``. That trailing year is
when the file was published, not what the report is about (the 2021 report above came out in
2022), so it never enters the title. The name's own words are the title; a name that states
no year (nor the session the report was delivered at) gets the year the text itself gives
(:func:`report_year`), or none.
"""

from __future__ import annotations

import re
from pathlib import Path

from .model import Report

# A piece of the name that is only a year: 2015, 2015年, 2015年度 (the published year when last).
_YEAR_PIECE = re.compile(r"(19|20)\d\d年?度?")
# A year the name's words already state: 2015年, 关于2021年度, （2017）.
_NAMED_YEAR = re.compile(r"(19|20)\d\d")
# A name that is a headline naming the session (…在…第九次会议上作政府工作报告): a year in
# front of it would not read as a title.
_SESSION = re.compile(r"会议上|會議上")
# What the text says of its own year, in a chapter or part heading: the year a work report's
# plan is for (2015年工作安排 / 工作任务 / 主要工作 / 工作重点 …, 对2018年政府工作的建议), else the
# year after its review (2014年工作回顾: delivered in 2015).
_PLAN = re.compile(
    r"(\d{4})年(?:度)?[^，。]{0,14}?(?:工作安排|工作任务|主要工作|工作重点|工作部署|总体部署|政府工作|工作建议"
    r"|总体要求|主要任务|工作目标)"
)
_REVIEW = re.compile(r"^(\d{4})年(?:度)?工作回顾$")
# The byline: "——2016年3月5日在第十二届全国人民代表大会第四次会议上".
_DELIVERED_ON = re.compile(r"(\d{4})年\d{1,2}月\d{1,2}日[\s\u3000]*在")


def report_year(report: Report) -> tuple[str, str]:
    """The year the report is of, as its text says it, and where: its byline's date, else the
    year of its plan in a heading (二、2015年工作总体部署), else the year after the one its
    review heading names (一、2014年工作回顾). ``("", "")`` when the text says none."""
    for block in report.preface[:8]:
        m = _DELIVERED_ON.search(block.text)
        if m:
            return m.group(1), f"the byline's date (line {block.line})"
    headings = [(p.title, p.line) for p in report.parts] + [(c.title, c.line) for c in report.chapters]
    for title, line in headings:
        m = _PLAN.search(title)
        if m:
            return m.group(1), f"the year of its plan (line {line}: {title})"
    for title, line in headings:
        m = _REVIEW.match(title)
        if m:
            return str(int(m.group(1)) + 1), f"the year after its review (line {line}: {title})"
    return "", ""


def title_from_name(path: str, report: Report) -> tuple[str, str]:
    """The title a file's name gives, and how it was made (for the notice); ``("", "")``
    when the name has no Chinese words."""
    stem = Path(path).name.split(".")[0]
    pieces = [p for p in re.split(r"[_\-\s]+", stem) if re.search(r"[\u4e00-\u9fff\d]", p)]
    published = pieces.pop() if len(pieces) > 1 and _YEAR_PIECE.fullmatch(pieces[-1]) else ""
    if not any(re.search(r"[\u4e00-\u9fff]", p) for p in pieces):
        return "", ""
    words = "".join(p + "年" if re.fullmatch(r"\d{4}", p) else p for p in pieces)
    left_out = f"; its trailing “_{published}” is when the file was published, left out" if published else ""
    if _NAMED_YEAR.search(words):
        return words, f"made from the file's name, which names its year{left_out}"
    if _SESSION.search(words):  # 区长姚任在…第九次会议上作政府工作报告: a headline, not a title
        return words, f"made from the file's name, which names the session it was delivered at{left_out}"
    year, where = report_year(report)
    if year:
        return f"{year}年{words}", f"made from the file's name and {where}{left_out}"
    return words, f"made from the file's name; the text names no year of its own{left_out}"
