"""The programme's content files: complete, long enough, sanitised, versioned by hash."""

import re
import shutil

import pytest

from modules.content import CONTENT_DIR, ContentError, read_module, read_programme
from modules.models import Module, ModuleVersion
from modules.services import programme_load


def _words(module) -> int:
    content = module.content
    text = " ".join(
        [page["title"] + " " + page["html"] for page in content["pages"]]
        + [content["homework_html"], content["summary_html"]]
    )
    return len(re.sub(r"<[^>]+>", " ", text).split())


def test_it_reads_fourteen_complete_modules():
    modules = read_programme()
    assert [m.number for m in modules] == list(range(1, 15))
    field_types = set()
    for module in modules:
        assert 3 <= len(module.content["pages"]) <= 8
        assert _words(module) >= 1200, f"module {module.number} is too short"
        assert module.content["homework_html"] and module.content["summary_html"]
        assert any(w["required"] for w in module.content["worksheets"].values())
        for worksheet in module.content["worksheets"].values():
            field_types |= {f["type"] for f in worksheet["fields"]}
    assert field_types == {"text", "scale", "checklist", "diary"}


def _copy_module(tmp_path, number=1):
    source = next(CONTENT_DIR.glob(f"{number:02d}-*"))
    target = tmp_path / source.name
    shutil.copytree(source, target)
    return target


def test_it_sanitises_markdown(tmp_path):
    folder = _copy_module(tmp_path)
    page = next((folder / "pages").glob("01-*.md"))
    page.write_text("# Title\n\nHello <script>alert(1)</script> <a href='javascript:x'>x</a>\n")
    html = read_module(folder).content["pages"][0]["html"]
    assert "<script" not in html
    assert "javascript:" not in html
    assert "<a" not in html


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: (f / "module.yaml").write_text("number: [unclosed"), "not valid YAML"),
        (lambda f: next((f / "pages").glob("01-*.md")).unlink(), "page file missing"),
        (lambda f: next((f / "pages").glob("01-*.md")).write_text("No heading"), "# Title"),
        (
            lambda f: (f / "module.yaml").write_text(
                (f / "module.yaml").read_text().replace("number: 1", "number: 2")
            ),
            "number must match",
        ),
    ],
)
def test_it_names_the_file_of_a_mistake(tmp_path, change, message):
    folder = _copy_module(tmp_path)
    change(folder)
    with pytest.raises(ContentError, match=message) as error:
        read_module(folder)
    assert str(folder) in str(error.value)


def test_loading_twice_keeps_one_version(db):
    modules = read_programme()
    programme_load(modules=modules)
    assert programme_load(modules=modules) == [(n, False) for n in range(1, 15)]
    assert ModuleVersion.objects.count() == 14


def test_a_changed_text_makes_a_new_version_and_progress_keeps_the_old(
    tmp_path, make_participant, client
):
    participant = make_participant()
    client.force_login(participant.user)
    client.get("/programme/modules/1/pages/1/")
    seen = participant.module_progress.get(module__number=1).content_version

    folder = _copy_module(tmp_path)
    page = next((folder / "pages").glob("01-*.md"))
    page.write_text(page.read_text() + "\nA new closing sentence.\n")
    programme_load(modules=[read_module(folder)])

    module = Module.objects.get(number=1)
    assert module.current_version != seen
    assert module.versions.count() == 2
    assert participant.module_progress.get(module__number=1).content_version == seen
    page_html = client.get("/programme/modules/1/pages/1/").content.decode()
    assert "A new closing sentence." not in page_html


def test_the_command_refuses_a_broken_folder(tmp_path, db):
    from django.core.management import CommandError, call_command

    _copy_module(tmp_path)
    with pytest.raises(CommandError, match="expected modules 1-14"):
        call_command("load_programme", "--dir", str(tmp_path))
