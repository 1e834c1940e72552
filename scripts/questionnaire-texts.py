#!/usr/bin/env python3
"""The texts of the shipped questionnaires and the demo config, for translators and reviewers.

The shipped FHIR files in public/questionnaires/ are the source: there is no separate source
format. Their texts are Dutch, with every other language in FHIR `translation` extensions
(`_text`, `_display`, ...). The demo config (public/config/gemeente.json) keeps its texts as
`{"nl": ..., "en": ...}` objects. This script moves texts in and out of those files in one
table per language, so a translator writes each Dutch text once, and a reviewer reads one
language from top to bottom:

  python3 scripts/questionnaire-texts.py export uk > uk.json   # {"Dutch text": "translation"}
  python3 scripts/questionnaire-texts.py import uk uk.json     # writes them into every file
  python3 scripts/questionnaire-texts.py hoist                 # repeated answer lists -> ValueSets

`export` lists every Dutch text of the shipped questionnaires (index.json) and the demo config,
with the language's current translation ("" when there is none). `import` writes every
non-empty translation of the table to every place that has that Dutch text; a Dutch text the
files no longer have is reported and skipped.

`hoist` moves an answer list that two or more questions of one questionnaire share into a
ValueSet contained in that questionnaire (`answerValueSet: "#id"`), so that a language adds each
answer text once. The engine reads contained ValueSets with their translations
(src/engine/parse.rs); codes, systems and order stay the same. It leaves lists alone that it
cannot move without a change (options with more than a coding, or codes of several systems).

Files are written as json.dump(indent=2, ensure_ascii=False) plus a newline, as they are now.
tests/translations.rs fails when a text lacks one of the app's languages.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONNAIRES = ROOT / "public" / "questionnaires"
CONFIG = ROOT / "public" / "config" / "gemeente.json"
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
# The order translations are written in (Dutch is the base text, not a translation).
LANGUAGES = ["nl", "en", "ar", "tr", "pl", "uk"]
# FHIR string fields that people read. Everything else (linkId, code, system, ...) is not text.
TEXT_FIELDS = ["title", "description", "copyright", "text", "prefix", "display"]


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def save(path: Path, data) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def shipped_questionnaires() -> list[Path]:
    return [QUESTIONNAIRES / entry["file"] for entry in load(QUESTIONNAIRES / "index.json")]


# --- questionnaire texts ---------------------------------------------------------------------


def text_nodes(node):
    """Every (object, field) that holds a text, in document order."""
    if isinstance(node, dict):
        for field in TEXT_FIELDS:
            if isinstance(node.get(field), str):
                yield node, field
        for key, value in node.items():
            if not key.startswith("_"):
                yield from text_nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from text_nodes(value)


def translations(obj: dict, field: str) -> dict[str, str]:
    out = {}
    for ext in (obj.get("_" + field) or {}).get("extension", []):
        if ext.get("url") != TRANSLATION:
            continue
        parts = {p.get("url"): p for p in ext.get("extension", [])}
        lang = parts.get("lang", {}).get("valueCode")
        content = parts.get("content", {}).get("valueString")
        if lang and content is not None:
            out[lang] = content
    return out


def set_translation(obj: dict, field: str, lang: str, content: str) -> None:
    """Sets one translation; translations stay in LANGUAGES order, other extensions first."""
    meta = obj.setdefault("_" + field, {})
    exts = meta.setdefault("extension", [])
    others = [e for e in exts if e.get("url") != TRANSLATION]
    current = translations(obj, field)
    current[lang] = content
    order = {l: i for i, l in enumerate(LANGUAGES)}
    ordered = sorted(current.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    meta["extension"] = others + [
        {
            "url": TRANSLATION,
            "extension": [{"url": "lang", "valueCode": l}, {"url": "content", "valueString": c}],
        }
        for l, c in ordered
    ]
    # `_field` right after `field`, as FHIR JSON writes it.
    rebuilt = {}
    for key, value in obj.items():
        if key != "_" + field:
            rebuilt[key] = value
        if key == field:
            rebuilt["_" + field] = meta
    obj.clear()
    obj.update(rebuilt)


# --- config texts ----------------------------------------------------------------------------


def config_texts(node):
    """Every text object ({"nl": ..., ...}) of the config, in document order."""
    if isinstance(node, dict):
        if isinstance(node.get("nl"), str) and all(isinstance(v, str) for v in node.values()):
            yield node
            return
        for value in node.values():
            yield from config_texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from config_texts(value)


def set_config_translation(text: dict, lang: str, content: str) -> None:
    text[lang] = content
    order = {l: i for i, l in enumerate(LANGUAGES)}
    items = sorted(text.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    text.clear()
    text.update(items)


# --- commands --------------------------------------------------------------------------------


def export(lang: str) -> int:
    table: dict[str, str] = {}
    for path in shipped_questionnaires():
        for obj, field in text_nodes(load(path)):
            known = translations(obj, field).get(lang, "")
            if not table.get(obj[field]):
                table[obj[field]] = known
    for text in config_texts(load(CONFIG)):
        if not table.get(text["nl"]):
            table[text["nl"]] = text.get(lang, "")
    json.dump(table, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def import_table(lang: str, table_path: str) -> int:
    table = {nl: t for nl, t in load(Path(table_path)).items() if t}
    used: set[str] = set()
    for path in shipped_questionnaires():
        data = load(path)
        for obj, field in list(text_nodes(data)):
            if obj[field] in table:
                set_translation(obj, field, lang, table[obj[field]])
                used.add(obj[field])
        save(path, data)
    config = load(CONFIG)
    for text in config_texts(config):
        if text["nl"] in table:
            set_config_translation(text, lang, table[text["nl"]])
            used.add(text["nl"])
    save(CONFIG, config)
    for nl in table.keys() - used:
        print(f"not found in any file, skipped: {nl!r}", file=sys.stderr)
    print(f"{lang}: {len(used)} texts written")
    return 0


def items(node):
    for item in node.get("item", []):
        yield item
        yield from items(item)


def hoistable(options: list) -> str | None:
    """The one code system of a list that can become a ValueSet unchanged, else None."""
    systems = set()
    for option in options:
        if set(option) - {"valueCoding", "extension"} or "valueCoding" not in option:
            return None
        systems.add(option["valueCoding"].get("system"))
    return systems.pop() if len(systems) == 1 and None not in systems else None


def concept(option: dict) -> dict:
    """A ValueSet concept with the option's code, display (with translations) and extensions."""
    coding = option["valueCoding"]
    out = {k: v for k, v in coding.items() if k not in ("system", "version", "userSelected")}
    extensions = coding.get("extension", []) + option.get("extension", [])
    if extensions:
        out["extension"] = extensions
    return out


def hoist_one(path: Path) -> int:
    data = load(path)
    lists: dict[str, list] = {}
    for item in items(data):
        if "answerOption" in item and hoistable(item["answerOption"]):
            lists.setdefault(json.dumps(item["answerOption"], sort_keys=True), []).append(item)
    contained = data.get("contained", [])
    taken = {r.get("id") for r in contained}
    moved = 0
    for key, users in lists.items():
        if len(users) < 2:
            continue
        options = users[0]["answerOption"]
        system = hoistable(options)
        vs_id = system.rstrip("/").rsplit("/", 1)[-1]
        n = 2
        while vs_id in taken:
            vs_id = f"{system.rstrip('/').rsplit('/', 1)[-1]}-{n}"
            n += 1
        taken.add(vs_id)
        contained.append(
            {
                "resourceType": "ValueSet",
                "id": vs_id,
                "status": "active",
                "compose": {"include": [{"system": system, "concept": [concept(o) for o in options]}]},
            }
        )
        for item in users:
            keys = list(item.keys())
            rebuilt = {}
            for k in keys:
                if k == "answerOption":
                    rebuilt["answerValueSet"] = f"#{vs_id}"
                else:
                    rebuilt[k] = item[k]
            item.clear()
            item.update(rebuilt)
            moved += 1
    if moved:
        # `contained` before `item`, so the answer lists come first when reading the file.
        rebuilt = {k: v for k, v in data.items() if k not in ("contained", "item")}
        rebuilt["contained"] = contained
        rebuilt["item"] = data.get("item", [])
        save(path, rebuilt)
    print(f"{path.name}: {moved} answer lists now point to a contained ValueSet")
    return moved


def hoist() -> int:
    for path in shipped_questionnaires():
        hoist_one(path)
    return 0


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "export":
        return export(argv[1])
    if len(argv) == 3 and argv[0] == "import":
        return import_table(argv[1], argv[2])
    if argv == ["hoist"]:
        return hoist()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
