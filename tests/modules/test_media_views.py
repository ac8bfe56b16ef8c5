"""Recordings and images on module pages: shown with their words, served only to the reader."""

import shutil

import pytest
from django.utils import timezone

import modules.content
from modules.content import CONTENT_DIR, read_module
from modules.models import Module, ModuleProgress, ModuleVersion
from modules.services import programme_load
from trial.models import Arm

FOLDER = next(CONTENT_DIR.glob("04-*"))
RECORDING = FOLDER / "media" / "en" / "relaxation.ogg"


def _open_module_four(participant):
    ModuleProgress.objects.create(
        participant=participant, module=Module.objects.get(number=4), unlocked_at=timezone.now()
    )


@pytest.fixture
def reader(make_participant):
    participant = make_participant()
    _open_module_four(participant)
    return participant


def _recording(language="en") -> dict:
    version = ModuleVersion.objects.get(module__number=4, language=language)
    return version.pages[2]["media"][0]


def _url(item: dict) -> str:
    return f"/programme/modules/4/media/{item['sha256']}/{item['name']}"


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_page_shows_the_recording_with_its_transcript(client, reader):
    client.force_login(reader.user)
    html = client.get("/programme/modules/4/pages/3/").content.decode()
    item = _recording()
    assert f'<audio controls preload="metadata" src="{_url(item)}"' in html
    assert item["title"] in html
    assert "<summary>Read the transcript</summary>" in html
    assert "Let your shoulders sink down, away from your ears." in html
    assert "style=" not in html


def test_a_swedish_reader_gets_the_swedish_recording_and_transcript(client, reader):
    reader.user.language = "sv"
    reader.user.save(update_fields=["language"])
    client.force_login(reader.user)
    html = client.get("/programme/modules/4/pages/3/").content.decode()
    item = _recording("sv")
    assert item["name"] == "sv/relaxation.ogg"
    assert f'src="{_url(item)}"' in html
    assert "Låt axlarna sjunka ner, bort från öronen." in html
    assert client.get(_url(item)).status_code == 200


def test_the_page_shows_an_image_with_its_alt_text(tmp_path, client, make_participant):
    participant = make_participant()
    folder = tmp_path / "01-welcome"
    shutil.copytree(next(CONTENT_DIR.glob("01-*")), folder)
    (folder / "media").mkdir()
    (folder / "media" / "loop.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(20))
    block = '    media:\n      - {kind: image, file: loop.png, alt: "%s", title: "%s"}\n'
    for name, alt, title in (
        ("module.yaml", "Arrows from stress to pain and back", "The loop"),
        ("module.sv.yaml", "Pilar från stress till smärta och tillbaka", "Cirkeln"),
    ):
        spec = folder / name
        page = "  - file: 01-welcome.md\n"
        spec.write_text(spec.read_text().replace(page, page + block % (alt, title)))
    programme_load(modules=[read_module(folder)])

    client.force_login(participant.user)
    html = client.get("/programme/modules/1/pages/1/").content.decode()
    assert 'alt="Arrows from stress to pain and back"' in html
    assert "<figcaption>The loop</figcaption>" in html


def test_it_serves_the_recording_to_its_reader_with_cache_headers(client, reader):
    client.force_login(reader.user)
    response = client.get(_url(_recording()))
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/ogg"
    assert response["Cache-Control"] == "private, max-age=31536000, immutable"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(RECORDING.stat().st_size)
    assert "sandbox" in response["Content-Security-Policy"]
    assert _body(response) == RECORDING.read_bytes()


def test_it_answers_byte_ranges_so_players_can_seek(client, reader):
    client.force_login(reader.user)
    url, data = _url(_recording()), RECORDING.read_bytes()
    size = len(data)

    response = client.get(url, headers={"Range": "bytes=100-199"})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{size}"
    assert response["Content-Length"] == "100"
    assert response["Cache-Control"] == "private, max-age=31536000, immutable"
    assert _body(response) == data[100:200]

    response = client.get(url, headers={"Range": "bytes=-50"})
    assert (response.status_code, _body(response)) == (206, data[-50:])
    response = client.get(url, headers={"Range": f"bytes={size - 10}-{size + 500}"})
    assert (response["Content-Range"], _body(response)) == (
        f"bytes {size - 10}-{size - 1}/{size}",
        data[-10:],
    )

    response = client.get(url, headers={"Range": f"bytes={size}-"})
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"
    # A part of another version of the file is never mixed in: the whole file instead.
    response = client.get(url, headers={"Range": "bytes=0-9", "If-Range": '"older"'})
    assert response.status_code == 200


def test_it_is_404_to_a_participant_whose_module_is_locked(client, reader, make_participant):
    other = make_participant()
    client.force_login(other.user)
    assert client.get(_url(_recording())).status_code == 404


def test_it_is_404_to_the_control_arm(client, make_participant):
    participant = make_participant(arm=Arm.CONTROL)
    client.force_login(participant.user)
    assert client.get(_url(_recording())).status_code == 404


def test_staff_cannot_fetch_participant_media(client, reader, therapist):
    client.force_login(therapist)
    assert client.get(_url(_recording())).status_code == 403


@pytest.mark.parametrize(
    "tail",
    [
        "../module.yaml",
        "..%2Fmodule.yaml",
        "en/../../module.yaml",
        "%2Fetc%2Fpasswd",
        "en/relaxation.md",
    ],
)
def test_it_never_serves_anything_the_page_does_not_name(client, reader, tail):
    client.force_login(reader.user)
    digest = _recording()["sha256"]
    assert client.get(f"/programme/modules/4/media/{digest}/{tail}").status_code == 404


def test_an_old_address_or_another_languages_file_is_404(client, reader):
    client.force_login(reader.user)
    item = _recording()
    assert client.get(f"/programme/modules/4/media/{'0' * 64}/{item['name']}").status_code == 404
    # An English reader's page names the English file only.
    swedish = _recording("sv")
    assert client.get(_url(swedish)).status_code == 404


def test_a_file_whose_bytes_changed_is_no_longer_served_under_its_address(
    tmp_path, monkeypatch, client, reader
):
    content = tmp_path / "content"
    shutil.copytree(FOLDER, content / FOLDER.name)
    monkeypatch.setattr(modules.content, "CONTENT_DIR", content)
    client.force_login(reader.user)
    url = _url(_recording())
    assert client.get(url).status_code == 200
    (content / FOLDER.name / "media" / "en" / "relaxation.ogg").write_bytes(b"OggS new take")
    assert client.get(url).status_code == 404
