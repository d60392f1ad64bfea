"""
The misogyny toolkit: behaviours women describe, the offences that may cover them and the tools
that can stop them happening again.

Offences and tools are normalised: one Offence row per (Act, section) and one Tactic per tool,
linked to behaviours through BehaviourOffence (which carries a note such as "where there is a
course of conduct") and BehaviourTactic. Every entry records how well its legal detail is verified
and when, and by whom, it was last reviewed. `search_text` and `search_vector` are derived search
columns written by toolkit.services.toolkit_search_index_refresh, never by hand.
"""

import calendar
import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.dateformat import format as date_format
from simple_history.models import HistoricalRecords

# The review policy: an entry whose law was last checked more than this many months ago is due for
# review (README, "Keeping the law current"). An entry never checked is due too.
REVIEW_AFTER_MONTHS = 12


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months earlier (the month's last day where it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_after(day: datetime.date, months: int) -> datetime.date:
    return months_before(day, -months)


def review_cutoff(today: datetime.date) -> datetime.date:
    """Entries last checked before this date are due for review."""
    return months_before(today, REVIEW_AFTER_MONTHS)


def law_as_at(reviewed_on: datetime.date | None, month_only: bool) -> str:
    """A review date as "Law as at" shows it: "30 November 2026", or "November 2026" for a month-only review."""
    if reviewed_on is None:
        return ""
    return date_format(reviewed_on, "F Y" if month_only else "j F Y")


class Verified(models.TextChoices):
    SOURCED = "sourced", "Sourced"
    PARTLY = "partly", "Partly verified"
    GENERAL = "general", "General knowledge, unverified"


class Category(models.TextChoices):
    STREET_HARASSMENT = "street_harassment", "Street harassment"
    SEXUAL_OFFENCE = "sexual_offence", "Sexual offences"
    IMAGE_BASED_ABUSE = "image_based_abuse", "Image-based abuse"
    ONLINE_ABUSE = "online_abuse", "Online abuse"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    STALKING_HARASSMENT = "stalking_harassment", "Stalking and harassment"
    NIGHT_TIME_ECONOMY = "night_time_economy", "Night-time economy"
    VIOLENCE = "violence", "Violence and threats"
    HONOUR_BASED_ABUSE = "honour_based_abuse", "Honour-based abuse"


class ToolkitEntry(models.Model):
    """What every behaviour, offence and tool records: verification, review, curation, search."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=250)
    aliases = models.TextField(blank=True, help_text="Words people use for this, one per line.")
    verified = models.CharField(max_length=10, choices=Verified.choices, default=Verified.GENERAL)
    source_url = models.URLField(max_length=500, blank=True)
    verification_note = models.TextField(blank=True, help_text="What was checked and what is still unconfirmed.")
    last_reviewed_on = models.DateField(null=True, blank=True)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by_name = models.CharField(
        max_length=150, blank=True, help_text="Who reviewed it, when the review came with the shipped data."
    )
    reviewed_month_only = models.BooleanField(
        default=False,
        help_text="The review is known only to the month (a dated verification pass); "
        "last reviewed on is then the first of that month.",
    )
    review_due_on = models.DateField(
        null=True,
        blank=True,
        help_text="A statement in this entry depends on this date (a pilot's end, a commencement): "
        "from this date the entry shows that it needs review. Clear it or move it once checked.",
    )
    review_reason = models.CharField(
        max_length=300,
        blank=True,
        help_text="What must be checked on that date, e.g. “The pilot was extended to 31 March 2026”.",
    )
    curated_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when a curator edits the entry; the data file then no longer overwrites it.",
    )
    search_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        if self.review_due_on and not self.review_reason.strip():
            raise ValidationError({"review_reason": "Enter what must be checked on the review date"})
        if self.review_reason.strip() and not self.review_due_on:
            raise ValidationError({"review_due_on": "Enter the date the statement must be checked by"})

    @property
    def law_as_at(self) -> str:
        """The date the entry's law was last checked, as shown ("30 November 2026"; "November 2026"); "" if never."""
        return law_as_at(self.last_reviewed_on, self.reviewed_month_only)

    def review_overdue(self, today: datetime.date) -> bool:
        """Never checked, or last checked more than REVIEW_AFTER_MONTHS months before `today`."""
        return self.last_reviewed_on is None or self.last_reviewed_on < review_cutoff(today)

    def date_review_due(self, today: datetime.date) -> bool:
        """A statement in the entry depends on a date that has come (review_due_on is today or earlier)."""
        return self.review_due_on is not None and self.review_due_on <= today

    @property
    def needs_check(self) -> bool:
        """Show "check before relying on this" until the detail is sourced or a curator has reviewed it."""
        return self.verified != Verified.SOURCED and self.last_reviewed_by_id is None


class Behaviour(ToolkitEntry):
    category = models.CharField(max_length=30, choices=Category.choices)
    summary = models.TextField(help_text="What it is, in plain language.")
    examples = models.TextField(blank=True, help_text="Examples of what a woman may describe, one per line.")
    toolkit_note = models.TextField(blank=True, help_text="Guidance for officers on choosing between offences.")
    related = models.ManyToManyField("self", blank=True, symmetrical=False, related_name="+")
    offences = models.ManyToManyField("Offence", through="BehaviourOffence", related_name="behaviours")
    tactics = models.ManyToManyField("Tactic", through="BehaviourTactic", related_name="behaviours")

    history = HistoricalRecords(excluded_fields=["search_text", "search_vector"])

    class Meta(ToolkitEntry.Meta):
        indexes = [models.Index(fields=["category"])]

    @property
    def example_list(self) -> list[str]:
        return [line.strip() for line in self.examples.splitlines() if line.strip()]


class ModeOfTrial(models.TextChoices):
    SUMMARY = "summary", "Summary only"
    EITHER_WAY = "either_way", "Either way"
    INDICTABLE_ONLY = "indictable_only", "Indictable only"


def citation(act: str, section: str) -> str:
    """"Public Order Act 1986, s4A"; a section that is not a plain number is shown as written."""
    return f"{act}, s{section}" if section[:1].isdigit() else f"{act}, {section}"


class Offence(ToolkitEntry):
    class Status(models.TextChoices):
        CURRENT = "current", "In force"
        REPEALED = "repealed", "Repealed"
        PROSPECTIVE = "prospective", "Not yet in force"

    act = models.CharField(max_length=200)
    section = models.CharField(max_length=80)
    inserted_by = models.CharField(max_length=200, blank=True, help_text="The Act that inserted the section.")
    summary = models.TextField(blank=True)
    mode_of_trial = models.CharField(max_length=20, choices=ModeOfTrial.choices)
    max_penalty = models.CharField(max_length=250)
    uses_general_limit = models.BooleanField(
        default=False, help_text="On summary conviction the general limit in a magistrates' court applies."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CURRENT)
    in_force_from = models.DateField(null=True, blank=True)
    in_force_until = models.DateField(null=True, blank=True)
    legislation_url = models.URLField(max_length=500, blank=True)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )
    status_note = models.TextField(blank=True, help_text="History: commencement, repeal, transitional rules.")

    history = HistoricalRecords(excluded_fields=["search_text", "search_vector"])

    class Meta(ToolkitEntry.Meta):
        constraints = [
            models.UniqueConstraint(fields=["act", "section"], name="offence_act_section_unique"),
            models.CheckConstraint(
                name="offence_in_force_dates_ordered",
                condition=models.Q(in_force_until__isnull=True)
                | models.Q(in_force_from__isnull=True)
                | models.Q(in_force_until__gte=models.F("in_force_from")),
            ),
        ]
        indexes = [models.Index(fields=["mode_of_trial"]), models.Index(fields=["status"])]

    @property
    def citation(self) -> str:
        return citation(self.act, self.section)

    @property
    def status_colour(self) -> str:
        return {"current": "green", "repealed": "grey", "prospective": "yellow"}[self.status]


class Tactic(ToolkitEntry):
    """A protective tool: a civil order, notice, disclosure scheme, ancillary order, power or strategy."""

    class Kind(models.TextChoices):
        CIVIL_ORDER = "civil_order", "Civil order"
        NOTICE = "notice", "Notice"
        DISCLOSURE_SCHEME = "disclosure_scheme", "Disclosure scheme"
        ANCILLARY_ORDER = "ancillary_order", "Ancillary order"
        POLICE_POWER = "police_power", "Police power"
        PREVENTATIVE_STRATEGY = "preventative_strategy", "Preventative strategy"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    summary = models.TextField(blank=True)
    legislation = models.CharField(max_length=300, blank=True)
    section = models.CharField(max_length=200, blank=True)
    who_applies = models.TextField(blank=True)
    test = models.TextField(blank=True, help_text="What must be shown for it to be made or used.")
    duration = models.TextField(blank=True)
    breach = models.TextField(blank=True, help_text="What happens on breach.")
    status_text = models.TextField(blank=True, help_text="Pilot areas, commencement, replacement.")

    history = HistoricalRecords(excluded_fields=["search_text", "search_vector"])

    class Meta(ToolkitEntry.Meta):
        indexes = [models.Index(fields=["kind"])]


class BehaviourOffence(models.Model):
    behaviour = models.ForeignKey(Behaviour, on_delete=models.CASCADE, related_name="offence_links")
    offence = models.ForeignKey(Offence, on_delete=models.CASCADE, related_name="behaviour_links")
    note = models.CharField(max_length=300, blank=True, help_text='e.g. "where there is a course of conduct"')
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["behaviour", "offence"], name="behaviour_offence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.behaviour} – {self.offence}"


class BehaviourTactic(models.Model):
    behaviour = models.ForeignKey(Behaviour, on_delete=models.CASCADE, related_name="tactic_links")
    tactic = models.ForeignKey(Tactic, on_delete=models.CASCADE, related_name="behaviour_links")
    note = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["behaviour", "tactic"], name="behaviour_tactic_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.behaviour} – {self.tactic}"


class GeneralLimit(models.Model):
    """
    The most a magistrates' court may impose for one either-way offence, from a date.

    It has moved between 6 and 12 months since 2022, so it is data with a date, not page text.
    """

    starts_on = models.DateField(unique=True)
    months = models.PositiveSmallIntegerField()
    source_url = models.URLField(max_length=500, blank=True)
    verified = models.CharField(max_length=10, choices=Verified.choices, default=Verified.GENERAL)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.months} months from {self.starts_on:%d %b %Y}"


class SearchSynonym(models.Model):
    """
    An everyday phrase and the words the search should look for as well ("couldn't breathe" ->
    strangulation). Reviewed data: shipped in toolkit/data/synonyms.yaml, edited by curators in the
    admin; a curator's edit (`curated_at`) is kept when the data file is loaded again.
    """

    phrase = models.CharField(max_length=100, unique=True, help_text="What people type, e.g. \"couldn't breathe\".")
    means = models.CharField(max_length=200, help_text="The toolkit's words the search also looks for.")
    note = models.CharField(max_length=300, blank=True, help_text="Why this synonym is here, for reviewers.")
    curated_at = models.DateTimeField(
        null=True, blank=True,
        help_text="Set when a curator edits the synonym; the data file then no longer overwrites or removes it.",
    )

    class Meta:
        ordering = ["phrase"]

    def __str__(self) -> str:
        return f"{self.phrase} → {self.means}"


class SearchStamp(models.Model):
    """
    One row: a new random stamp each time the toolkit's entries or synonyms change.

    Each process keeps the search's vocabulary and synonym map for the stamp it built them from,
    and rebuilds them when the stamp in the database differs, so no process searches a stale toolkit.
    """

    stamp = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"search stamp {self.stamp} ({self.changed_at:%d %b %Y %H:%M})"
