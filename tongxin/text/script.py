"""Traditional <-> simplified conversion through OpenCC, with converters made once, lazily."""

from __future__ import annotations

import threading

_converters: dict[str, object] = {}
_lock = threading.Lock()


def converter(config: str):
    """The OpenCC converter for ``config`` (``t2s``, ``s2t``...), created on first use."""
    conv = _converters.get(config)
    if conv is None:
        with _lock:
            conv = _converters.get(config)
            if conv is None:
                import opencc  # imported lazily: loading the dictionaries takes a moment

                conv = opencc.OpenCC(config)
                _converters[config] = conv
    return conv


def to_simplified(text: str) -> str:
    return converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    return converter("s2t").convert(text)


def _convert_same_length(text: str, config: str) -> str:
    conv = converter(config)
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    # A phrase rule changed the length somewhere.  Every single character converts to
    # exactly one character (checked over all of CJK), so redo the lines that differ
    # character by character: offsets then stay valid, at the cost of phrase context there.
    fixed = []
    for line in text.splitlines(keepends=True):
        conv_line = conv.convert(line)
        if len(conv_line) != len(line):
            body = line.rstrip("\r\n")
            chars = conv.convert("\n".join(body)).split("\n")
            if len(chars) != len(body) or any(len(c) != 1 for c in chars):
                chars = list(body)  # never expected; keep the original rather than misalign
            conv_line = "".join(chars) + line[len(body) :]
        fixed.append(conv_line)
    return "".join(fixed)


def simplified_aligned(text: str) -> str:
    """Simplified text of exactly the same length, so offsets carry over one to one."""
    return _convert_same_length(text, "t2s")
