"""
The accessibility statement has the GOV.UK model's sections, a public contact route, and is true to
the tests it names: each named file exists, and when any of them changes this test fails until the
statement has been reviewed (update STATEMENT_REVIEWED_ON in common/views.py and DIGEST below).
"""

import ast
import hashlib
import re
from pathlib import Path

from common.views import STATEMENT_REVIEWED_ON

ROOT = Path(__file__).resolve().parents[2]
STATEMENT = ROOT / "templates" / "pages" / "accessibility.html"
# The digest of the tests the statement names, as last reviewed (see _digest below).
DIGEST = "dfdef1089f6db621e2842bd7c16cd549b32d86819c12ffb1a24b184803457b12"

SECTIONS = [
    "Accessibility statement for VAWG Portal",
    "How accessible this website is",
    "Feedback and contact information",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Technical information about this website’s accessibility",
    "Compliance status",
    "Non-accessible content",
    "Non-compliance with the accessibility regulations",
    "Disproportionate burden",
    "What we’re doing to improve accessibility",
    "How we tested this website",
    "Preparation of this accessibility statement",
]


def _named_files() -> list[str]:
    """The test files the statement names (but this one, which holds the digest)."""
    named = set(re.findall(r"tests/[\w/]+\.py", STATEMENT.read_text()))
    return sorted(named - {"tests/common/test_accessibility_statement.py"})


def _digest() -> str:
    """sha256 over the named test files, counting only the check_* functions of tests/e2e/conftest.py."""
    digest = hashlib.sha256()
    for name in _named_files():
        source = (ROOT / name).read_text()
        if name.endswith("conftest.py"):
            tree = ast.parse(source)
            source = "\n".join(
                ast.get_source_segment(source, node) for node in tree.body
                if isinstance(node, ast.FunctionDef) and node.name.startswith("check_")
            )
        digest.update(name.encode() + b"\0" + source.encode() + b"\0")
    return digest.hexdigest()


def test_the_statement_has_the_model_sections_and_a_public_contact(client, settings, db):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "access@vawg.example"
    content = client.get("/accessibility/").content.decode()
    headings = [" ".join(h.split()) for h in re.findall(r"<h[123][^>]*>(.*?)</h[123]>", content, re.S)]
    for section in SECTIONS:
        assert section in headings, section
    assert 'href="mailto:access@vawg.example"' in content
    assert "Equality and Human Rights Commission" in content
    assert "Equality Commission for Northern Ireland" in content
    assert "partially compliant" in content
    assert f"last reviewed on {STATEMENT_REVIEWED_ON:%-d %B %Y}" in content
    assert "30 minutes" in content


def test_every_test_the_statement_names_exists():
    named = _named_files()
    assert "tests/e2e/test_keyboard.py" in named and "tests/e2e/conftest.py" in named
    assert [name for name in named if not (ROOT / name).exists()] == []


def test_the_statement_was_reviewed_after_the_tests_it_names_last_changed():
    assert _digest() == DIGEST, (
        "The accessibility tests named in templates/pages/accessibility.html changed. Check every claim in "
        "the statement is still true, move STATEMENT_REVIEWED_ON in common/views.py on, and set DIGEST in "
        f"tests/common/test_accessibility_statement.py to {_digest()!r}."
    )
