from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.mail import EmailMessage, get_connection
from django.template import loader
from django.urls import reverse

from common.forms import BaseForm

from .services import TOKEN_LIFETIMES_DAYS

EMAIL_ERRORS = {
    "required": "Enter your email address",
    "invalid": "Enter an email address in the correct format, like name@example.com",
}


class LoginForm(auth_forms.AuthenticationForm):
    """Sign in with email and password. The field is called `username` for Django and axes."""

    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages=EMAIL_ERRORS,
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account is not active. Contact your force's VAWG lead.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("username", field_width=20),
            Field.text("password", field_width=20),
        )
        self.helper.add_input(Submit("submit", "Sign in"))

    def clean_username(self):
        return self.cleaned_data["username"].lower()


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages=EMAIL_ERRORS,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.text("email", field_width=20))
        self.helper.add_input(Submit("submit", "Send reset link"))

    def save(self, *args, request=None, **kwargs):
        """
        Send the reset email unless this address or this client has asked too often this hour.

        Over the limit nothing is sent and the view shows the same "check your email" page, so
        the limit neither reveals whether an account exists nor floods anyone's inbox.
        """
        from .throttling import password_reset_allowed

        if request is not None and not password_reset_allowed(email=self.cleaned_data["email"], request=request):
            return
        super().save(*args, request=request, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):
        """
        Write the email to the outbox, so the page never waits on Redis or SMTP and the email is not lost.

        accounts may not import notifications (ARCHITECTURE.md), so it goes through Django's mail
        API with the outbox backend named in settings.
        """
        subject = " ".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        connection = get_connection(settings.OUTBOX_EMAIL_BACKEND)
        EmailMessage(subject=subject, body=body, to=[to_email], connection=connection).send()


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Confirm your new password"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("new_password1", field_width=20),
            Field.text("new_password2", field_width=20),
        )
        self.helper.add_input(Submit("submit", "Change password"))





class EmailPreferencesForm(BaseForm):
    """Which emails the user gets. Choosing none is allowed: the in-app list still tells them."""

    emails = forms.MultipleChoiceField(
        label="Which emails do you want to get?",
        help_text="You will still see every notification on your ‘Needs your attention’ page. "
                  "Emails about your account, such as password resets, are always sent.",
        choices=[
            ("workflow", "Workflow emails: a plan sent for sign-off, submitted, returned or approved"),
            ("reminders", "Reminders: plans due soon or overdue, and progress updates due"),
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    submit_label = "Save email preferences"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.checkboxes("emails", legend_size="m"))


class ApiTokenForm(BaseForm):
    """Make a personal API token: a name to recognise it by, and how long it lasts."""

    required_messages = {
        "name": "Enter a name for the token",
        "days": "Select how long the token lasts",
    }
    submit_label = "Create token"

    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="What uses it, for example: Our performance system.",
    )
    days = forms.TypedChoiceField(
        label="Expires after",
        coerce=int,
        choices=[(str(d), f"{d} days") for d in TOKEN_LIFETIMES_DAYS],
        widget=forms.RadioSelect,
        initial="90",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_action = reverse("accounts:api-token-create")
        # Its own button name: the account page has another form, and ids must stay unique.
        self.helper.inputs = [Submit("create-token", self.submit_label)]
        self.helper.layout = Layout(
            Field.text("name", field_width=20),
            Field.radios("days", legend_size=Size.SMALL, inline=True),
        )
