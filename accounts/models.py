from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower


class Force(models.Model):
    """A police force of England and Wales, or a national special force."""

    class Kind(models.TextChoices):
        TERRITORIAL = "territorial", "Territorial force"
        SPECIAL = "special", "National special force"

    name = models.CharField(max_length=120, unique=True)
    code = models.SlugField(
        max_length=60,
        unique=True,
        help_text="The force's data.police.uk id where it has one, otherwise our own slug.",
    )
    police_uk_id = models.CharField(
        "data.police.uk id", max_length=60, blank=True, help_text="Blank where there is none."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    nation = models.CharField(max_length=60)
    region = models.CharField(max_length=60, blank=True)
    police_area = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    FORCE_PLANNER = "force_planner", "Force planner"
    CHIEF_OFFICER = "chief_officer", "Chief officer"
    FORCE_VIEWER = "force_viewer", "Force viewer"
    NATIONAL_COORDINATOR = "national_coordinator", "National coordinator"
    NATIONAL_ANALYST = "national_analyst", "National analyst"


FORCE_ROLES = frozenset({Role.FORCE_PLANNER.value, Role.CHIEF_OFFICER.value, Role.FORCE_VIEWER.value})
NATIONAL_ROLES = frozenset({Role.NATIONAL_COORDINATOR.value, Role.NATIONAL_ANALYST.value})


class UserManager(DjangoUserManager):
    """Users sign in by email; there is no separate username."""

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Users must have an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in. Force roles belong to exactly one force; national roles to none."""

    username = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=30, choices=Role.choices, blank=True)
    force = models.ForeignKey(
        Force, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    # Which emails the user gets (account page). In-app notifications appear whatever they choose;
    # emails about their own account (password reset) are always sent.
    email_workflow = models.BooleanField(
        "workflow emails", default=True,
        help_text="A plan sent for sign-off, submitted, returned or approved.",
    )
    email_reminders = models.BooleanField(
        "reminder emails", default=True,
        help_text="Plans due soon or overdue, and progress updates due.",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            # A force role needs a force; a national role (or none, for administrators) has none.
            models.CheckConstraint(
                name="accounts_user_force_matches_role",
                condition=(
                    models.Q(role__in=sorted(FORCE_ROLES), force__isnull=False)
                    | (~models.Q(role__in=sorted(FORCE_ROLES)) & models.Q(force__isnull=True))
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_national(self) -> bool:
        return self.role in NATIONAL_ROLES

    @property
    def is_force_user(self) -> bool:
        return self.role in FORCE_ROLES


class ApiToken(models.Model):
    """
    A personal API token: its owner's role and force, for a force's own systems or an analyst's
    tools. Only a hash is stored; the token is shown once, when it is made. `prefix` is the public
    part that finds the row, so checking a token is one indexed read and one constant-time compare.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, in the owner's words.")
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64, help_text="SHA-256 of the whole token, hex.")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class IdempotencyKey(models.Model):
    """
    The first answer to a creating POST sent with an Idempotency-Key, kept for a day: a retry with
    the same key and the same body gets that answer again instead of creating a second row.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status_code = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    response_headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique_per_user")]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return self.key
