"""The analyst notebook runs top to bottom and tags the seed thread with five frames."""

from __future__ import annotations

import re

import nbformat
import pytest

from tests.conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "extend_classifier.ipynb"
FIVE = [
    "demand_reduction",
    "militarization",
    "arms_control",
    "legalization",
    "alternative_development",
]


@pytest.mark.slow
def test_extend_classifier_notebook_runs() -> None:
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()  # raises CellExecutionError on the first failing cell

    errors = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.output_type == "error"
    ]
    assert not errors
    seed_cell = next(c for c in nb.cells if "seed-table" in c.metadata.get("tags", []))
    result = next(o for o in seed_cell.outputs if o.output_type == "execute_result")
    html = result["data"]["text/html"]
    for frame in FIVE:
        assert f"<th>{frame}</th>" in html, frame
    assert "guatemala-post/" in html  # rows are seed-thread segments
    text = "".join(o.get("text", "") for o in seed_cell.outputs if o.output_type == "stream")
    found = re.search(r"(\d+) segments; (\d+) take a side", text)
    assert found, text
    n_segments, n_sided = int(found[1]), int(found[2])
    assert n_segments >= 60 and 0 < n_sided < n_segments

    # the saved model, loaded through a pipeline file as `discourse run` loads it
    run_cell = next(c for c in nb.cells if "pipeline-model" in c.metadata.get("tags", []))
    printed = "".join(o.get("text", "") for o in run_cell.outputs if o.output_type == "stream")
    assert "discourse run corpus" in printed and "five-frames.toml" in printed
    table = next(o for o in run_cell.outputs if o.output_type == "execute_result")
    for frame in FIVE:
        assert f"<th>{frame}</th>" in table["data"]["text/html"], frame

    # the model and its pipeline file went to a temporary folder, removed at the end
    folder = re.search(r"--pipeline (\S+)five-frames\.toml", printed)
    assert folder and not ROOT.joinpath(folder[1]).exists(), printed

    # the sentences to label next: the model's least certain, as a table
    next_cell = next(c for c in nb.cells if "label-next" in c.metadata.get("tags", []))
    table = next(o for o in next_cell.outputs if o.output_type == "execute_result")
    html = table["data"]["text/html"]
    assert html.count("guatemala-post/") == 6 and "uncertainty" in html


def test_notebook_removes_the_folder_it_saves_the_model_in() -> None:
    """Each run left a 12 MB /tmp/discourse-five-frames-* folder behind (mkdtemp, never
    removed): the folder is a TemporaryDirectory that the last code cell cleans up."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    saving = next(src for src in code if "save_model(" in src)
    assert "tempfile.TemporaryDirectory(" in saving and "mkdtemp" not in saving
    assert code[-1].strip().startswith("work.cleanup()")


def test_notebook_is_valid_nbformat_with_cell_ids() -> None:
    """Cells without ids are a warning now and an error in future nbformat versions."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nb = nbformat.read(NOTEBOOK, as_version=4)
        nbformat.validate(nb)
    ids = [c.get("id") for c in nb.cells]
    assert all(ids) and len(set(ids)) == len(ids)
