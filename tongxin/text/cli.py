"""Command-line core for the text kit; the Django management command wraps ``main``.

    clean FILE             print the text without pinyin residue
    claims FILE [--json]   list the quantitative claims
    article FILE [--json]  read title, meta data and body
    corruption FILE        list spots where characters were lost

FILE may be ``-`` for standard input.  Input bytes are decoded as UTF-8 (a BOM is
dropped) or else GB18030.
"""

from __future__ import annotations

import argparse
import json
import sys

from .annotations import clean_annotations
from .article import read_article
from .claims import extract_claims
from .corruption import find_corruption

ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")


def decode(data: bytes) -> str:
    """UTF-8 first (a BOM is dropped), then GB18030; raise UnicodeDecodeError if neither."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    error: UnicodeDecodeError | None = None
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            error = exc
    raise error  # type: ignore[misc]


def _read(path: str, stdin) -> str:
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin
        data = getattr(stream, "buffer", stream).read()
        return data if isinstance(data, str) else decode(data)
    with open(path, "rb") as fh:
        return decode(fh.read())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tongxin text", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("clean", help="remove pinyin residue").add_argument("file")
    for name, help_text in (("claims", "quantitative claims"), ("article", "read an article")):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("file")
        p.add_argument("--json", action="store_true", help="print JSON")
    sub.add_parser("corruption", help="spots where characters were lost").add_argument("file")
    return parser


def main(argv: list[str], stdin=None, stdout=None) -> int:
    out = stdout if stdout is not None else sys.stdout
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage error
        return int(exc.code or 0)
    try:
        text = _read(args.file, stdin)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"tongxin text: cannot read {args.file}: {exc}", file=sys.stderr)
        return 1

    if args.command == "clean":
        out.write(clean_annotations(text).text)
    elif args.command == "corruption":
        for spot in find_corruption(text):
            out.write(f"{spot.start}\t{spot.end}\t{spot.text}\n")
    elif args.command == "claims":
        claims = extract_claims(text)
        if args.json:
            out.write(json.dumps(claims, ensure_ascii=False, indent=1) + "\n")
        else:
            for c in claims:
                marker = c["marker"] or ""
                row = (c["start"], c["end"], c["surface"], c["value"], c["unit"], c["qualifier"])
                out.write("\t".join(map(str, row)) + f"\t{marker}\n")
    else:
        article = read_article(text)
        if args.json:
            out.write(json.dumps(article, ensure_ascii=False, indent=1) + "\n")
        else:
            for key in ("title", "subtitle", "published_at", "source", "editor", "dateline"):
                out.write(f"{key}: {article[key] or ''}\n")
            out.write("\n" + article["body"] + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
