"""The shapes of page furniture: lines a scraped page carries around (and sometimes inside) a
report that are not the report's text.

Recognised by their shape rather than by one site's words: a short line with no sentence in
it, made of a web page's vocabulary (navigation, widgets, sharing, footers), of symbols, of a
bare machine date, or of a file name; metadata written ``key：value`` (or the key on a line
and the value on the next); advertising of any kind. A line with a sentence in it (。！？) is
never furniture, so report text that mentions 彩票 or 打印 stays.

Each pattern says what it matches and why; ``kind`` names it for the editorial notes.
"""

from __future__ import annotations

import re

# A sentence: report text, never furniture.
_SENTENCE = re.compile(r"[。！？]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

# Advertising injected into scraped government pages: gambling, and the usual contact bait.
# 快3 / 快三 is a lottery game, but 加快三大…, 尽快三… are report text (a section heading has no
# 。 to save it): not after 加, 尽 or 赶.
SPAM = re.compile(
    r"(?<![加尽赶])快[3三]|pk10|[時时][時时]彩|彩票|彩神|六合彩|[開开][獎奖]|[娛娱][樂乐]城|棋牌|博彩|"
    r"Wellcome!!|_Welcome|客服\s*(QQ|qq|微信)|QQ\s*[:：]?\s*\d{5,}|加\s*微信|微信号\s*[:：]|"
    r"本站声明|转载请注明|轉載請註明|版权所有|版權所有|Copyright|©|ICP\s*备|ICP\s*備|公网安备",
    re.IGNORECASE,
)
# A web address on a line of its own, around the report (inside it, a report may well give
# one: 网址：http://…, which stays).
LINK = re.compile(r"https?://|www\.[a-z0-9-]+\.", re.IGNORECASE)
# "您当前的位置：首页 > …", "当前位置：", "您的位置:", and a breadcrumb's pieces on lines of
# their own: 首页, >, », 〉.
BREADCRUMB = re.compile(
    r"^\s*(您[當当]前的?位置|[當当]前位置|您的位置|所在位置|位置)\s*[:：]|"
    r"^\s*(首[页頁]|[>＞»›〉]{1,2})\s*$|^\s*首[页頁]\s*[>＞»›〉]"
)
# Metadata of the page, ``key：value`` or a key alone (its value on the next line); several
# on one line ("发布时间：2022-03-28 16:05:12  来源：区司法局") are read by ``meta_fields``.
_META_KEY = (
    r"[發发]布[時时][間间]|[發发]表[時时][間间]|[轉转][載载][時时][間间]|"
    r"[來来]源[網网]站|[來来]源|[時时][間间]|日期|作者|[責责]任[編编][輯辑]|[編编][輯辑]|"
    r"[閱阅][讀读](?:量|次[數数])|[瀏浏][覽览](?:量|次[數数])|[點点][擊击](?:量|[數数]|率)|"
    r"字[號号体體]|信息[來来]源|[發发]布[機机][構构]|[發发]布[單单]位"
)
META = re.compile(rf"^\s*[•·]?\s*(?P<key>{_META_KEY})\s*[:：]\s*(?P<value>.*?)\s*$")
_NEXT_KEY = re.compile(rf"[\s\u3000|｜]+(?=(?:{_META_KEY})\s*[:：])")


def meta_fields(text: str) -> list[tuple[str, str]]:
    """The ``key：value`` fields of a metadata line, in order; a key alone has value ""."""
    out = []
    for piece in _NEXT_KEY.split(text.strip()):
        m = META.match(piece)
        if m:
            out.append((m.group("key"), m.group("value")))
    return out


META_FIELDS = {
    "published": re.compile(r"[發发][布表][時时][間间]|[時时][間间]|日期"),
    "source_office": re.compile(r"[來来]源([網网]站)?|信息[來来]源|[發发]布[機机][構构]|[發发]布[單单]位"),
}
# A web page's controls and links: font size, print, close, share, collect, report an error,
# QR code, related items, previous/next, sign in … (one or several on a line).
_WIDGET_WORDS = (
    r"[【\[]?\s*(字[體体号號]\s*[:：]?|大|中|小|加大|还原|還原|减小|減小|默认|默認|"
    r"下载|下載|打印(本[页頁])?|全屏|收藏|关闭(窗口|本[页頁])?|關閉(窗口|本[頁页])?|"
    r"分享(到)?\s*[:：]?|分享到微信|微信|微博|QQ空间|QQ空間|我要纠错|我要糾錯|纠错|糾錯|"
    r"扫一扫(在手机(上)?(打开|浏览|查看)(当前页)?)?|掃一掃(在手機(上)?(打開|瀏覽|查看)(當前頁)?)?|"
    r"二维码|二維碼|相关(报道|文档|文章|链接|新闻|阅读)\s*[:：]?|相關(報道|文檔|文章|鏈接|新聞|閱讀)\s*[:：]?|"
    r"上一篇|下一篇|上一条|下一条|返回(顶部|首页|列表)?|返回(頂部|首頁|列表)?|TOP|"
    r"登录|注册|登錄|註冊|网站地图|網站地圖|联系我们|聯繫我們|无障碍|無障礙|"
    r"左右滑动查看(更多)?|左右滑動查看(更多)?|点击(查看)?(大图|原图|图片进入专题)|點擊(查看)?(大圖|原圖|圖片進入專題)|"
    r"附件下载|附件下載|[×✕|｜/]|更多)\s*[】\]]?"
)
WIDGET = re.compile(rf"^\s*[•·》《]*\s*(?:{_WIDGET_WORDS}\s*[》《]*\s*)+$", re.IGNORECASE)
# The font-size widget when its labels were lost in the scrape: "• 【字体:".
WIDGET_START = re.compile(r"^\s*[•·]?\s*【\s*字[體体号號]")
# A machine date or time on its own (a report writes its dates in words: 2021年3月30日).
BARE_DATE = re.compile(r"^\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(\s+\d{1,2}:\d{2}(:\d{2})?)?\s*$")
# A list of attached files, or one: "附件：1．实施方案.doc", "xx.pdf".
FILE_LINK = re.compile(
    r"\.(docx?|xlsx?|pdf|wps|zip|rar|ofd|txt|jpe?g|png)\s*(\(\d+[KMG]?B?\))?\s*$", re.IGNORECASE
)
# A diagram or digest link with its date: "图解：2021年政府工作报告 2021-03-05", "一图读懂…".
DIAGRAM = re.compile(r"^\s*(【?图解|【?圖解|一图读懂|一圖讀懂|图说|圖說|视频|視頻|H5)\S*.*$")
# Years as links of an archive: "2019年 2020年 2021年" or "2019 | 2020".
YEAR_LINKS = re.compile(r"^\s*((19|20)\d\d年?度?\s*[|｜/、]?\s*){2,}$")
# Only symbols and spaces (separators, stray marks), or a page number. A longer run of digits
# may be a date that lost its 年月日 (2021120) and is left for ``repair``.
SYMBOLS = re.compile(r"^[\s\W_]+$|^\s*\d{1,3}\s*$")


def is_sentence(text: str) -> bool:
    return bool(_SENTENCE.search(text.strip()))


def kind(text: str) -> str | None:
    """What kind of furniture ``text`` is, or None for a line that may be report text."""
    stripped = text.strip()
    if not stripped:
        return None
    if is_sentence(stripped) and len(stripped) > 12:
        return None
    if BREADCRUMB.match(stripped):
        return "breadcrumb"
    if META.match(stripped):
        return "meta"
    if WIDGET_START.match(stripped) or WIDGET.match(stripped):
        return "widget"
    if SPAM.search(stripped):
        return "spam"
    if LINK.search(stripped) and len(stripped) <= 120:
        return "link"
    if BARE_DATE.match(stripped):
        return "date"
    if FILE_LINK.search(stripped) and len(stripped) <= 80:
        return "file-link"
    if DIAGRAM.match(stripped) and len(stripped) <= 60:
        return "diagram-link"
    if YEAR_LINKS.match(stripped):
        return "year-links"
    if SYMBOLS.match(stripped) and not _HAN.search(stripped):
        return "symbols"
    return None


NOTES = {
    "blank": "a line of only spaces or no-break spaces",
    "breadcrumb": "the site's breadcrumb",
    "meta": "the page's metadata",
    "widget": "the page's controls (font size, print, share, close …)",
    "spam": "advertising injected into the page",
    "link": "a web address of the page",
    "date": "a date of the page, not of the report",
    "file-link": "a link to an attached file",
    "diagram-link": "a link to a diagram or digest of the report",
    "year-links": "links to other years",
    "symbols": "separators and stray marks",
    "caption": "a photo caption of the page",
    "page-title": "the page title (the report keeps its own title line)",
    "page-header": "the page's own title and byline above the report's",
    "duplicate": "a second copy of the report in the same page",
}
