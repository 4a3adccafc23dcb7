"""The `keras-designer` command: check, summary (and the app with no command).

Exit codes: 0 all layers valid, 1 some layer invalid, 2 the input is not a
readable design (one line on stderr). Commands import only what they need, so
`check` stays fast and never imports TensorFlow or Qt.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Callable, Sequence

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2


class CommandError(Exception):
    """A failure to report on one stderr line, with an exit code."""

    def __init__(self, message: str, code: int = EXIT_UNREADABLE):
        super().__init__(message)
        self.code = code


def _load(path: str):
    from designer.model import DocumentError, load_document

    try:
        return load_document(path)
    except DocumentError as exc:
        raise CommandError(f"{path}: {exc}") from None


def _shape_json(shape):
    return None if shape is None else list(shape)


def check_json(doc, inference) -> dict:
    """The `check --json` object: exactly the documented keys."""
    p = inference.params
    layers = []
    for r in inference.results():
        if r.outputs is None:
            shape = None
        elif len(r.outputs) == 1:
            shape = _shape_json(r.outputs[0])
        else:
            shape = [_shape_json(s) for s in r.outputs]
        layers.append({
            "id": r.id, "name": r.name, "class_name": r.class_name, "output_shape": shape,
            "params": None if r.params is None else r.params.total, "error": r.error,
        })
    return {
        "name": doc.name, "valid": inference.valid, "total_params": p.total,
        "trainable_params": p.trainable, "non_trainable_params": p.non_trainable, "layers": layers,
    }


def cmd_check(args) -> int:
    from designer.engine import infer_document
    from designer.engine.summary import format_check_table

    doc = _load(args.file)
    inference = infer_document(doc)
    if args.json:
        print(json.dumps(check_json(doc, inference), indent=2, ensure_ascii=False))
    else:
        print(format_check_table(doc, inference))
    return EXIT_OK if inference.valid else EXIT_INVALID


def cmd_summary(args) -> int:
    from designer.engine import infer_document
    from designer.engine.summary import format_summary

    doc = _load(args.file)
    inference = infer_document(doc)
    print(format_summary(doc, inference))
    return EXIT_OK if inference.valid else EXIT_INVALID


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="keras-designer",
        description="Design Keras models and see every layer's output shape, parameter count and error.",
    )
    from designer import __version__

    parser.add_argument("--version", action="version", version=f"keras-designer {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("check", help="check a design: every layer's output shape, params and error")
    p.add_argument("file", help="design file (.json, format v1)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("summary", help="print the design as Keras's model.summary() would")
    p.add_argument("file", help="design file (.json, format v1)")
    p.set_defaults(func=cmd_summary)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return EXIT_OK
    try:
        return func(args)
    except CommandError as exc:
        print(f"keras-designer: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("keras-designer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # never a traceback to the user
        print(f"keras-designer: internal error: {type(exc).__name__}: {exc} "
              "(please report it with the file that caused it)", file=sys.stderr)
        return 3
