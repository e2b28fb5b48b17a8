"""docs/layouts.md is the reference written from the schema, and lists every setting."""

from __future__ import annotations

from pathlib import Path

from inspiratiekaart.layout.reference import markdown
from inspiratiekaart.layout.schema import FILES

ROOT = Path(__file__).resolve().parents[2]


def test_docs_layouts_md_is_the_reference_of_the_schema():
    written = (ROOT / "docs" / "layouts.md").read_text(encoding="utf-8")
    assert written == markdown(), ("docs/layouts.md is out of date: run "
                                   "python -m inspiratiekaart.layout.reference > docs/layouts.md")


def test_every_file_and_top_level_setting_is_listed():
    text = markdown()
    for name, layout in FILES.items():
        assert f"`layouts/{name}.yaml`" in text
        for key in layout.settings.fields:
            assert f"| `{key}` |" in text or f"| `{key}." in text
    assert "| `styles.body` | a paragraph style |" in text
    assert "## A paragraph style" in text and "| `leading` | length, 4pt to 300pt |" in text
