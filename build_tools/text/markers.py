"""The shapes of a report's lines: the title, the byline and the salutation, headings, points,
the closing, the sign-off, appendices.

One precompiled pattern per shape, each with what it matches and why, and the one test of a
title line (:func:`is_title`); ``clean`` finds where the report begins with them, ``outline``,
``parse`` and ``ending`` read the report with them. Patterns take both scripts (the
Simplified and the Traditional texts are parsed alike and must give one structure). Shapes of
the page around a report (its furniture) are in ``furniture``.
"""

from __future__ import annotations

import re

from . import furniture

# A marker's number: exactly the numerals 1–99 that numerals.to_int reads (一 … 九, 十, 十一 …
# 九十九). A looser class would also take 一一 or 十十, which to_int rejects: such a line is
# text, not a heading.
NUMERAL = "(?:[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"
SPACE = r"[\s\u3000]"

# "一、加强组织领导，全面推进法治政府建设": a chapter heading is a short line of its own.
CHAPTER = re.compile(rf"^{SPACE}*(?P<num>{NUMERAL})、{SPACE}*(?P<title>[^\n]{{1,80}}?)\s*$")
# "（一）落实法治政府建设主体责任。…": a section, its heading run in up to the first 。
SECTION = re.compile(rf"^{SPACE}*[（(](?P<num>{NUMERAL})[）)]{SPACE}*(?P<rest>.*?)\s*$")
# Inline points: "一是…。二是…" (each marker after a sentence or clause end, or at the start).
POINT = re.compile(rf"(?:(?<=^)|(?<=[。；;：:]))(?P<num>{NUMERAL})是")
# A line that ends a sentence (or a quotation, or a bracket after one).
SENTENCE_END = re.compile(r"[。！？!?…”」』）)]$")
# Sentence punctuation anywhere: a line with it is text, not a heading of a part.
PUNCTUATION = re.compile(r"[，。；：！？、,;:!?]")

# An unnumbered part above the chapters: a short line with no punctuation, such as
# "2013年工作回顾" or "2014年工作安排" (the report then numbers its chapters anew in each).
PART = re.compile(rf"^{SPACE}*[^\s\u3000（(—–\-].{{1,28}}$")
# Words such a part's heading is made of: a period and work reviewed or planned
# ("2014年工作安排", "过去五年工作回顾"), or the parts of a yearly report on the rule of law
# ("存在的问题", "下一步工作打算", "主要做法和成效").
PART_WORDS = re.compile(
    r"^(\d{4}年|过去[一二三四五六七八九十]年|過去[一二三四五六七八九十]年|今后[一二三四五]年|"
    r"今後[一二三四五]年|[一二三四五]年来|[一二三四五]年來|一年来|一年來|今年|明年|本届政府|本屆政府)"
    r".{0,12}(回顾|回顧|安排|任务|任務|部署|要求|目标|目標|工作|建议|建議|总结|總結|成就)$"
    r"|^(存在的?(主要)?(问题|問題|不足)|主要(问题|問題|不足)|(问题|問題)和不足|不足和(问题|問題)|"
    r"下一步(的)?(工作)?(打算|计划|計劃|安排|思路|重点|重點)?|"
    r"主要(做法|成效|工作|举措|舉措)(和|及)?(成效|做法|成绩|成績)?|基本情况|基本情況|总体情况|總體情況)$"
)
# Lines of the front matter, never a title or a part's heading: the address to the deputies
# ("各位代表：", "各位委员，…"), the speaker under the title ("国务院总理　李克强"), and the
# byline (a line naming the congress it was delivered at, or starting with a dash).
SALUTATION = re.compile(rf"^{SPACE}*各位(代表|委员|委員)")
SPEAKER = re.compile(
    r"(总理|總理|省长|省長|市长|市長|区长|區長|县长|縣長|主席|州长|州長|盟长|盟長|旗长|旗長)"
    rf"{SPACE}+[\u4e00-\u9fff]{{1,2}}{SPACE}?[\u4e00-\u9fff]{{0,2}}$"
)
BYLINE = re.compile(r"会议上|會議上|^[—–-]{1,2}")

# Where the report begins on a page (``clean``): the salutation alone on its line, or a
# chapter or section heading's start (its title may run on, past what CHAPTER takes).
SALUTATION_LINE = re.compile(rf"^{SPACE}*各位(代表|委员|委員){SPACE}*[：:！!，,]?{SPACE}*$")
HEADING_START = re.compile(rf"^{SPACE}*({NUMERAL}、|[（(]{NUMERAL}[）)])")
# A section marker the scrape split over two lines, "（" then "三）改革开放…" (joined again by
# ``clean``).
MARKER_OPEN = re.compile(rf"^{SPACE}*[（(]{SPACE}*$")
MARKER_REST = re.compile(rf"^{SPACE}*{NUMERAL}[）)]")
# A byline as a whole, "——2016年3月5日在第十二届全国人民代表大会第四次会议上", or its last
# part on a line of its own: page header, never the sentence the report begins with.
DATED_BYLINE = re.compile(
    rf"^{SPACE}*([—–-]{{1,2}}|──)?{SPACE}*(\d{{4}}|[〇零一二三四五六七八九○]{{4}})"
    rf"年.{{1,3}}月.{{1,3}}日{SPACE}*在.*会议上|会议上{SPACE}*$|會議上{SPACE}*$"
)
# A byline the scrape split over two lines: "——2026年1月26日在广东省第十四届" (its start) /
# "人民代表大会第五次会议上" (its end), joined again by ``clean``.
BYLINE_START = re.compile(rf"^{SPACE}*([—–-]{{1,2}}|──){SPACE}*\d{{4}}年\d{{1,2}}月\d{{1,2}}日{SPACE}*在")
BYLINE_END = re.compile(rf"(会议|會議)上{SPACE}*$")

# A title line names a report, a plan or a review ("2018年法治政府建设年度报告",
# "国民经济和社会发展第十四个五年规划纲要", "2019年工作总结") ...
TITLE_WORDS = re.compile(r"报告|報告|纲要|綱要|规划|規劃|总结|總結")
# ... and has no sentence in it, and does not end a clause or lead in to what follows
# ("现将有关情况报告如下：") ...
_CLAUSE_END = re.compile(r"[。！？；：，,:;]\s*$")
# ... and is not a caption saying who delivers it ("省长赵刚作政府工作报告"; 工作报告 is
# not 作…报告).
_DELIVERS = re.compile(r"(?<!工)作.{0,12}(报告|報告)")
_TITLE_MAX = 100


def is_title(text: str) -> bool:
    """Whether ``text`` is a title line: the page's title above a report, or the report's own
    first line."""
    text = text.strip()
    return (
        len(text) <= _TITLE_MAX
        and bool(TITLE_WORDS.search(text))
        and not furniture.is_sentence(text)
        and not _CLAUSE_END.search(text)
        and not _DELIVERS.search(text)
        and not BYLINE.search(text)
        and not DATED_BYLINE.search(text)
        and not CHAPTER.match(text)
        and not SECTION.match(text)
        and not SALUTATION.match(text)
        and furniture.kind(text) is None
    )


# Where the closing begins after the last heading: a look back at the year ("2018年，我市…
# 虽然取得了…成绩，但是…"), the next steps ("下一步，…"), problems faced, or the exhortation
# that ends a work report ("各位代表！…").
CLOSING = re.compile(
    rf"^{SPACE}*(\d{{4}}年[，,]|下一步|今后|今後|同时也要看到|同時也要看到|但[是也]|当前|當前"
    r"|各位代表[！!]"
    r"|[^。]{0,30}(存在|面临|面臨)[^。]{0,20}(问题|問題|不足|差距|困难|困難))"
)
# A work report's address to the deputies after its last heading, "各位代表！让我们…" or
# "各位代表，团结凝聚力量…": the closing begins there, whatever the last chapter is about.
EXHORTATION = re.compile(rf"^{SPACE}*各位代表[！!，,]")
# A last chapter about problems or next steps holds the closing itself: no closing after it.
CLOSING_CHAPTER = re.compile(r"问题|問題|不足|差距|下一步|打算|计划|計劃|安排|思路|展望|今后|今後")

# The lines that close a report, one kind a line (see ending.sign_off): 特此报告。/专此报告。
# (R), the date (D), a note on publication such as （此件公开发布） (N), and the issuing body
# (I): a short line without sentence punctuation, taken only between 特此报告 and the date or
# right above a date.
SIGN_REPORT = re.compile(rf"^{SPACE}*(特此|专此|專此)[报報]告(?:[，,][^，。]{{1,8}})?[。．.！!]?{SPACE}*$")
SIGN_DATE = re.compile(rf"^{SPACE}*(\d{{4}}|[〇零一二三四五六七八九○Ｏ]{{4}})年.{{1,3}}月.{{1,3}}日{SPACE}*$")
SIGN_NOTE = re.compile(rf"^{SPACE}*[（(]此件[^（）()]{{1,20}}[）)]{SPACE}*$")
SIGN_ISSUER = re.compile(rf"^{SPACE}*[^，。；：！？,;:!?、]{{2,30}}{SPACE}*$")
SIGN_SHAPE = re.compile(r"R?I{0,2}D?N?")

# What follows a report: "附件1", "附件：", "附件2 名词解释", "附：…", "名词解释", "注释", "附表".
APPENDIX = re.compile(
    rf"^{SPACE}*(?P<head>附件{SPACE}*[0-9０-９一二三四五六七八九十]{{0,3}}|附表{SPACE}*[0-9０-９]{{0,3}}|"
    rf"附录|附錄|附(?={SPACE}*[：:])|名词解释|名詞解釋|注释|註釋|注解|註解)"
    rf"{SPACE}*(?P<sep>[：:]?){SPACE}*(?P<rest>[^。！？]{{0,40}})$"
)
