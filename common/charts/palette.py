"""
Colours for charts: the Okabe-Ito palette, safe for the common forms of colour blindness.

RAG colours keep their usual meaning but charts always print the status name and count beside
them, so a reader who cannot tell red from green loses nothing.
"""

BLACK = "#0b0c0c"
GREY = "#505a5f"
LIGHT_GREY = "#b1b4b6"

# Okabe & Ito (2008), "Color Universal Design": eight colours distinguishable by most readers.
SERIES = (
    "#0072b2",  # blue
    "#e69f00",  # orange
    "#009e73",  # bluish green
    "#cc79a7",  # reddish purple
    "#56b4e9",  # sky blue
    "#d55e00",  # vermillion
    "#f0e442",  # yellow
    "#000000",  # black
)

RAG = {
    "red": "#d4351c",
    "amber": "#f47738",
    "green": "#00703c",
    "not_rated": LIGHT_GREY,
}


def series_colour(index: int) -> str:
    """The colour of the index-th data series, cycling through the palette."""
    return SERIES[index % len(SERIES)]
