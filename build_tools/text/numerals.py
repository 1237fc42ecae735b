"""Chinese numerals as used in report markers: 一 … 十, 十一 … 九十九."""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"
NUMERAL = "[一二三四五六七八九十]{1,3}"


def to_int(numeral: str) -> int:
    """``"三"`` → 3, ``"十二"`` → 12, ``"二十一"`` → 21. Raises ValueError on anything else."""
    if not numeral or any(c not in DIGITS + "十" for c in numeral):
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    if "十" not in numeral:
        if len(numeral) != 1:
            raise ValueError(f"not a Chinese numeral: {numeral!r}")
        return DIGITS.index(numeral)
    tens, _, units = numeral.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    value = (DIGITS.index(tens) if tens else 1) * 10 + (DIGITS.index(units) if units else 0)
    if value == 0 or tens == "一" or tens == "零":
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    return value


def from_int(n: int) -> str:
    if not 1 <= n <= 99:
        raise ValueError(n)
    tens, units = divmod(n, 10)
    if tens == 0:
        return DIGITS[units]
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[units] if units else "")
