"""Reads the programme's content files (modules/content/NN-slug/) into checked, rendered data.

A module folder holds `module.yaml` and Markdown pages in English, the source language, and for
every other language of the site `module.<language>.yaml` and `pages/<language>/` with the same
pages, worksheets, field keys and choices, so that answers compare across languages; see
docs/content.md for the format. Any mistake (a missing translation or a worksheet whose structure
differs) stops the load with a message naming the file and the field, so a half-valid programme
never reaches participants. Markdown is rendered and then sanitised: content files are trusted
less than code. Pages may show audio (with a transcript) and images (with alt text) from the
module's `media/` folder; their bytes are part of the module's hash, and each entry keeps its own
digest so that its address changes whenever the file does.
"""

import functools
import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.utils.html import strip_tags

from config.rendering import render_markdown

CONTENT_DIR = Path(__file__).resolve().parent / "content"
SOURCE_LANGUAGE = "en"  # module.yaml and pages/ are English; translations sit beside them
MODULE_COUNT = 14
FIELD_TYPES = {"text", "scale", "checklist", "diary"}
DEFAULT_TEXT_LENGTH = 2000
MAX_TEXT_LENGTH = 5000
DEFAULT_DIARY_TEXT_LENGTH = 300
MAX_TEXT_BYTES = 100 * 1024  # a transcript
_FOLDER = re.compile(r"^(\d{2})-[a-z0-9-]+$")
_WORKSHEET_KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_FIELD_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
MEDIA_FOLDER = "media"
# Suffix -> (kind, Content-Type, how the file starts). Ogg Opus is served as audio/ogg (RFC 7845).
MEDIA_TYPES = {
    ".ogg": ("audio", "audio/ogg", (b"OggS",)),
    ".opus": ("audio", "audio/ogg", (b"OggS",)),
    ".mp3": ("audio", "audio/mpeg", (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")),
    ".png": ("image", "image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image", "image/jpeg", (b"\xff\xd8\xff",)),
    ".svg": ("image", "image/svg+xml", (b"<",)),
}
MAX_MEDIA_BYTES = {"audio": 3 * 1024 * 1024, "image": 512 * 1024}
_MEDIA_FIELDS = {
    "audio": {"file", "kind", "title", "transcript"},
    "image": {"file", "kind", "title", "alt"},
}
# Lower-case names in folders under media/; no segment starts with a dot, so no "..".
_MEDIA_NAME = re.compile(
    r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9]+)*(/[a-z0-9][a-z0-9_-]*(\.[a-z0-9]+)*)*$"
)
# An SVG shown with <img> runs nothing, but one opened on its own could: refuse active content.
_SVG_ACTIVE = re.compile(
    r"<script|<foreignobject|<!entity|\son[a-z]+\s*=|javascript:|(href|src)\s*=\s*[\"'](?!#)",
    re.IGNORECASE,
)


class ContentError(ValueError):
    """A content file breaks the format; the message names the file and the problem."""


@dataclass(frozen=True)
class ModuleText:
    """A module in one language."""

    title: str
    description: str
    content: dict  # pages, worksheets, homework_html, summary_html: stored as the version's JSON


@dataclass(frozen=True)
class ModuleContent:
    number: int
    slug: str
    content_hash: str  # of every language's files: one revision of the module
    texts: dict[str, ModuleText]  # by language code, the source language first

    @property
    def source(self) -> ModuleText:
        return self.texts[SOURCE_LANGUAGE]


def translation_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def _require(condition: bool, where: Path, message: str) -> None:
    if not condition:
        raise ContentError(f"{where}: {message}")


def _check_scale(spec: dict, where: Path, label: str) -> None:
    low, high = spec.get("min"), spec.get("max")
    _require(
        isinstance(low, int) and isinstance(high, int) and low < high,
        where,
        f"{label} needs whole numbers min < max",
    )


def _field(spec: dict, where: Path) -> dict:
    key, kind = spec.get("key", ""), spec.get("type")
    _require(bool(_FIELD_KEY.match(str(key))), where, f"bad field key {key!r}")
    _require(kind in FIELD_TYPES, where, f"field {key}: type must be one of {sorted(FIELD_TYPES)}")
    _require(bool(spec.get("label")), where, f"field {key}: a label is required")
    field = {
        "key": key,
        "type": kind,
        "label": spec["label"],
        "help": spec.get("help", ""),
        "required": bool(spec.get("required", False)),
    }
    if kind == "text":
        length = spec.get("max_length", DEFAULT_TEXT_LENGTH)
        _require(0 < length <= MAX_TEXT_LENGTH, where, f"field {key}: max_length too large")
        field["max_length"] = length
    elif kind == "scale":
        _check_scale(spec, where, f"field {key}")
        field.update(
            min=spec["min"],
            max=spec["max"],
            min_label=spec.get("min_label", ""),
            max_label=spec.get("max_label", ""),
        )
    elif kind == "checklist":
        options = spec.get("options") or []
        _require(2 <= len(options) <= 12, where, f"field {key}: 2-12 options needed")
        values = [o.get("value") for o in options]
        _require(len(set(values)) == len(values), where, f"field {key}: option values repeat")
        field["options"] = [{"value": o["value"], "label": o["label"]} for o in options]
    else:
        days, columns = spec.get("days", 7), spec.get("columns") or []
        _require(isinstance(days, int) and 1 <= days <= 14, where, f"field {key}: days 1-14")
        _require(1 <= len(columns) <= 6, where, f"field {key}: 1-6 diary columns")
        field["days"] = days
        field["columns"] = []
        for column in columns:
            ckey, ctype = column.get("key", ""), column.get("type")
            _require(bool(_FIELD_KEY.match(str(ckey))), where, f"{key}: bad column {ckey!r}")
            _require(ctype in {"text", "scale"}, where, f"{key}.{ckey}: text or scale only")
            entry = {"key": ckey, "type": ctype, "label": column.get("label", ckey)}
            if ctype == "scale":
                _check_scale(column, where, f"{key}.{ckey}")
                entry.update(min=column["min"], max=column["max"])
            else:
                entry["max_length"] = min(
                    column.get("max_length", DEFAULT_DIARY_TEXT_LENGTH), MAX_TEXT_LENGTH
                )
            field["columns"].append(entry)
    return field


def _worksheet(spec: dict, where: Path) -> dict:
    key = spec.get("key", "")
    _require(bool(_WORKSHEET_KEY.match(str(key))), where, f"bad worksheet key {key!r}")
    _require(bool(spec.get("title")), where, f"worksheet {key}: a title is required")
    fields = [_field(f, where) for f in spec.get("fields") or []]
    _require(bool(fields), where, f"worksheet {key}: at least one field")
    keys = [f["key"] for f in fields]
    _require(len(set(keys)) == len(keys), where, f"worksheet {key}: field keys repeat")
    return {
        "key": key,
        "title": spec["title"],
        "instructions": spec.get("instructions", ""),
        "required": bool(spec.get("required", False)),
        "fields": fields,
    }


def _spec_file(folder: Path, language: str) -> Path:
    name = "module.yaml" if language == SOURCE_LANGUAGE else f"module.{language}.yaml"
    return folder / name


def _pages_dir(folder: Path, language: str) -> Path:
    return folder / "pages" if language == SOURCE_LANGUAGE else folder / "pages" / language


def _media_path(folder: Path, name: str) -> Path | None:
    """The file `name` in the module's media folder, or None if it is missing or lies outside
    it (a symbolic link out of the folder counts as outside)."""
    if not _MEDIA_NAME.match(name):
        return None
    root = (folder / MEDIA_FOLDER).resolve()
    path = (root / name).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def _media_bytes(folder: Path, name, where: Path, label: str, limit: int) -> bytes:
    _require(isinstance(name, str) and bool(name), where, f"{label} is required")
    path = _media_path(folder, name)
    _require(
        path is not None,
        where,
        f"{label}: {name!r} is not a file in {folder / MEDIA_FOLDER} (lower-case names only)",
    )
    size = path.stat().st_size
    _require(size <= limit, where, f"{label}: {name} is {size} bytes, more than {limit}")
    return path.read_bytes()


def _media(spec, folder: Path, language: str, where: Path, label: str, hasher) -> dict:
    """One media entry of a page, checked: the file, its type and the words that go with it."""
    _require(isinstance(spec, dict), where, f"{label} must be a mapping")
    kind = spec.get("kind")
    _require(kind in _MEDIA_FIELDS, where, f"{label}.kind must be audio or image")
    unknown = sorted(set(spec) - _MEDIA_FIELDS[kind])
    _require(not unknown, where, f"{label}: unknown field {', '.join(unknown)} for {kind}")
    name = spec.get("file")
    suffix = Path(str(name)).suffix
    allowed = sorted(s for s, (k, _type, _magic) in MEDIA_TYPES.items() if k == kind)
    _require(suffix in allowed, where, f"{label}.file: {kind} must be one of {allowed}")
    raw = _media_bytes(folder, name, where, f"{label}.file", MAX_MEDIA_BYTES[kind])
    _, content_type, magic = MEDIA_TYPES[suffix]
    _require(raw.startswith(magic), where, f"{label}.file: {name} is not a {suffix} file")
    if suffix == ".svg":
        text = raw.decode("utf-8", errors="replace")
        _require("<svg" in text, where, f"{label}.file: {name} is not an SVG image")
        _require(
            not _SVG_ACTIVE.search(text),
            where,
            f"{label}.file: {name} has scripts, event handlers or outside links",
        )
    hasher.update(f"{language}/{MEDIA_FOLDER}/{name}".encode() + b"\0" + raw)
    title = spec.get("title") or ""
    _require(isinstance(title, str), where, f"{label}.title must be text")
    item = {
        "kind": kind,
        "name": name,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "content_type": content_type,
        "title": title,
    }
    if kind == "audio":
        # Everyone can follow a recording: those who cannot hear it read the same words.
        _require(bool(title), where, f"{label}.title is required for audio")
        transcript = spec.get("transcript")
        _require(str(transcript).endswith(".md"), where, f"{label}.transcript must name a .md file")
        raw_transcript = _media_bytes(
            folder, transcript, where, f"{label}.transcript", MAX_TEXT_BYTES
        )
        hasher.update(f"{language}/{MEDIA_FOLDER}/{transcript}".encode() + b"\0" + raw_transcript)
        text = raw_transcript.decode("utf-8").strip()
        _require(bool(text), where, f"{label}.transcript: {transcript} is empty")
        item["transcript_html"] = render_markdown(text)
    else:
        alt = spec.get("alt")
        _require(
            isinstance(alt, str) and bool(alt.strip()),
            where,
            f"{label}.alt is required for images (say what the image shows)",
        )
        item["alt"] = alt.strip()
    return item


@functools.lru_cache(maxsize=64)
def _file_sha256(path: Path, modified_ns: int, size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def media_file(*, number: int, slug: str, name: str, sha256: str) -> Path | None:
    """A module's media file as loaded: None when it is missing, lies outside the module's media
    folder, or its bytes have changed since (its address promised those bytes for good)."""
    path = _media_path(CONTENT_DIR / f"{number:02d}-{slug}", name)
    if path is None:
        return None
    stat = path.stat()
    return path if _file_sha256(path, stat.st_mtime_ns, stat.st_size) == sha256 else None


def _read_text(folder: Path, language: str, number: int, hasher) -> ModuleText:
    """One language of a module, checked on its own."""
    spec_path = _spec_file(folder, language)
    _require(spec_path.is_file(), spec_path, f"missing (the {language} text of the module)")
    raw_spec = spec_path.read_bytes()
    hasher.update(spec_path.name.encode() + b"\0" + raw_spec)
    try:
        spec = yaml.safe_load(raw_spec)
    except yaml.YAMLError as error:
        raise ContentError(f"{spec_path}: not valid YAML ({error})") from None
    _require(isinstance(spec, dict), spec_path, "must be a mapping")
    _require(spec.get("number") == number, spec_path, "number must match the folder's NN")
    _require(bool(spec.get("title")), spec_path, "a title is required")

    worksheets = [_worksheet(w, spec_path) for w in spec.get("worksheets") or []]
    by_key = {w["key"]: w for w in worksheets}
    _require(len(by_key) == len(worksheets), spec_path, "worksheet keys repeat")
    _require(any(w["required"] for w in worksheets), spec_path, "needs a required worksheet")

    pages, placed = [], []
    page_specs = spec.get("pages") or []
    _require(3 <= len(page_specs) <= 8, spec_path, "3-8 pages")
    for index, page_spec in enumerate(page_specs):
        path = _pages_dir(folder, language) / str(page_spec.get("file", ""))
        _require(path.is_file(), path, "page file missing")
        raw = path.read_bytes()
        hasher.update(f"{language}/{path.name}".encode() + b"\0" + raw)
        text = raw.decode("utf-8")
        first_line, _, body = text.partition("\n")
        _require(first_line.startswith("# "), path, "must start with '# Title'")
        worksheet = page_spec.get("worksheet")
        if worksheet is not None:
            _require(worksheet in by_key, path, f"unknown worksheet {worksheet!r}")
            placed.append(worksheet)
        media_specs = page_spec.get("media") or []
        _require(isinstance(media_specs, list), spec_path, f"pages[{index}].media must be a list")
        pages.append(
            {
                "file": path.name,
                "title": first_line[2:].strip(),
                "html": render_markdown(body),
                "worksheet": worksheet,
                "media": [
                    _media(item, folder, language, spec_path, f"pages[{index}].media[{n}]", hasher)
                    for n, item in enumerate(media_specs)
                ],
            }
        )
    _require(sorted(placed) == sorted(by_key), spec_path, "each worksheet on exactly one page")

    content = {
        "pages": pages,
        "worksheets": by_key,
        "homework_html": render_markdown(spec.get("homework", "")),
        "summary_html": render_markdown(spec.get("summary", "")),
    }
    return ModuleText(
        title=spec["title"],
        description=spec.get("description", ""),
        content=json.loads(json.dumps(content)),
    )


# Words people read; everything else in a worksheet (keys, types, choices, limits) must be the
# same in every language, or answers would not compare.
_TRANSLATED = frozenset(
    {"title", "instructions", "label", "help", "min_label", "max_label", "html"}
)


def _same_structure(source, translated, where: Path, path: str) -> None:
    if isinstance(source, dict) and isinstance(translated, dict):
        keys = sorted(set(source) | set(translated))
        for key in keys:
            if key not in _TRANSLATED:
                _same_structure(source.get(key), translated.get(key), where, f"{path}.{key}")
        return
    if isinstance(source, list) and isinstance(translated, list) and len(source) == len(translated):
        for index, (a, b) in enumerate(zip(source, translated, strict=True)):
            _same_structure(a, b, where, f"{path}[{index}]")
        return
    _require(
        source == translated,
        where,
        f"{path.lstrip('.')} differs from module.yaml ({translated!r} instead of {source!r})",
    )


def _structure(content: dict) -> dict:
    """What must be the same in every language. A page's media may be other files with their own
    titles, transcripts and alt texts, but as many of them and of the same kinds."""
    pages = [
        {**page, "media": [{"kind": item["kind"]} for item in page["media"]]}
        for page in content["pages"]
    ]
    return {"pages": pages, "worksheets": content["worksheets"]}


def read_module(folder: Path) -> ModuleContent:
    """Parse and check one module folder in every language of the site."""
    match = _FOLDER.match(folder.name)
    _require(bool(match), folder, "folder name must be NN-slug")
    number = int(match.group(1))
    hasher = hashlib.sha256()
    texts = {SOURCE_LANGUAGE: _read_text(folder, SOURCE_LANGUAGE, number, hasher)}
    source = _structure(texts[SOURCE_LANGUAGE].content)
    for language in translation_languages():
        text = _read_text(folder, language, number, hasher)
        _same_structure(source, _structure(text.content), _spec_file(folder, language), "")
        texts[language] = text
    return ModuleContent(
        number=number, slug=folder.name[3:], content_hash=hasher.hexdigest(), texts=texts
    )


def read_programme(directory: Path = CONTENT_DIR) -> list[ModuleContent]:
    """All module folders, checked: exactly modules 1-14, each once."""
    folders = sorted(p for p in directory.iterdir() if p.is_dir() and _FOLDER.match(p.name))
    modules = [read_module(folder) for folder in folders]
    numbers = [m.number for m in modules]
    if numbers != list(range(1, MODULE_COUNT + 1)):
        raise ContentError(f"{directory}: expected modules 1-{MODULE_COUNT}, found {numbers}")
    return modules


# A plain, unhurried pace for health information read on a screen: slower than the 200-250 words
# a minute adults average for non-fiction, as pain, fatigue and stress slow reading down.
READING_WORDS_PER_MINUTE = 150
# Minutes to answer one question of a worksheet. A diary counts one day's row, a cell at a time:
# the other days are filled in during the week, as homework.
ANSWER_MINUTES = {"text": 2.0, "scale": 0.5, "checklist": 1.0}
DIARY_CELL_MINUTES = 0.5


def _answer_minutes(field: dict) -> float:
    if field["type"] == "diary":
        return DIARY_CELL_MINUTES * len(field["columns"])
    return ANSWER_MINUTES[field["type"]]


def estimated_minutes(content: dict) -> int:
    """About how long a module takes: its pages read at a plain pace and its worksheets filled
    in, rounded up to whole 5 minutes. Reads a version's stored content, so every version
    loaded, old or new, in any language, gets an estimate from its own words."""
    words = sum(len(strip_tags(page["html"]).split()) for page in content["pages"])
    answering = sum(
        _answer_minutes(field)
        for worksheet in content["worksheets"].values()
        for field in worksheet["fields"]
    )
    return max(5, 5 * math.ceil((words / READING_WORDS_PER_MINUTE + answering) / 5))
