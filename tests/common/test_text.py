import datetime

import pytest

from common.text import duration_in_words


@pytest.mark.parametrize("minutes,words", [
    (30, "30 minutes"), (1, "1 minute"), (60, "1 hour"), (135, "2 hours 15 minutes"), (0.2, "1 minute"),
])
def test_duration_in_words(minutes, words):
    assert duration_in_words(datetime.timedelta(minutes=minutes)) == words
