"""exercises/ is generated from solutions/: regenerating changes nothing, and nothing leaks."""

import json

from toolkit.cli import main
from toolkit.course.exercises import learner_version
from toolkit.course.exercises.bank import exercises_dir, load_bank
from toolkit.course.exercises.release import FORBIDDEN_PHRASES, explanation_texts, leaks

BANK = load_bank()


def test_committed_exercises_equal_a_fresh_generation(tmp_path):
    learner_version.write(BANK, folder=tmp_path)
    fresh = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    committed = {p.name: p.read_bytes() for p in exercises_dir().iterdir() if p.is_file()}
    assert committed == fresh
    assert learner_version.differences(BANK, folder=exercises_dir()) == []


def test_generation_is_deterministic(tmp_path):
    assert learner_version.render(BANK) == learner_version.render(BANK)
    assert (
        learner_version.write(BANK, folder=tmp_path)
        and learner_version.write(BANK, folder=tmp_path) == []
    )


def test_no_key_or_explanation_text_in_exercises():
    assert leaks(exercises_dir(), BANK) == []
    text = " ".join(p.read_text(encoding="utf-8").lower() for p in exercises_dir().iterdir())
    for phrase in FORBIDDEN_PHRASES:
        assert phrase not in text
    for explanation in explanation_texts(BANK):
        assert explanation.lower()[:80] not in " ".join(text.split())
    for ex in BANK.values():
        data = json.loads((exercises_dir() / f"{ex.id}.json").read_text())
        assert not {"key", "explain", "judgment", "claim_rules", "correct_claims"} & set(data)
        assert data["note_text"] == ex.note_text


def test_leak_detector_finds_explanations(tmp_path):
    ex = next(iter(BANK.values()))
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "x.json").write_text(json.dumps({"t": ex.explain["units"].text}))
    (tmp_path / "exercises" / "y.md").write_text("the Answer Key is here")
    assert leaks(tmp_path, BANK) == ["exercises/x.json", "exercises/y.md"]


def test_notebooks_have_no_outputs_and_one_short_hidden_cell():
    for ex in BANK.values():
        notebook = json.loads((exercises_dir() / f"{ex.id}.ipynb").read_text())
        code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
        assert len(code) == 1 and code[0]["outputs"] == [] and code[0]["execution_count"] is None
        assert len(code[0]["source"].splitlines()) <= 2
        assert code[0]["metadata"]["jupyter"]["source_hidden"] is True
        assert "hide-input" in code[0]["metadata"]["tags"]
        assert "widgets" not in notebook["metadata"]


def test_generate_check_exits_1_listing_differences(tmp_path, capsys):
    learner_version.write(BANK, folder=tmp_path)
    assert main(["generate", "--check", "--out", str(tmp_path)]) == 0
    (tmp_path / "ex01_tidy_visit.json").write_text("{}\n")
    (tmp_path / "ex99_stray.json").write_text("{}\n")
    (tmp_path / "ex02_unsigned_note.ipynb").unlink()
    capsys.readouterr()
    assert main(["generate", "--check", "--out", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "differs: ex01_tidy_visit.json" in out
    assert "missing: ex02_unsigned_note.ipynb" in out
    assert "ex99_stray.json" in out
    assert main(["generate", "--out", str(tmp_path)]) == 0
    assert not (tmp_path / "ex99_stray.json").exists()
    assert main(["generate", "--check", "--out", str(tmp_path)]) == 0
