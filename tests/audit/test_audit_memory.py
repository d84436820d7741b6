"""A log audited in pieces holds one piece at a time: nothing of a piece (its table, its
result) is kept while the next one is read, so a 10,000,000-line log needs the memory of one
piece (the figures: scripts/bench_audit.py --big)."""

import gc
import weakref

from toolkit.audit.visit_log import read_visit_log_chunks
from toolkit.audit.visits import audit_in_chunks


def test_each_piece_and_its_result_are_let_go_before_the_next_piece_is_read(tmp_path):
    log = tmp_path / "log.csv"
    log.write_text(
        "visit_id,date,code,minutes,billed_units\n"
        + "".join(f"V{v},2026-03-02,97530,38,{v % 4}\n" for v in range(300))
    )
    tables, results = [], []

    def pieces():
        for first_row, table in read_visit_log_chunks(log, chunk_bytes=2_000):
            gc.collect()
            assert [t for t in tables if t() is not None] == [], "a read piece is still held"
            assert [r for r in results if r() is not None] == [], "a piece's result is still held"
            tables.append(weakref.ref(table))
            yield first_row, table
            del table

    totals = audit_in_chunks(pieces(), each=lambda result: results.append(weakref.ref(result)))
    assert totals.n_pieces == len(tables) > 3
    assert totals.counts()["rows"] == 300
