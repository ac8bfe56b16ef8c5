"""An export that fails half-way leaves nothing that looks like a complete bundle."""

import zipfile

import pytest

from research.export import bundle as bundle_module
from research.models import ExportJob


def _failing_copy(seen: list):
    real = bundle_module.copy_to_file
    calls = []

    def copy(cursor, sql, path):
        calls.append(path)
        if len(calls) == 3:
            # What a killed export leaves: a hidden *.partial folder without MANIFEST.json.
            work = path.parent
            seen.append((work.name, sorted(p.name for p in work.iterdir())))
            raise RuntimeError("disk full")
        return real(cursor, sql, path)

    return copy


@pytest.mark.parametrize("as_zip", [False, True])
def test_it_leaves_no_partial_bundle(cohort, export, tmp_path, monkeypatch, as_zip):
    seen = []
    monkeypatch.setattr(bundle_module, "copy_to_file", _failing_copy(seen))
    options = ["--zip"] if as_zip else []
    with pytest.raises(RuntimeError, match="disk full"):
        export(cohort, *options, name="bundle")
    work_name, files_then = seen[0]
    assert work_name.startswith(".bundle.") and work_name.endswith(".partial")
    assert "MANIFEST.json" not in files_then and files_then
    assert list(tmp_path.iterdir()) == []  # nothing left at all
    job = ExportJob.objects.get()
    assert job.state == ExportJob.State.FAILED


def test_it_writes_the_manifest_last(cohort, export, monkeypatch):
    order = []
    real = bundle_module._publish

    def publish(work, target, name, names, as_zip):
        order.extend(sorted(p.name for p in work.iterdir()))
        return real(work, target, name, names, as_zip)

    monkeypatch.setattr(bundle_module, "_publish", publish)
    bundle = export(cohort, "--zip")
    assert "MANIFEST.json" in order
    with zipfile.ZipFile(bundle.with_name(bundle.name + ".zip")) as archive:
        assert archive.namelist()[-1].endswith("/MANIFEST.json")
