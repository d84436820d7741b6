"""In a hub server, each saved answer also updates the learner's summary in the class folder."""

import json

from toolkit.course import class_folder
from toolkit.course import class_progress as progress_summary
from toolkit.course import learner_store as progress


def test_outside_a_hub_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CPT97530_CLASS_DIR", str(tmp_path / "class"))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    progress.record_answer("02_what_is_97530", item_id="what-descriptor", answer="x", correct=True)
    assert not (tmp_path / "class").exists()


def test_a_saved_answer_updates_the_class_summary(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CPT97530_CLASS_DIR", str(tmp_path / "class"))
    monkeypatch.setenv("JUPYTERHUB_USER", "dana-lee")
    progress.record_answer(
        "02_what_is_97530", item_id="what-descriptor", answer="Dynamic", correct=True
    )
    progress.record_answer(
        "02_what_is_97530", item_id="what-functional", answer=["x"], correct=False
    )
    progress.save_practice("04_time_and_units", tried=3, right=2, problem=0)
    path = class_folder.summary_path(tmp_path / "class", "dana-lee")
    lessons = class_folder.read_summary(path)["lessons"]
    assert (
        lessons["02_what_is_97530"]["answered"] == 2 and lessons["02_what_is_97530"]["right"] == 1
    )
    assert lessons["04_time_and_units"]["practice_tried"] == 3
    assert json.loads(path.read_text())["learner"] == "dana-lee"
    # The learner's own store is where it always was, in their home.
    assert (tmp_path / "home" / "learner.db").is_file()


def test_a_class_folder_that_cannot_be_written_never_stops_the_learner(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_HOME", str(tmp_path / "home"))
    blocker = tmp_path / "class"
    blocker.write_text("a file where the class folder should be")
    monkeypatch.setenv("CPT97530_CLASS_DIR", str(blocker))
    monkeypatch.setenv("JUPYTERHUB_USER", "dana-lee")
    progress_summary.publish()  # no exception
    progress.record_answer(
        "02_what_is_97530", item_id="what-descriptor", answer="Dynamic", correct=True
    )
    assert progress.saved_answer("02_what_is_97530", item_id="what-descriptor")["correct"] is True


def test_on_a_hub_with_the_grading_service_the_learner_writes_no_summary(tmp_path, monkeypatch):
    """F6: the service records the answers; the learner's server writes nothing in the
    class folder (its progress folder there is root's)."""
    monkeypatch.setenv("CPT97530_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CPT97530_CLASS_DIR", str(tmp_path / "class"))
    monkeypatch.setenv("JUPYTERHUB_USER", "dana-lee")
    monkeypatch.setenv("CPT97530_GRADING_URL", "http://127.0.0.1:9/services/cpt97530-grading/")
    progress.save_practice("04_time_and_units", tried=3, right=2, problem=0)
    assert not (tmp_path / "class").exists()
