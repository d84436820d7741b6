"""Which encoding a text file that is not UTF-8 is in, told from its bytes.

Spreadsheets save "CSV" in the computer's old encoding unless told "CSV UTF-8": Windows-1252
(Latin-1) in Western Europe and the Americas, Shift-JIS in Japan, and "Unicode text" is
UTF-16. Read as UTF-8, such a file fails on its first accented letter, or (UTF-16: a zero
byte after each letter) looks like a file without the expected columns. Naming the
encoding lets a trainee fix it: open the file and save it as CSV UTF-8.

Standard library only.
"""

from __future__ import annotations

import codecs
import re

SAVE_AS = 'open it in the spreadsheet and save it as "CSV UTF-8"'
_BOMS = (  # longest first: a UTF-32 LE BOM begins like a UTF-16 LE one
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16 (Unicode text)"),
    (codecs.BOM_UTF16_BE, "UTF-16 (Unicode text)"),
)
# Two Japanese characters in a row (kana or kanji): Latin-1 letters read as Shift-JIS give
# a lone character between ASCII letters, Japanese words give runs.
_JAPANESE_RUN = re.compile("[\u3040-\u30ff\u4e00-\u9fff]{2,}")


def wide_encoding(head: bytes) -> str | None:
    """UTF-16 or UTF-32 (with or without a byte-order mark) from a file's first bytes, or
    None. Without a mark, the zero bytes tell: text in those encodings has a zero beside
    each ASCII letter, and a UTF-8 or Latin-1 file has none.

    Raises:
        Nothing."""
    for mark, name in _BOMS:
        if head.startswith(mark):
            return name
    sample = head[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    return (
        "UTF-32"
        if sample.count(0) >= len(sample) // 2 + len(sample) // 8
        else ("UTF-16 (Unicode text)")
    )


def legacy_encoding(data: bytes) -> str:
    """The likely older encoding of bytes that are not UTF-8: Shift-JIS when they read as
    Japanese words, else Latin-1 (Windows-1252), the most common.

    Raises:
        Nothing."""
    cut = data.rfind(b"\n")  # whole lines only: a character cut at the end is no evidence
    sample = data[: cut + 1] if cut > 0 else data
    try:
        text = sample.decode("cp932")
    except UnicodeDecodeError:
        return "Latin-1 (Windows-1252)"
    return "Shift-JIS (Japanese)" if _JAPANESE_RUN.search(text) else "Latin-1 (Windows-1252)"


class Utf8Check:
    """UTF-8 checked a piece at a time (a character may be cut between two pieces):
    `feed(piece)` returns None while all is UTF-8, else the offset of the first bad byte
    in the whole stream.

    Raises:
        Nothing."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._offset = 0  # bytes fed before this piece

    def feed(self, piece: bytes, final: bool = False) -> int | None:
        start, self._offset = self._offset, self._offset + len(piece)
        pending = len(self._decoder.getstate()[0])  # the end of a character cut last time
        if not pending and piece.isascii():
            return None
        try:
            self._decoder.decode(piece, final)
        except UnicodeDecodeError as bad:  # its place counts the pending bytes too
            return max(start - pending + bad.start, 0)
        return None
