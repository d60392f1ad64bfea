"""The API's published description says what the API does (issue 7, finding 9): read-only toolkit access."""

from django.conf import settings


def test_the_schema_describes_a_read_only_toolkit_api(anonymous):
    schema = anonymous.get("/api/v1/schema/", {"format": "json"}).json()
    methods = {method for operations in schema["paths"].values() for method in operations}
    assert methods == {"get"}
    assert all(path.startswith("/api/v1/toolkit/") for path in schema["paths"])
    description = schema["info"]["description"]
    assert description == settings.SPECTACULAR_SETTINGS["DESCRIPTION"]
    assert description.startswith("Read-only access to the misogyny toolkit")
    assert "write" not in description.lower() and "plans" not in description.lower()
