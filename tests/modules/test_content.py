"""The programme's content files: complete, long enough, sanitised, versioned by hash."""

import re
import shutil

import pytest

from modules.content import CONTENT_DIR, ContentError, read_module, read_programme
from modules.models import Module, ModuleVersion
from modules.services import programme_load


def _words(text) -> int:
    content = text.content
    text = " ".join(
        [page["title"] + " " + page["html"] for page in content["pages"]]
        + [content["homework_html"], content["summary_html"]]
    )
    return len(re.sub(r"<[^>]+>", " ", text).split())


def test_it_reads_fourteen_complete_modules_in_english_and_swedish():
    modules = read_programme()
    assert [m.number for m in modules] == list(range(1, 15))
    field_types = set()
    for module in modules:
        assert list(module.texts) == ["en", "sv"]
        for language, text in module.texts.items():
            assert 3 <= len(text.content["pages"]) <= 8
            assert _words(text) >= 1200, f"module {module.number} ({language}) is too short"
            assert text.content["homework_html"] and text.content["summary_html"]
            assert any(w["required"] for w in text.content["worksheets"].values())
            for worksheet in text.content["worksheets"].values():
                field_types |= {f["type"] for f in worksheet["fields"]}
        assert module.texts["sv"].title != module.source.title
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
    html = read_module(folder).source.content["pages"][0]["html"]
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


def _edit(path, old, new):
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: (f / "module.sv.yaml").unlink(), "module.sv.yaml: missing"),
        (lambda f: next((f / "pages" / "sv").glob("02-*.md")).unlink(), "page file missing"),
        (
            lambda f: _edit(f / "module.sv.yaml", "key: body_signals", "key: kroppssignaler"),
            r"worksheets.stress-signals.fields\[1\].key differs",
        ),
        (
            lambda f: _edit(f / "module.sv.yaml", "value: tense_shoulders", "value: spanda"),
            r"fields\[1\].options\[0\].value differs",
        ),
        (
            lambda f: _edit(f / "module.sv.yaml", "type: scale", "type: text"),
            r"stress-signals.fields\[4\]\.(max|min|type) differs",
        ),
        (
            lambda f: _edit(
                f / "module.sv.yaml", "        required: true", "        required: false"
            ),
            r"fields\[0\].required differs",
        ),
    ],
)
def test_it_refuses_a_translation_that_is_missing_or_differs_in_structure(
    tmp_path, change, message
):
    folder = _copy_module(tmp_path)
    change(folder)
    with pytest.raises(ContentError, match=message) as error:
        read_module(folder)
    assert str(folder) in str(error.value)


def test_translated_words_may_differ_but_keys_and_choices_are_the_same():
    module = read_module(next(CONTENT_DIR.glob("01-*")))
    english, swedish = module.source.content, module.texts["sv"].content
    sheet_en, sheet_sv = (
        english["worksheets"]["stress-signals"],
        swedish["worksheets"]["stress-signals"],
    )
    assert [f["key"] for f in sheet_en["fields"]] == [f["key"] for f in sheet_sv["fields"]]
    assert (
        sheet_en["fields"][1]["options"][0]["value"] == sheet_sv["fields"][1]["options"][0]["value"]
    )
    assert sheet_en["fields"][1]["label"] != sheet_sv["fields"][1]["label"]


def test_loading_twice_keeps_one_version_per_language(db):
    modules = read_programme()
    programme_load(modules=modules)
    assert programme_load(modules=modules) == [(n, False) for n in range(1, 15)]
    assert ModuleVersion.objects.filter(language="en").count() == 14
    assert ModuleVersion.objects.filter(language="sv").count() == 14
    # The languages of one revision share its hash; the module points at the English one.
    for module in Module.objects.select_related("current_version"):
        assert module.current_version.language == "en"
        assert module.versions.filter(content_hash=module.current_version.content_hash).count() == 2


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
    assert module.versions.count() == 4  # two revisions, each in English and Swedish
    assert participant.module_progress.get(module__number=1).content_version == seen
    page_html = client.get("/programme/modules/1/pages/1/").content.decode()
    assert "A new closing sentence." not in page_html


def test_the_command_refuses_a_broken_folder(tmp_path, db):
    from django.core.management import CommandError, call_command

    _copy_module(tmp_path)
    with pytest.raises(CommandError, match="expected modules 1-14"):
        call_command("load_programme", "--dir", str(tmp_path))


def test_a_participant_reads_their_language_and_the_version_is_pinned_in_it(
    make_participant, client
):
    participant = make_participant()
    participant.user.language = "sv"
    participant.user.save(update_fields=["language"])
    client.force_login(participant.user)

    page = client.get("/programme/modules/1/pages/1/")
    swedish = ModuleVersion.objects.get(module__number=1, language="sv")
    assert f"<h1>{swedish.pages[0]['title']}</h1>" in page.content.decode()
    assert 'lang="sv"' in page.content.decode()
    progress = participant.module_progress.get(module__number=1)
    assert progress.content_version == swedish

    # Switching language shows the same revision in English; the record keeps the first.
    client.post("/language/", {"language": "en", "next": "/programme/modules/1/pages/1/"})
    english = ModuleVersion.objects.get(module__number=1, language="en")
    assert english.pages[0]["title"] in client.get("/programme/modules/1/pages/1/").content.decode()
    progress.refresh_from_db()
    assert progress.content_version == swedish
