"""
The plan and toolkit PDFs: what they say (text extracted with pdftotext) and how they are built
(tagged PDF/UA with a structure tree, language, title and embedded fonts, checked with pikepdf).
"""

import io
import os
import re
import subprocess
import zipfile

import pikepdf
import pytest

from reports import selectors
from reports.services import documents

from .conftest import LONG_TITLE, XSS

ARTIFACTS = os.environ.get("REPORT_ARTIFACTS", "")


def pdf_text(content: bytes) -> str:
    """The PDF's text as pdftotext reads it, with runs of whitespace made single spaces."""
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return re.sub(r"\s+", " ", result.stdout.decode())


@pytest.fixture
def plan_pdf(plan_a, planner_a_user):
    snapshot = selectors.plan_snapshot(user=planner_a_user, plan_id=plan_a.pk)
    rendered = documents.plan_pdf(snapshot)
    if ARTIFACTS:
        with open(os.path.join(ARTIFACTS, "plan.pdf"), "wb") as fh:
            fh.write(rendered.content)
    return rendered


def test_the_plan_pdf_prints_the_force_every_action_owners_and_the_sign_off(plan_pdf, plan_a):
    text = pdf_text(plan_pdf.content)
    assert "Force A Constabulary" in text
    joined = re.sub(r"\s+", "", text)
    for action in plan_a.actions.all():
        # Titles wrap across lines in table cells: compare with whitespace taken out.
        assert re.sub(r"\s+", "", action.title) in joined, action.title
        assert action.owner_team in text
        assert action.lead_officer in text
    assert "Casey Chief" in text and "Chief Constable" in text
    assert "Signed off." in text
    assert "Training delivered to 40 call handlers." in text  # progress history appendix
    assert "Stalking protection order" in text  # toolkit tools used
    assert "OFFICIAL" in text


def test_user_text_is_printed_literally_and_long_titles_whole(plan_pdf):
    text = pdf_text(plan_pdf.content)
    assert XSS in text
    assert LONG_TITLE in text
    assert "&lt;" not in text


def test_every_page_says_page_n_of_m(plan_pdf):
    text = pdf_text(plan_pdf.content)
    assert plan_pdf.pages >= 3
    for n in range(1, plan_pdf.pages + 1):
        assert f"Page {n} of {plan_pdf.pages}" in text


def test_the_protective_marking_comes_from_settings(plan_a, planner_a_user, settings):
    settings.REPORTS_PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
    rendered = documents.plan_pdf(selectors.plan_snapshot(user=planner_a_user, plan_id=plan_a.pk))
    assert pdf_text(rendered.content).count("OFFICIAL-SENSITIVE") >= 2 * rendered.pages


def test_the_plan_pdf_is_tagged_with_language_title_and_embedded_fonts(plan_pdf):
    with pikepdf.open(io.BytesIO(plan_pdf.content)) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang).lower().startswith("en")
        assert str(pdf.docinfo.Title) == "Force A Constabulary VAWG action plan, revision 1"
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert "/Outlines" in root  # bookmarks
        fonts = []
        for page in pdf.pages:
            for _name, font in page.Resources.get("/Font", {}).items():
                fonts.append(font)
        assert fonts
        for font in fonts:
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0] if descendants else font).FontDescriptor
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font


def test_the_structure_tree_has_headings_tables_and_the_chart_as_a_figure(plan_pdf):
    with pikepdf.open(io.BytesIO(plan_pdf.content)) as pdf:
        kinds = set()
        alts = []

        def walk(node, depth=0):
            if depth > 60 or not isinstance(node, pikepdf.Dictionary):
                return
            if "/S" in node:
                kinds.add(str(node.S))
                if "/Alt" in node:
                    alts.append(str(node.Alt))
            kids = node.get("/K")
            if isinstance(kids, pikepdf.Array):
                for kid in kids:
                    walk(kid, depth + 1)
            elif isinstance(kids, pikepdf.Dictionary):
                walk(kids, depth + 1)

        walk(pdf.Root.StructTreeRoot)
    assert {"/H1", "/H2", "/H3", "/Table", "/TR", "/TH", "/TD", "/Figure", "/Caption"} <= kinds, kinds
    assert "Actions by pillar and RAG status" in alts  # the chart's text alternative


def test_the_bookmarks_list_the_sections(plan_pdf):
    with pikepdf.open(io.BytesIO(plan_pdf.content)) as pdf, pdf.open_outline() as outline:
        titles = []

        def walk(items):
            for item in items:
                titles.append(item.title)
                walk(item.children)

        walk(outline.root)
    assert "Sign-off record" in titles
    assert "Summary by pillar" in titles
    assert "Appendix A: progress history" in titles


def test_the_toolkit_pdf_lists_behaviours_offences_and_tools(toolkit_entries):
    rendered = documents.toolkit_pdf(selectors.toolkit_snapshot())
    if ARTIFACTS:
        with open(os.path.join(ARTIFACTS, "toolkit.pdf"), "wb") as fh:
            fh.write(rendered.content)
    text = pdf_text(rendered.content)
    assert "Upskirting" in text
    assert "Voyeurism (Sexual Offences Act 2003, s67A): without consent" in text
    assert "Stalking protection order" in text
    with pikepdf.open(io.BytesIO(rendered.content)) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.docinfo.Title).startswith("The misogyny toolkit")


def test_a_zip_holds_each_file_by_name():
    content = documents.zip_of([("a.pdf", b"%PDF-a"), ("b.pdf", b"%PDF-b")])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.namelist() == ["a.pdf", "b.pdf"]
        assert archive.read("b.pdf") == b"%PDF-b"


def test_the_toolkit_pdf_says_how_current_each_entry_is(toolkit_entries):
    import datetime

    from django.utils import timezone

    offence = toolkit_entries.offences.get()
    offence.last_reviewed_on = datetime.date(2026, 11, 3)
    offence.review_due_on = timezone.localdate()
    offence.review_reason = "The pilot ended"
    offence.save()
    snapshot = selectors.toolkit_snapshot()
    assert snapshot["offences"][0]["law_as_at"] == "3 November 2026"
    assert snapshot["offences"][0]["review"] == "Needs review: The pilot ended"
    assert snapshot["categories"][0]["behaviours"][0]["review"] == "Needs review: its law has not been checked yet"
    text = " ".join(pdf_text(documents.toolkit_pdf(snapshot).content).split())
    assert "guidance, not legal advice" in text
    assert "Law as at 3 November 2026" in text
    assert "Needs review: The pilot ended" in text
