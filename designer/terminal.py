"""Text for a terminal: names from a file can neither drive the terminal nor forge a line.

A layer name holding ESC could retitle or clear the terminal; one holding a
newline could add a row to a table, so an invalid design could look valid.
`escape_controls` writes such characters as visible escapes (``\\x1b``, ``\\n``,
``\\u202e``); `display_document` is a copy of a design whose ids, names and class
names are escaped, for the tables the command line prints (shapes and params are
unchanged: names do not take part in them); `safe_output` escapes whatever else
reaches stdout except the line breaks and tabs of the layout itself.
"""

from __future__ import annotations

import re
from dataclasses import replace

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


_CONTROLS = "\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ud800-\\udfff" + _BIDI
"""C0 and C1 controls but newline and tab, line/paragraph separators, surrogates, bidi controls."""
_UNSAFE = re.compile(f"[{_CONTROLS}]")
_UNSAFE_ANY = re.compile(f"[\\n\\t{_CONTROLS}]")


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """``text`` with every control, line-separator, bidi-override and lone-surrogate character escaped."""
    return _UNSAFE_ANY.sub(_escape, text)


def safe_output(text: str) -> str:
    """Like `escape_controls`, but newlines and tabs (the layout's own) are kept."""
    return _UNSAFE.sub(_escape, text)


def json_safe(text: str) -> str:
    """JSON text (``ensure_ascii=False``) with the characters a terminal acts on written as ``\\uXXXX``.

    Only characters inside JSON strings can be unsafe (the layout's own newlines stay), and
    ``\\uXXXX`` there is the same value, so the data does not change.
    """
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def needs_escaping(text: str) -> bool:
    return _UNSAFE_ANY.search(text) is not None


def display_document(doc):
    """A copy of ``doc`` with ids, layer names, class names and its name escaped; ``doc`` itself when none need it.

    When escaping would make two ids equal, ``doc`` is returned (the output filter still escapes).
    """
    from designer.model import Document, DocumentError, Source

    def fix(value):
        return escape_controls(value) if isinstance(value, str) and needs_escaping(value) else value

    nodes = list(doc)
    touched = needs_escaping(doc.name) or any(
        needs_escaping(n.id) or needs_escaping(n.class_name) or needs_escaping(n.name)
        or any(needs_escaping(s.layer) for s in n.inbound) for n in nodes)
    if not touched:
        return doc
    copies = []
    for node in nodes:
        config = dict(node.config)
        if "name" in config:
            config["name"] = fix(config["name"])
        copies.append(replace(node, id=fix(node.id), class_name=fix(node.class_name), config=config,
                              inbound=tuple(Source(fix(s.layer), s.index) for s in node.inbound)))
    outputs = doc.explicit_outputs
    if outputs is not None:
        outputs = [Source(fix(s.layer), s.index) for s in outputs]
    try:
        return Document(fix(doc.name), copies, outputs)
    except DocumentError:
        return doc
