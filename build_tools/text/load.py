"""Stage ``load``: raw bytes to numbered lines.

Accepts UTF-8 with or without a BOM, GB18030, Big5 and UTF-16 with a BOM (Windows Notepad's
"Unicode"); CRLF and CR line ends become LF.
Rejects empty, binary, HTML and absurdly large input with a message that says what to do.
"""

from __future__ import annotations

import errno
import functools
import os
import re
import select
import stat
from pathlib import Path

from ..errors import InputError
from .model import Draft, Line

# The most frequent Chinese characters (Simplified); their Traditional forms are added at run
# time. Text decoded with the wrong codec is mostly rare characters, so the share of these
# tells GB18030 from Big5 on any real report.
_COMMON_HANS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体"
    "制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内"
    "数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提"
    "直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计"
    "别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海"
    "口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身"
    "车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石"
    "记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青"
    "省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型"
    "眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严，。、；：（）《》“”"
)
_TRAD_EXTRA = (
    "這國個們時來為會發動經進對說產種後學過現實兩體機當點從業應開還與關間樣無係條沒結問題黨員總長頭"
    "資邊級圖統組見計別論運農幾區決戰處隊給門規熱領導壓爭濟階術極聯認權證轉單風帶場車務萬達積議聲報"
    "類離華確張馬節話況許傳群廣記須際驗連斷難礦委備辦習響約團歷構稱準號維劃選標寫親類專層狀圓調縣參"
    "細聽該鐵價嚴麵製複臺佈"
)

# A report of this kind is tens of kilobytes (the largest of 43 real ones, 87 KB); every stage
# is linear, and a 10 MB file generates in about 15 s of one core. Far beyond that the file is
# surely not one report (a dump, a log): refused at once rather than built for minutes.
MAX_BYTES = 16 * 2**20

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HTML = re.compile(r"^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    return frozenset(_COMMON_HANS + _TRAD_EXTRA)


#: the share of common characters above which text reads as Chinese (see _score)
_CHINESE = 0.3


def _score(text: str) -> float:
    """Share of common Chinese characters among the non-ASCII characters of ``text``."""
    wide = [c for c in text if ord(c) > 0x7F and not c.isspace()]
    if not wide:
        return 0.0
    common = _common()
    return sum(c in common for c in wide) / len(wide)


def _too_large(size: int, path: str) -> InputError:
    """``size``: the file's, or (read to one byte past the limit) MAX_BYTES + 1."""
    held = f"is {size / 2**20:.0f} MB" if size > MAX_BYTES + 1 else f"holds more than {MAX_BYTES // 2**20} MB"
    return InputError(
        f"the file {held}; a report is far smaller (the limit is {MAX_BYTES // 2**20} MB)",
        path=path,
        line=1,
        hint="check that this is the report's text and not a dump of a whole site",
    )


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Return ``(text, encoding)`` for the bytes of a raw report."""
    if not data.strip():
        raise InputError(
            "the file is empty",
            path=path,
            line=1,
            hint="give the scraped report as a text file (UTF-8, GB18030 or Big5)",
        )
    if len(data) > MAX_BYTES:
        raise _too_large(len(data), path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked(data.decode("utf-16"), "utf-16", path)
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: the checks below say what it is
    if b"\x00" in data[:65536]:
        found = _utf16_without_bom(data)
        if found:
            return found
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(
            "the file is binary (it holds NUL bytes), not text",
            path=path,
            line=line,
            hint="save the report page as plain text and build from that file",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            text, encoding = data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError as err:  # a UTF-8 mark, then bytes that are not UTF-8
            raise InputError(
                f"the file starts with a UTF-8 byte-order mark but byte {err.start + 3} is not "
                f"UTF-8 ({err.reason})",
                path=path,
                line=data[: err.start + 3].count(b"\n") + 1,
                hint="the file is damaged or mixes encodings: save the report page again as UTF-8 text",
            ) from None
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as utf8_error:
            text, encoding = _chinese_codec(data, path, utf8_error)
        if data.isascii():  # 7-bit encodings of Chinese read as plain ASCII
            text, encoding = _seven_bit(data) or (text, encoding)
    return _checked(text, encoding, path)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte-order mark: the byte order whose text reads as
    Chinese (and holds no control characters), else None."""
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _CONTROL.search(text) and _score(text[:20000]) >= _CHINESE:
            return text, codec
    return None


def _chinese_codec(data: bytes, path: str, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    """Not UTF-8: GB18030 or Big5, whichever reads as Chinese; else an error at the line where
    the codec that read furthest stopped (a GB18030 file with one UTF-8 line stops there)."""
    candidates: list[tuple[float, str, str]] = []
    stops: list[tuple[int, str]] = [(utf8_error.start, "UTF-8")]
    for codec, name in (("gb18030", "GB18030"), ("big5hkscs", "Big5")):
        try:
            decoded = data.decode(codec)
        except UnicodeDecodeError as err:
            stops.append((err.start, name))
            continue
        candidates.append((_score(decoded), codec, decoded))
    best = max(candidates, default=None)
    if best is not None and best[0] >= _CHINESE:
        return best[2], best[1]
    at, name = max(stops) if best is None else stops[0]
    line = data[:at].count(b"\n") + 1
    if best is None and name != "UTF-8" and line > 1:
        message = (
            f"the file reads as {name} up to this line, which holds bytes that are not {name} "
            "(the file mixes encodings: a line in UTF-8, perhaps)"
        )
    else:
        message = "the file is neither UTF-8 nor Chinese text in GB18030 or Big5"
    raise InputError(
        message,
        path=path,
        line=line,
        hint="convert the file to UTF-8 (for example with iconv) and build again; retype or re-save "
        "a line that was pasted from elsewhere",
    )


#: 7-bit encodings of Chinese, and what marks them in ASCII text: HZ shifts into GB2312 with
#: ``~{`` and out with ``~}``; UTF-7 writes non-ASCII as ``+`` base64 (``+ZeVn,-``)
_SEVEN_BIT = (
    ("hz", re.compile(rb"~\{[\x21-\x7e]{2}")),
    ("utf-7", re.compile(rb"\+[A-Za-z0-9/+]{3,}")),
)


def _seven_bit(data: bytes) -> tuple[str, str] | None:
    """ASCII bytes that are Chinese text in HZ or UTF-7, decoded; else None (plain ASCII)."""
    for codec, mark in _SEVEN_BIT:
        if not mark.search(data):
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _score(text) >= _CHINESE:
            return text, codec
    return None


def _checked(text: str, encoding: str, path: str) -> tuple[str, str]:
    """``(text, encoding)``, unless the text holds control characters (binary data)."""
    control = _CONTROL.search(text)
    if control:
        line = text[: control.start()].count("\n") + 1
        raise InputError(
            f"the file holds a control character (U+{ord(control.group()):04X}); it looks binary",
            path=path,
            line=line,
            hint="save the report page as plain text and build from that file",
        )
    return text, encoding


def split_lines(text: str) -> tuple[Line, ...]:
    """Number the lines; CRLF and lone CR count as line ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return tuple(Line(no, t) for no, t in enumerate(text.split("\n"), start=1))


#: seconds a pipe may stay silent before the read gives up (``gov-report summary /dev/stdin``
#: fed by a program that never writes, or a named pipe that no program opens)
PIPE_WAIT = 30.0
_CHUNK = 1 << 20


def read_report(path: str | Path) -> bytes:
    """The bytes of a raw report, never more than :data:`MAX_BYTES`: a regular file, or a
    pipe (``/dev/stdin``, a named pipe) read until its writer closes it. A device
    (``/dev/zero``, a terminal) is refused before it is read."""
    p = Path(path)
    try:
        info = p.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(p))
        if stat.S_ISREG(info.st_mode):
            if info.st_size > MAX_BYTES:
                raise _too_large(info.st_size, str(p))  # refused without reading it
            with p.open("rb") as f:
                data = f.read(MAX_BYTES + 1)  # a file that grows meanwhile is cut here
        elif stat.S_ISFIFO(info.st_mode) or stat.S_ISSOCK(info.st_mode):
            data = _read_pipe(p)
        else:
            raise InputError(
                "this is a device (like /dev/zero or a terminal), not a file",
                path=p,
                hint="give the report's text file (or pipe it in: gov-report summary /dev/stdin < FILE)",
            )
    except FileNotFoundError:
        raise InputError("no such file", path=p, hint="check the path of the raw report") from None
    except IsADirectoryError:
        raise InputError("this is a folder, not a file", path=p, hint="give the raw report file") from None
    except OSError as err:
        raise InputError(
            f"cannot read the file: {err.strerror}", path=p, hint="check the file's permissions"
        ) from None
    if len(data) > MAX_BYTES:
        raise _too_large(len(data), str(p))
    return data


def _read_pipe(path: Path) -> bytes:
    """Read a pipe to its end, at most :data:`MAX_BYTES` + 1 bytes, waiting at most
    :data:`PIPE_WAIT` seconds for each chunk (opened without blocking: a named pipe that no
    program writes to would block ``open`` for ever)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_BYTES:
            if not poller.poll(int(PIPE_WAIT * 1000)):
                raise InputError(
                    f"nothing came through this pipe for {PIPE_WAIT:.0f} s"
                    + (f" after {size} bytes" if size else " (no program is writing to it)"),
                    path=path,
                    hint="save the report to a file and give that file, or start the program that "
                    "writes to the pipe",
                )
            try:
                chunk = os.read(fd, min(_CHUNK, MAX_BYTES + 1 - size))
            except BlockingIOError:
                continue
            if not chunk:
                break  # the writer closed the pipe
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def load(path: str | Path) -> Draft:
    """Read the raw report from disk (this stage and ``write`` are the only ones that touch it)."""
    return from_bytes(read_report(path), str(path))


def from_bytes(data: bytes, path: str) -> Draft:
    text, encoding = decode(data, path)
    lines = split_lines(text)
    for line in lines[:20]:
        if _HTML.match(line.text):
            raise InputError(
                "this is an HTML page, not the page's text",
                path=path,
                line=line.no,
                hint="save the page as text (in a browser: select the page, copy, paste into a "
                "UTF-8 text file) and build from that file",
            )
    return Draft(path=path, encoding=encoding, raw=lines)
