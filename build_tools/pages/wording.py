"""The Traditional site's own sentences in Taiwan's wording.

The site's labels and sentences are written once, in Simplified, and converted like the
report (OpenCC ``s2tw`` converts characters, not vocabulary). Converted, mainland words stay
mainland words: 全角, 字符, 控件, 导航, 元数据, 程序 (a computer's), 数据 (files of it), 点击, 链接,
配置文件. This table gives the Taiwan word for each, for the site's own sentences only: the
report's text never goes through it (the report says 程序 for a procedure, and keeps it), nor
do the curated texts that quote the report (glossary definitions, figure labels).

Each entry is the converted form (as ``s2tw`` writes it) and Taiwan's; phrases where only one
sense is ours (由程序按规则: a program; 人工审定的数据: data).
"""

from __future__ import annotations

#: converted (s2tw) → Taiwan usage; longest first where one holds another
TAIWAN: tuple[tuple[str, str], ...] = (
    ("全角", "全形"),
    ("半角", "半形"),
    ("字符", "字元"),
    ("網頁控件", "網頁元件"),
    ("導航路徑", "導覽路徑"),
    ("導航", "導覽"),
    ("元數據", "詮釋資料"),
    ("頁面信息", "頁面資訊"),
    ("由程序", "由程式"),
    ("程序未作改動", "程式未作改動"),
    ("審定的數據", "審定的資料"),
    ("下載全部數據", "下載全部資料"),
    ("從網上抓取", "從網路上抓取"),
    ("每次構建", "每次建置"),
    ("符合的數據", "符合的資料"),
    ("點擊", "點選"),
    ("鏈接", "連結"),
    ("配置文件", "設定檔"),
    ("文件名", "檔名"),
    ("這個地址", "這個網址"),
    ("地址有誤", "網址有誤"),
)


def taiwan(text: str) -> str:
    """The site's own converted sentence in Taiwan's words."""
    for mainland, local in TAIWAN:
        text = text.replace(mainland, local)
    return text
