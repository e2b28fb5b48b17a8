"""Command line: ``python build.py [target …] [options]``.

Exit status: 0 success, 2 content errors, 1 anything else.
"""

from __future__ import annotations

import argparse
import signal
import sys
import textwrap
import traceback
from pathlib import Path

from .content.problems import ContentError, counted
from .output import OutputError, failed_folder
from .pipeline import BuildOptions, BuildReport, build, card_side_paths, load, summary
from .targets import BY_NAME, TARGETS

EXIT_OK, EXIT_FAILED, EXIT_CONTENT = 0, 1, 2
COMMANDS = (("all", "every output (the default)"),
            ("check", "validate the content only and say what was found"),
            ("watch", "build, then rebuild what each saved change affects (Ctrl-C stops)"),
            ("serve", "show every output in the browser, updated on each save (Ctrl-C stops)"))


def description() -> str:
    """The help's introduction: every command and target with what it makes."""
    lines = ["Build the inspiration card's print outputs from the content files.", "",
             "targets:"]
    for name, text in (*COMMANDS, *((t.name, t.help) for t in TARGETS)):
        wrapped = textwrap.wrap(text, 78 - 13, break_on_hyphens=False, break_long_words=False)
        lines.append(f"  {name:<10} {wrapped[0]}")
        lines += [f"{'':13}{line}" for line in wrapped[1:]]
    lines += ["", "Every file in output/print/ is PDF/X-4 for the output condition of",
              "layouts/press.yaml (FOGRA39), or for --output-profile and --output-condition."]
    return "\n".join(lines) + "\n"


CHOICES = (*(name for name, _ in COMMANDS), *(t.name for t in TARGETS))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="build.py", description=description(),
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("targets", nargs="*", metavar="target", default=["all"],
                   help=f"one or more of: {', '.join(CHOICES)}")
    p.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                   help="content folder (default: content)")
    p.add_argument("--out", type=Path, default=Path("output"), metavar="DIR",
                   help="output folder (default: output)")
    p.add_argument("--sector", metavar="ID",
                   help="build only this sector's version, where a target has one (the "
                        "id of a sector in the content's publication.yaml)")
    p.add_argument("--check", action="store_true", help="with 'links': request every address")
    p.add_argument("--strict", action="store_true",
                   help="treat warnings (such as a card that does not fit) as content errors")
    p.add_argument("--marks", action="store_true", help="crop marks on the press version")
    p.add_argument("--flip", choices=("long", "short"), default="long",
                   help="how the office printer turns the sheet over for the backs: long "
                        "(about its long edge, like a wall calendar; the default) or short "
                        "(like a book page)")
    p.add_argument("--back-offset", type=offset, default=(0.0, 0.0), metavar="X,Y",
                   help="shift the backs of the office version by X,Y mm (see the alignment "
                        "sheet in output/print/)")
    p.add_argument("--output-profile", type=Path, metavar="FILE",
                   help="the print shop's CMYK output profile (.icc) for the PDF/X-4 files in "
                        "output/print/ (default: layouts/press.yaml's, FOGRA39); with "
                        "--output-condition")
    p.add_argument("--output-condition", metavar="NAME",
                   help="the output condition that profile describes, as the shop names it "
                        "(e.g. FOGRA51 for PSO Coated v3)")
    p.add_argument("--preview", action="store_true",
                   help="also write contact sheets (PNG) of every PDF to output/preview/")
    p.add_argument("--port", type=int, default=8000, metavar="N",
                   help="with 'serve': the port on 127.0.0.1 (default: 8000; 0 picks a free one)")
    p.add_argument("--no-browser", action="store_true",
                   help="with 'serve': do not open the page in a browser")
    p.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                   help="render in N processes (default: one per core)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    p.add_argument("--debug", action="store_true", help="show a traceback on failure")
    return p


def offset(text: str) -> tuple[float, float]:
    """``--back-offset 0.5,-1`` in millimetres."""
    try:
        x, y = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not X,Y in mm (e.g. 0.5,-1)") from None
    if max(abs(x), abs(y)) > 20:
        raise argparse.ArgumentTypeError(f"'{text}': an offset over 20 mm is not a misprint")
    return x, y


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if (args.output_profile is None) != (args.output_condition is None):
        parser().error("--output-profile FILE and --output-condition NAME go together")
    unknown = [t for t in args.targets if t not in CHOICES]
    if unknown:
        print(f"build.py: unknown target {', '.join(unknown)} (expected: {', '.join(CHOICES)})",
              file=sys.stderr)
        return EXIT_FAILED
    try:
        return run(args)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return EXIT_CONTENT
    except OutputError as error:
        print(f"build.py: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("build.py: interrupted; earlier outputs are unchanged", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:
        if args.debug:
            traceback.print_exc()
        else:
            print(f"build.py: {type(error).__name__}: {error} (run with --debug for details)",
                  file=sys.stderr)
        return EXIT_FAILED


def run(args: argparse.Namespace) -> int:
    options = BuildOptions(content_dir=args.content, out_dir=args.out, sector=args.sector,
                           strict=args.strict, quiet=args.quiet, marks=args.marks,
                           flip=args.flip, back_offset=args.back_offset, jobs=args.jobs,
                           output_profile=args.output_profile,
                           output_condition=args.output_condition)
    if "check" in args.targets:
        publication, registry = load(options)
        print(summary(publication, registry))
        return EXIT_OK
    options.targets = tuple(name for name in args.targets if name in BY_NAME)
    if "watch" in args.targets or "serve" in args.targets:
        return follow_changes(args, options)
    if args.check:
        if args.targets != ["links"]:
            print("build.py: --check goes with the links target alone: "
                  "python build.py links --check", file=sys.stderr)
            return EXIT_FAILED
        return check_links(options)
    say = (lambda line: None) if args.quiet else print
    report = build(options, say=say)
    return finish(report, options, args)


def follow_changes(args: argparse.Namespace, options: BuildOptions) -> int:
    """``watch`` or ``serve``, until Ctrl-C (or a SIGTERM) stops it."""
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        if "serve" in args.targets:
            from .serve.server import ServeError, serve

            try:
                serve(options, args.port, open_browser=not args.no_browser)
            except ServeError as error:
                print(f"build.py: {error}", file=sys.stderr)
                return EXIT_FAILED
        else:
            from .watch import watch

            watch(options, preview=args.preview)
    except KeyboardInterrupt:
        print("stopped")
    return EXIT_OK


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def finish(report: BuildReport, options: BuildOptions, args: argparse.Namespace) -> int:
    """Print warnings and the preflight; render previews; the exit status."""
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    preflight = report.preflight
    failed = preflight is not None and preflight.failed
    folder = failed_folder(options.out_dir) if failed else options.out_dir
    if preflight is not None and (preflight.failed or not args.quiet):
        print("preflight:", file=sys.stderr if preflight.failed else sys.stdout)
        print(preflight.table(), file=sys.stderr if preflight.failed else sys.stdout)
    if args.preview:
        from .preview import write_previews

        sides = card_side_paths(options.out_dir, report.jobs, preflight)
        for path in write_previews(options.out_dir, report.written, sides):
            if not args.quiet:
                print(f"preview: {path}")
    if not args.quiet:
        for name in report.removed:
            print(f"removed {name}: it no longer applies (short links are off)")
        print(f"built {counted(len(report.written), 'file')} in {report.seconds:.1f} s into "
              f"{folder}")
    if failed:
        print(f"build.py: preflight failed; the files in {options.out_dir} were left as they "
              f"were, and this build's files are in {folder} (see {folder / 'preflight.json'})",
              file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def check_links(options: BuildOptions) -> int:
    from .links.checker import check_urls, exit_status, format_report

    _, registry = load(options)
    results = check_urls([link.url for link in registry])
    print(format_report(results))
    return exit_status(results)
