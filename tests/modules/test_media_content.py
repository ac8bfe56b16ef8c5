"""Audio and images in module pages: the loader checks every file, text and translation."""

import re
import shutil

import pytest

from modules.content import CONTENT_DIR, MAX_MEDIA_BYTES, ContentError, read_module

OGG = b"OggS" + bytes(200)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(50)


def _copy_module(tmp_path, number=1):
    source = next(CONTENT_DIR.glob(f"{number:02d}-*"))
    target = tmp_path / source.name
    shutil.copytree(source, target)
    return target


def _with_media(folder, english: str, swedish: str | None = None):
    """Module 1 with `english` (and `swedish`, else the same) as the media of its first page, and
    a recording and an image in media/ for them to name."""
    for language in ("en", "sv"):
        (folder / "media" / language).mkdir(parents=True)
        (folder / "media" / language / "track.ogg").write_bytes(OGG)
        (folder / "media" / language / "track.md").write_text(f"Words ({language}).\n\n(pause)\n")
    (folder / "media" / "body.png").write_bytes(PNG)
    for name, block in (("module.yaml", english), ("module.sv.yaml", swedish or english)):
        spec = folder / name
        page = "  - file: 01-welcome.md\n"
        spec.write_text(spec.read_text().replace(page, page + "    media:\n" + block, 1))
    return folder


AUDIO = """\
      - kind: audio
        file: en/track.ogg
        title: "A recording"
        transcript: en/track.md
"""
SWEDISH_AUDIO = """\
      - kind: audio
        file: sv/track.ogg
        title: "En inspelning"
        transcript: sv/track.md
"""
IMAGE = """\
      - kind: image
        file: body.png
        alt: "An outline of a body with the shoulders marked"
"""


def test_it_reads_audio_with_its_transcript_and_an_image_with_its_alt_text(tmp_path):
    folder = _with_media(_copy_module(tmp_path), AUDIO + IMAGE, SWEDISH_AUDIO + IMAGE)
    module = read_module(folder)
    english = module.source.content["pages"][0]["media"]
    swedish = module.texts["sv"].content["pages"][0]["media"]
    assert english[0]["kind"] == "audio"
    assert english[0]["name"] == "en/track.ogg"
    assert english[0]["content_type"] == "audio/ogg"
    assert english[0]["transcript_html"] == "<p>Words (en).</p>\n<p>(pause)</p>"
    assert swedish[0]["name"] == "sv/track.ogg"
    assert swedish[0]["title"] == "En inspelning"
    assert "Words (sv)." in swedish[0]["transcript_html"]
    assert english[1] == {
        "kind": "image",
        "name": "body.png",
        "sha256": swedish[1]["sha256"],
        "content_type": "image/png",
        "title": "",
        "alt": "An outline of a body with the shoulders marked",
    }
    assert module.source.content["pages"][1]["media"] == []


def test_the_media_files_are_part_of_the_modules_hash(tmp_path):
    folder = _with_media(_copy_module(tmp_path), AUDIO, SWEDISH_AUDIO)
    before = read_module(folder).content_hash
    (folder / "media" / "sv" / "track.ogg").write_bytes(OGG + b"changed")
    assert read_module(folder).content_hash != before
    (folder / "media" / "sv" / "track.md").write_text("Other words.\n")
    assert len({before, read_module(folder).content_hash}) == 2


# Each message follows "module.yaml: pages[0].media[0]", checked below.
@pytest.mark.parametrize(
    ("block", "message"),
    [
        (AUDIO.replace("en/track.ogg", "en/missing.ogg"), r"\.file: 'en/missing.ogg' is not"),
        (AUDIO.replace("en/track.ogg", "../module.yaml"), r"\.file: audio must be one of"),
        (AUDIO.replace("en/track.ogg", "../en/track.ogg"), r"\.file: '../en/track.ogg' is not"),
        (AUDIO.replace("en/track.ogg", "en/track.wav"), r"audio must be one of \['.mp3', '.ogg'"),
        (AUDIO.replace("en/track.ogg", "body.png"), r"\.file: audio must be one of"),
        (IMAGE.replace("body.png", "en/track.ogg"), r"image must be one of \['.jpg', '.png'"),
        (AUDIO.replace("        transcript: en/track.md\n", ""), r"\.transcript must name"),
        (AUDIO.replace("en/track.md", "en/nope.md"), r"\.transcript: 'en/nope.md' is not"),
        (AUDIO.replace('        title: "A recording"\n', ""), r"\.title is required"),
        (IMAGE.replace("        alt:", "        caption:"), r": unknown field caption"),
        (IMAGE.replace("        alt:", '        alt: " "\n        title:'), "alt is required"),
        (AUDIO.replace("kind: audio", "kind: video"), r"\.kind must be audio or image"),
    ],
)
def test_it_names_the_file_and_field_of_a_media_mistake(tmp_path, block, message):
    folder = _with_media(_copy_module(tmp_path), block)
    with pytest.raises(ContentError, match=message) as error:
        read_module(folder)
    assert f"{folder}/module.yaml: pages[0].media[0]" in str(error.value)


def test_it_refuses_a_file_that_is_not_what_its_name_says(tmp_path):
    folder = _with_media(_copy_module(tmp_path), AUDIO)
    (folder / "media" / "en" / "track.ogg").write_bytes(b"<html>not audio</html>")
    with pytest.raises(ContentError, match=r"en/track.ogg is not a .ogg file"):
        read_module(folder)


def test_it_refuses_a_file_over_the_size_limit(tmp_path):
    folder = _with_media(_copy_module(tmp_path), IMAGE)
    (folder / "media" / "body.png").write_bytes(PNG + bytes(MAX_MEDIA_BYTES["image"]))
    with pytest.raises(ContentError, match=r"media\[0\]\.file: body.png is \d+ bytes, more than"):
        read_module(folder)


def test_it_refuses_a_link_out_of_the_media_folder(tmp_path):
    folder = _with_media(_copy_module(tmp_path), AUDIO)
    outside = tmp_path / "secret.ogg"
    outside.write_bytes(OGG)
    (folder / "media" / "en" / "track.ogg").unlink()
    (folder / "media" / "en" / "track.ogg").symlink_to(outside)
    with pytest.raises(ContentError, match=r"'en/track.ogg' is not a file in"):
        read_module(folder)


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.org/x.png"/></svg>',
    ],
)
def test_it_refuses_an_svg_with_active_content(tmp_path, svg):
    folder = _with_media(_copy_module(tmp_path), IMAGE.replace("body.png", "body.svg"))
    (folder / "media" / "body.svg").write_text(svg)
    with pytest.raises(ContentError, match="scripts, event handlers or outside links"):
        read_module(folder)


def test_a_plain_svg_is_an_image(tmp_path):
    folder = _with_media(_copy_module(tmp_path), IMAGE.replace("body.png", "body.svg"))
    (folder / "media" / "body.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="4"/></svg>'
    )
    item = read_module(folder).source.content["pages"][0]["media"][0]
    assert item["content_type"] == "image/svg+xml"


@pytest.mark.parametrize(
    ("swedish", "message"),
    [
        ("      []\n", r"module.sv.yaml: pages\[0\]\.media differs from module.yaml"),
        (
            IMAGE.replace("alt:", "alt: Ett ansikte\n        title:"),
            r"pages\[0\]\.media\[0\]\.kind differs",
        ),
        (SWEDISH_AUDIO + IMAGE, r"pages\[0\]\.media differs"),
    ],
)
def test_it_refuses_a_translation_whose_media_differ(tmp_path, swedish, message):
    folder = _with_media(_copy_module(tmp_path), AUDIO, swedish)
    with pytest.raises(ContentError, match=message):
        read_module(folder)


def test_a_translation_checks_its_own_transcript(tmp_path):
    folder = _with_media(
        _copy_module(tmp_path), AUDIO, SWEDISH_AUDIO.replace("sv/track.md", "sv/saknas.md")
    )
    with pytest.raises(ContentError, match=r"module.sv.yaml: pages\[0\]\.media\[0\]\.transcript"):
        read_module(folder)


@pytest.mark.parametrize(("number", "page"), [(4, 3), (10, 4)])
def test_the_relaxation_exercises_have_a_recording_in_each_language(number, page):
    module = read_module(next(CONTENT_DIR.glob(f"{number:02d}-*")))
    for language, text in module.texts.items():
        (item,) = text.content["pages"][page - 1]["media"]
        assert item["kind"] == "audio"
        assert item["name"].startswith(f"{language}/")
        path = CONTENT_DIR / f"{number:02d}-{module.slug}" / "media" / item["name"]
        assert path.stat().st_size < 1.5 * 1024 * 1024
        # The recording is made from the transcript, pauses and all (make_audio.sh).
        assert len(re.sub(r"<[^>]+>", " ", item["transcript_html"]).split()) > 250
