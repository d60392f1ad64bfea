from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse_lazy

from .forms import LoginForm, PasswordResetForm, SetPasswordForm


def home(request):
    """The start page: what the service is, and for a signed-in user, where to go next."""
    return render(request, "accounts/home.html", {"page_title": "Home"})


@login_required
def account(request):
    return render(
        request,
        "accounts/account.html",
        {
            "page_title": "Your account",
            "breadcrumbs": [("Home", reverse_lazy("home")), ("Your account", None)],
        },
    )


login = auth_views.LoginView.as_view(
    form_class=LoginForm,
    template_name="accounts/login.html",
    redirect_authenticated_user=True,
    extra_context={"page_title": "Sign in"},
)
logout = auth_views.LogoutView.as_view()
password_reset = auth_views.PasswordResetView.as_view(
    form_class=PasswordResetForm,
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
    extra_context={"page_title": "Reset your password"},
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html",
    extra_context={"page_title": "Check your email"},
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=SetPasswordForm,
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
    extra_context={"page_title": "Choose a new password"},
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html",
    extra_context={"page_title": "Your password has been changed"},
)
