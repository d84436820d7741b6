"""`cpt97530 pairs FILE [FILE ...] [--out PATH]`: load CMS's practitioner PTP table.

Reads one or more CMS practitioner PTP files (.txt, .csv or .xlsx, as CMS publishes them),
keeps the edits between codes this course knows, and writes a code-pairs file: CMS's edits
replace ours for the same pair, our other pairs and the history stay. The toolkit uses it
when CPT97530_CODE_PAIRS names it. Exit 0 when written, 2 for a file that cannot be read
(nothing is written then).
"""

from __future__ import annotations

DEFAULT_OUT = "code_pairs.csv"


def register(sub, name: str) -> None:
    parser = sub.add_parser(
        name,
        help="load CMS's practitioner PTP (NCCI code-pair) table into a code-pairs file",
        description="Read CMS's practitioner PTP table (one or more .txt, .csv or .xlsx files) and"
        " write a code-pairs file with CMS's edits for the therapy codes, merged with"
        " the toolkit's own pairs. Then set CPT97530_CODE_PAIRS to that file.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="CMS practitioner PTP file(s)")
    parser.add_argument(
        "--out",
        default=DEFAULT_OUT,
        metavar="PATH",
        help=f"the code-pairs file to write (default: {DEFAULT_OUT} in this folder)",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    from toolkit.files.output_files import OutputFiles
    from toolkit.reference import CODE_PAIRS_ENV, packaged_code_pairs
    from toolkit.reference.ptp_table import merge_pairs, pairs_csv, read_ptp_files

    with OutputFiles(inputs=args.files) as outputs:
        out = outputs.file(
            args.out, example=DEFAULT_OUT
        )  # checked before the (large) CMS files are read
        table = read_ptp_files(args.files)
        merged = merge_pairs(packaged_code_pairs(), table.rows)
        outputs.write_text(out, text=pairs_csv(merged.rows))
    out = out.resolve()
    cannot = sum(r["kind"] == "not-bypassable" for r in table.rows)
    print(
        f"Read {table.edits_read} edits; {len(table.rows)} are between therapy codes this course"
        f" knows ({cannot} with modifier indicator 0: no modifier bypasses them);"
        f" {table.not_applicable} deleted retroactively (indicator 9) were skipped."
    )
    print(f"Our pairs: {merged.replaced} replaced by CMS's edits, {merged.kept} kept.")
    print(f"Wrote {len(merged.rows)} pairs to {out}")
    print(f"To use them: set {CODE_PAIRS_ENV}={out} and restart the notebook kernel or command.")
    return 0
