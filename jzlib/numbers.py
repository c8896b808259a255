"""Numbers as reports write them, made plain: 1,234.5 / 1 234.5 -> 1234.5; −3 / －3 -> -3; 10. 5 % -> 10.5%; 百分之八 -> 8%;
八点五% -> 8.5%; 一万二千人 -> 12000人; 9成 -> 90%; 万辆（艘、架、列）次 -> 万辆次; asides without
figures that hold a comma, （预计数，下同）, and footnote marks [1] are dropped.

`plain(sentence)` returns the sentence the indicator scanner reads; the indicator table keeps
the sentence as the report wrote it. Which words count is data, in the [numbers] sections of
resources/indicator_grammar.txt; Chinese numerals are converted by cn2an, and only where they
are a quantity (before a unit, a percent sign or 个百分点, or after 百分之), so names such as
“十三五”, 一带一路 or 千人计划 are never rewritten.
"""
from __future__ import annotations

import re
import warnings
from functools import lru_cache

from .paths import sections

_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_SPACE_THOUSANDS = re.compile(r"(?<![\d.])\d{2,3}(?:[ \u3000]\d{3})+(?!\d)|(?<![\d.\s])\d(?:[ \u3000]\d{3})+(?!\d)")   # 2 063.37亿元
_SPACED = re.compile(r"(?<=\d)(?:\.[ \u3000]+(?=\d)|[ \u3000]+(?=[%.]))")     # 10. 5%, 26.2 %
_CN = "零〇一二两三四五六七八九十百千万亿"


@lru_cache(maxsize=None)
def _rules() -> dict:
    s = sections("indicator_grammar.txt")
    units = sorted(s["units"], key=len, reverse=True)
    unit_alt = "|".join(map(re.escape, units))
    not_before = "".join(f"(?<!{re.escape(w)})" for w in s["numeral_not_after"])
    lead = "一二两三四五六七八九十"      # a quantity starts with a digit or 十 (百/千/万 alone are names: 千人计划)
    number = f"[{lead}][{_CN}]*(?:点[{_CN}]+)?"
    minus = "".join(s["minus_signs"])
    tenths = "|".join(map(re.escape, s["tenths"]))
    tenth_follow = "|".join(map(re.escape, s["tenths_followed_by"]))
    return {
        "minus": re.compile(f"[{re.escape(minus)}](?=\\d)") if minus else None,
        "percent_of": re.compile(f"百分之({number})"),
        "numeral": re.compile(f"{not_before}(?<![{_CN}])({number})(?=(?:多|余)?(?:%|{unit_alt}))"),
        "tenths": re.compile(f"(\\d+(?:\\.\\d+)?|[{lead}])(?:{tenths})(?=(?:{tenth_follow})|$)"),
        "paren_classifiers": re.compile(r"(?<=[\u4e00-\u9fff])（[\u4e00-\u9fff、]{1,12}）(?=次)"),
    }


def _cn_number(text: str) -> str | None:
    """cn2an's value of a Chinese numeral as a plain decimal string, or None when it is not one."""
    # imported here, not at the top: importing cn2an takes 0.2 s, which every kernel that
    # imports jzlib paid, and most never read a Chinese numeral
    import cn2an
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            v = cn2an.cn2an(text, "smart")
        except (ValueError, KeyError, IndexError):
            return None
    return f"{v:g}" if isinstance(v, float) else str(v)


def _numeral(m: re.Match) -> str:
    # before a classifier, a numeral without a magnitude is an article or an ordinal more often
    # than a figure (一个中心, 三次产业, 市十一次党代会, 十二个重点): only 两个百分点, 八点五%, 一万二千人 count
    n = m.group(1)
    if not any(c in n for c in "百千万亿点") and not m.string.startswith(("%", "个百分点", "百分点"), m.end()):
        return m.group(0)
    scale = n[len(n.rstrip("万亿")):]             # 五千亿元 -> 5000亿元: the magnitude stays the unit's
    if scale and n[: -len(scale)]:
        v = _cn_number(n[: -len(scale)])
        return m.group(0) if v is None else m.group(0).replace(n, v + scale, 1)
    v = _cn_number(m.group(1))
    return m.group(0) if v is None else m.group(0).replace(m.group(1), v, 1)


def _percent_of(m: re.Match) -> str:
    v = _cn_number(m.group(1))
    return m.group(0) if v is None else v + "%"


def _tenths(m: re.Match) -> str:
    n = m.group(1)
    v = float(n) if n[0].isdigit() else _cn_number(n)
    if v is None:
        return m.group(0)
    return f"{float(v) * 10:g}%"


_CN_YEAR = re.compile("[〇零一二三四五六七八九]{4}(?=年)")
_CN_DIGIT = str.maketrans("〇零一二三四五六七八九", "00123456789")
_ASIDE = re.compile(r"（[^（）\d]*[，,；][^（）\d]*）")
_FOOTNOTE = re.compile(r"\[\d{1,2}\]")
_INDEX = re.compile(r"(价格(?:总)?指数(?:控制在|保持在|为|是|达到)?(?:1[01]\d|9\d)(?:\.\d+)?)(?![\d.%])")
_ITEM_NUMBER = re.compile(r"^\s*[（(]?\d{1,2}[）)]?[、.．](?!\d)")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９％．", "0123456789%.")


def cn_years(text: str) -> str:
    """二〇〇一年 -> 2001年 (a year written in Chinese numerals, digit by digit)."""
    if "〇" not in text and "零" not in text:
        return text
    return _CN_YEAR.sub(lambda m: m.group().translate(_CN_DIGIT), text)


def plain(sentence: str) -> str:
    """The sentence with its numbers in the one form the scanner reads (see the module text)."""
    r = _rules()
    sentence = sentence.translate(_FULL_WIDTH)       # 8％, ９.２ (cleaning does this too; a sentence may not be clean)
    sentence = cn_years(sentence)                       # 二〇〇一年
    if "," in sentence:
        sentence = _THOUSANDS.sub("", sentence)
    if " " in sentence or "\u3000" in sentence:
        sentence = _SPACE_THOUSANDS.sub(lambda m: re.sub(r"\s", "", m.group()), sentence)
        sentence = _SPACED.sub(lambda m: "." if "." in m.group() else "", sentence)
    if r["minus"] is not None:
        sentence = r["minus"].sub("-", sentence)
    if "百分之" in sentence:
        sentence = r["percent_of"].sub(_percent_of, sentence)
    if any(c in sentence for c in _CN[1:11]):
        sentence = r["numeral"].sub(_numeral, sentence)
        sentence = r["tenths"].sub(_tenths, sentence)
    elif "成" in sentence:
        sentence = r["tenths"].sub(_tenths, sentence)
    if "（" in sentence:
        sentence = r["paren_classifiers"].sub("", sentence)
        sentence = _ASIDE.sub("", sentence)             # （预计数，下同） would cut the clause in two
    if "[" in sentence:
        sentence = _FOOTNOTE.sub("", sentence)          # 预计[1]全省生产总值
    sentence = _ITEM_NUMBER.sub("", sentence)           # 1、新增城镇就业70万人 (a list item's number)
    if "指数" in sentence:
        sentence = _INDEX.sub(r"\1%", sentence)        # 居民消费价格指数102.5: an index in %, last year = 100
    return sentence
