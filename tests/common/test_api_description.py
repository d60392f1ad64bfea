"""The API's published description says what the API does (issue 7, finding 9), and nothing more."""

from django.conf import settings


def test_the_schema_lists_only_what_the_description_promises(anonymous):
    schema = anonymous.get("/api/v1/schema/", {"format": "json"}).json()
    operations = {
        (path, method) for path, methods in schema["paths"].items() for method in methods
    }
    assert all(path.startswith(("/api/v1/toolkit/", "/api/v1/performance/")) for path, _ in operations)
    writes = {(path, method) for path, method in operations if method != "get"}
    assert writes == {("/api/v1/performance/returns/{force_code}/{period_slug}/", "put")}
    description = schema["info"]["description"]
    assert description == settings.SPECTACULAR_SETTINGS["DESCRIPTION"]
    assert description.startswith("The misogyny toolkit, read-only")
    assert "Performance returns" in description and "(PUT)" in description
    # Plans are not in the API yet: the description must not promise them.
    assert "action plan" not in description.lower() and "plans" not in description.lower()
