#!/usr/bin/env python3
"""Independent check of the QuestionnaireResponses the engine writes.

`cargo test --test conformance` fills in every questionnaire and writes the responses to
target/fhir-samples/*.json. This script validates each of them with the FHIR R4B models of
the PyPI package `fhir.resources` (not written by us): types, cardinalities, primitive formats
(date, dateTime, time, 32-bit integer), one value[x] per answer, no unknown fields.

Exit status 0 only when there is at least one sample and every sample is valid. The last line
is "N passed, N failed".

Install the validator with:  python3 -m pip install 'fhir.resources>=7,<9'
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "target" / "fhir-samples"


def load_model():
    try:
        import fhir.resources  # noqa: F401
        from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
    except ImportError as e:  # pragma: no cover - depends on the machine
        print(
            f"fhir_validate: cannot import fhir.resources R4B models ({e}).\n"
            "Install them with: python3 -m pip install 'fhir.resources>=7,<9'",
            file=sys.stderr,
        )
        sys.exit(2)
    version = getattr(sys.modules["fhir.resources"], "__version__", "?")
    return QuestionnaireResponse, version


def validate(model, data: dict):
    """Pydantic 2 based releases (fhir.resources 8) have model_validate; 7.x has parse_obj."""
    if hasattr(model, "model_validate"):
        return model.model_validate(data)
    return model.parse_obj(data)


def check_file(model, path: Path) -> str | None:
    """Returns a description of what is wrong, or None when the sample is valid."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return f"not readable JSON: {e}"
    if not isinstance(data, dict) or data.get("resourceType") != "QuestionnaireResponse":
        return "not a QuestionnaireResponse resource"
    try:
        resource = validate(model, data)
    except Exception as e:  # pydantic.ValidationError and fhir.resources' own errors
        return str(e).strip()
    # The parsed resource must keep what the sample says (nothing silently dropped).
    if resource.status != data["status"]:
        return f"status changed from {data['status']!r} to {resource.status!r}"
    if len(resource.item or []) != len(data.get("item", [])):
        return "top-level items were dropped while parsing"
    return None


def main() -> int:
    model, version = load_model()
    files = sorted(SAMPLES.glob("*.json"))
    print(f"fhir.resources {version}: validating {len(files)} QuestionnaireResponse sample(s) in {SAMPLES}")
    if not files:
        print(
            "FAIL: no samples found. Run `cargo test --test conformance` first; it writes them.",
            file=sys.stderr,
        )
        print("0 passed, 1 failed")
        return 1
    failures: list[tuple[str, str]] = []
    for path in files:
        problem = check_file(model, path)
        if problem is None:
            print(f"  ok    {path.name}")
        else:
            print(f"  FAIL  {path.name}")
            failures.append((path.name, problem))
    if failures:
        print("\nInvalid QuestionnaireResponse samples:", file=sys.stderr)
        for name, problem in failures:
            print(f"- {name}:", file=sys.stderr)
            for line in problem.splitlines():
                print(f"    {line}", file=sys.stderr)
    passed = len(files) - len(failures)
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
