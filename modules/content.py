"""Reads the programme's content files (modules/content/NN-slug/) into checked, rendered data.

A module folder holds `module.yaml` and Markdown pages in English, the source language, and for
every other language of the site `module.<language>.yaml` and `pages/<language>/` with the same
pages, worksheets, field keys and choices, so that answers compare across languages; see
docs/content.md for the format. Any mistake (a missing translation or a worksheet whose structure
differs) stops the load with a message naming the file and the field, so a half-valid programme
never reaches participants. Markdown is rendered and then sanitised: content files are trusted
less than code.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings

from config.rendering import render_markdown

CONTENT_DIR = Path(__file__).resolve().parent / "content"
SOURCE_LANGUAGE = "en"  # module.yaml and pages/ are English; translations sit beside them
MODULE_COUNT = 14
FIELD_TYPES = {"text", "scale", "checklist", "diary"}
DEFAULT_TEXT_LENGTH = 2000
MAX_TEXT_LENGTH = 5000
DEFAULT_DIARY_TEXT_LENGTH = 300
_FOLDER = re.compile(r"^(\d{2})-[a-z0-9-]+$")
_WORKSHEET_KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_FIELD_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


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
    for page_spec in page_specs:
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
        pages.append(
            {
                "file": path.name,
                "title": first_line[2:].strip(),
                "html": render_markdown(body),
                "worksheet": worksheet,
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


def read_module(folder: Path) -> ModuleContent:
    """Parse and check one module folder in every language of the site."""
    match = _FOLDER.match(folder.name)
    _require(bool(match), folder, "folder name must be NN-slug")
    number = int(match.group(1))
    hasher = hashlib.sha256()
    texts = {SOURCE_LANGUAGE: _read_text(folder, SOURCE_LANGUAGE, number, hasher)}
    source = texts[SOURCE_LANGUAGE].content
    for language in translation_languages():
        text = _read_text(folder, language, number, hasher)
        structure = {"pages": text.content["pages"], "worksheets": text.content["worksheets"]}
        _same_structure(
            {"pages": source["pages"], "worksheets": source["worksheets"]},
            structure,
            _spec_file(folder, language),
            "",
        )
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
