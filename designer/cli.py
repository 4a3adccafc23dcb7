"""The `keras-designer` command: check, summary (and the app with no command).

Exit codes: 0 all layers valid, 1 some layer invalid, 2 the input is not a
readable design (one line on stderr). Commands import only what they need, so
`check` stays fast and never imports TensorFlow or Qt.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Callable, Sequence

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2


def print(*values, file=None, flush: bool = False) -> None:  # noqa: A001  (this module's only way out)
    """`builtins.print` with control characters escaped (`designer.terminal`): a name cannot drive the terminal."""
    from designer.terminal import safe_output

    text = " ".join(str(v) for v in values)
    stream = sys.stdout if file is None else file
    stream.write(safe_output(text) + "\n")
    if flush:
        stream.flush()


class CommandError(Exception):
    """A failure to report on one stderr line, with an exit code."""

    def __init__(self, message: str, code: int = EXIT_UNREADABLE):
        super().__init__(message)
        self.code = code


def _load(path: str):
    """A design file, or a Keras model file (to_json JSON, .keras, .h5) imported on the fly."""
    from designer.model import DocumentError, load_document

    try:
        if path.lower().endswith((".keras", ".h5", ".hdf5", ".py")):
            return _import(path)
        return load_document(path)
    except DocumentError as exc:
        if "use import" in str(exc):
            return _import(path)
        raise CommandError(f"{path}: {exc}") from None


def _import(path: str):
    from designer.export.pysource import import_file, is_python_source
    from designer.model import DocumentError

    try:
        result = import_file(path)
    except DocumentError as exc:
        raise CommandError(f"{path}: {exc}") from None
    if is_python_source(path):  # what the code would fail at in Keras 3, and what was skipped
        for note in result.notes[1:]:
            print(f"{path}: {_one_line(note)}", file=sys.stderr)
    return result.document


def _one_line(note: str) -> str:
    """A note on one line: names quoted in it may hold line breaks, which must not forge another line."""
    from designer.terminal import escape_controls

    return escape_controls(note)


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
            "source": None if r.outputs is None else r.source, "unknown": r.unknown, "notes": list(r.notes),
        })
    return {
        "name": doc.name, "valid": inference.valid, "total_params": p.total,
        "trainable_params": p.trainable, "non_trainable_params": p.non_trainable,
        "unknown_params_layers": inference.unknown_params, "layers": layers,
    }


def cmd_check(args) -> int:
    from designer.engine import infer_document
    from designer.engine.summary import format_check_table
    from designer.terminal import display_document, json_safe

    doc = _load(args.file)
    inference = infer_document(doc)
    if args.json:
        print(json_safe(json.dumps(check_json(doc, inference), ensure_ascii=False)))
    else:
        shown = display_document(doc)
        print(format_check_table(shown, infer_document(shown) if shown is not doc else inference))
    return EXIT_OK if inference.valid else EXIT_INVALID


def cmd_summary(args) -> int:
    from designer.engine import infer_document
    from designer.engine.summary import format_summary

    from designer.terminal import display_document

    doc = display_document(_load(args.file))
    inference = infer_document(doc)
    print(format_summary(doc, inference))
    return EXIT_OK if inference.valid else EXIT_INVALID


def cmd_export(args) -> int:
    from designer.export.code_export import ExportError, export_code
    from designer.model.atomic import atomic_write_text

    doc = _load(args.file)
    try:
        source = export_code(doc, force=args.force)
    except ExportError as exc:
        hint = "" if args.force else " (use --force to export anyway)"
        raise CommandError(f"{args.file}: {exc}{hint}", EXIT_INVALID) from None
    if args.output in (None, "-"):
        sys.stdout.write(source)
    else:
        if _same_file(args.file, args.output):
            raise CommandError(f"{args.output} is the design itself; write the code to another file (a .py)")
        _write_output(args.output, lambda: atomic_write_text(args.output, source))
        print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _write_output(path: str, write: Callable[[], None]) -> None:
    """Run ``write``; a refusal or an OS error becomes one readable line."""
    from designer.model.atomic import SaveRefused

    try:
        write()
    except SaveRefused as exc:
        raise CommandError(f"cannot write {path!r}: {exc}") from None
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
    except UnicodeEncodeError:
        raise CommandError(f"cannot write {path}: the text holds characters that cannot be encoded "
                           "(a lone surrogate in a name?)") from None


def cmd_build(args) -> int:
    from designer.export.build import build_design
    from designer.export.code_export import ExportError
    from designer.terminal import display_document

    doc = display_document(_load(args.file))  # Keras prints the names: built with the escaped ones
    previous = _interrupt_on_termination()
    try:
        report = build_design(doc, on_progress=lambda m: print(f"… {m}", file=sys.stderr, flush=True),
                              force=args.force)
    except ExportError as exc:
        raise CommandError(f"{args.file}: {exc}", EXIT_INVALID) from None
    except OSError as exc:
        raise CommandError(f"cannot start Python for the build: {exc.strerror or exc}", EXIT_UNREADABLE) from None
    finally:
        _restore_signals(previous)
    if report.tf_missing:
        raise CommandError(report.error or "TensorFlow is not installed", EXIT_UNREADABLE)
    if report.error:
        for line in report.stderr_tail if report.crashed else ():
            print(f"  | {line}", file=sys.stderr)
        raise CommandError(f"the build failed: {report.error}", EXIT_INVALID)
    print(report.summary.rstrip())
    print()
    if report.differences:
        print(f"{len(report.differences)} difference(s) between keras-designer and Keras:")
        for diff in report.differences:
            print(f"  ✗ {diff}")
        return EXIT_INVALID
    print(f"keras-designer agrees with Keras on every layer's output shape and parameter count "
          f"({len(report.keras_layers)} layers).")
    return EXIT_OK


def _interrupt_on_termination() -> dict:
    """SIGTERM and SIGHUP end a build as Ctrl+C does: the child's group is killed and its folder removed."""
    import signal

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, interrupt)
    return previous


def _restore_signals(previous: dict) -> None:
    import signal

    for number, handler in previous.items():
        signal.signal(number, handler)


def cmd_import(args) -> int:
    """Import a Keras model (to_json JSON, .keras, .h5 or Python source) and write it as a design."""
    from designer.export.pysource import import_file
    from designer.model import DocumentError, save_document

    try:
        result = import_file(args.source)
    except DocumentError as exc:
        raise CommandError(f"{args.source}: {exc}") from None
    if _same_file(args.source, args.output):
        raise CommandError(f"{args.output} is the source file; write the design to another file "
                           "(importing onto the source would overwrite the model)")
    _write_output(args.output, lambda: save_document(result.document, args.output))
    for note in result.notes:
        print(_one_line(note))
    print(f"wrote {args.output} ({len(result.document)} layers)")
    return EXIT_OK


def cmd_explain(args) -> int:
    """Explain every layer (or one): the rule behind each shape, params as a sum, diagnoses, fixes, cost."""
    from designer.engine import infer_document
    from designer.engine.explain import explain_design, explain_layer
    from designer.engine.explain.render import render_json, render_text
    from designer.terminal import display_document, escape_controls, json_safe

    doc = _load(args.file)
    if not args.json:
        doc = display_document(doc)
    inference = infer_document(doc)
    if args.layer is None:
        explanations = explain_design(doc, inference)
    else:
        wanted = (args.layer, escape_controls(args.layer))
        layer_id = next((w for w in wanted if w in doc), None) or next(
            (n.id for n in doc if n.name in wanted), None)
        if layer_id is None:
            raise CommandError(f"{args.file}: no layer with id or name {args.layer!r}")
        explanations = [explain_layer(doc, inference, layer_id)]
    if args.json:
        print(json_safe(json.dumps(render_json(explanations), indent=2, ensure_ascii=False)))
    else:
        print(render_text(explanations, with_totals=args.layer is None))
    return EXIT_OK if inference.valid else EXIT_INVALID


def cmd_gui(args) -> int:
    if args.screenshot and args.file:
        _load(args.file)  # an unreadable file fails here, with no dialog to block a headless run
    from designer.gui.system_check import missing_x11_libraries

    missing = missing_x11_libraries()
    if missing:
        raise CommandError(missing)
    try:
        from designer.gui.app import run_app
    except ImportError as exc:
        raise CommandError(f"the app needs PySide6 ({exc}); install keras-designer with pip") from None
    return run_app(args.file, args.screenshot)


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

    p = sub.add_parser("explain", help="explain every layer's shape and params, diagnose errors, suggest fixes")
    p.add_argument("file", help="design file (.json, format v1)")
    p.add_argument("layer", nargs="?", metavar="LAYER_ID", help="explain only this layer (id or name)")
    p.add_argument("--json", action="store_true", help="print a JSON list, one object per layer")
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser("gui", help="open the app (the default when no command is given)")
    p.add_argument("file", nargs="?", help="design to open (.json), or a Keras model to import")
    p.add_argument("--screenshot", metavar="OUT.png", help="render the window at 1400×900 to OUT.png and exit")
    p.set_defaults(func=cmd_gui)

    p = sub.add_parser("export", help="write the design as a runnable tf.keras Python module")
    p.add_argument("file", help="design file (.json, format v1)")
    p.add_argument("-o", "--output", help="the .py file to write (default: print it)")
    p.add_argument("--force", action="store_true", help="export even when some layers are invalid")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("build", help="build the design with TensorFlow (in a separate process), print Keras's "
                                     "model.summary() and compare it with keras-designer's shapes and params")
    p.add_argument("file", help="design file (.json, format v1)")
    p.add_argument("--force", action="store_true", help="try even when some layers are invalid")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("import", help="import a Keras model (to_json JSON, .keras, .h5 or .py code) as a design")
    p.add_argument("source", metavar="SRC", help="model.to_json() output, a .keras file, an .h5 file or Python "
                   "code building a model (read, never run)")
    p.add_argument("-o", "--output", required=True, metavar="OUT.json", help="design file to write")
    p.set_defaults(func=cmd_import)
    return parser


def _with_gui_for_a_file(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """`keras-designer FILE` (and `python -m designer FILE`) opens FILE in the app, as `gui FILE` does."""
    commands = next(a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return ["gui", *argv] if argv and not argv[0].startswith("-") and argv[0] not in commands else argv


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_with_gui_for_a_file(parser, list(sys.argv[1:] if argv is None else argv)))
    func: Callable | None = getattr(args, "func", None)
    if func is None:
        args = parser.parse_args(["gui"])
        func = args.func
    try:
        code = func(args)
        sys.stdout.flush()
        return code
    except CommandError as exc:
        print(f"keras-designer: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("keras-designer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _drop_stdout()
        return EXIT_OK
    except OSError as exc:  # the readers turn their errors into CommandError: this is the output failing
        _drop_stdout()
        print(f"keras-designer: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except Exception as exc:  # never a traceback to the user
        print(f"keras-designer: internal error: {type(exc).__name__}: {exc} "
              "(please report it with the file that caused it)", file=sys.stderr)
        return 3


def _drop_stdout() -> None:
    """Point stdout at the null device so the interpreter's final flush does not fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass
