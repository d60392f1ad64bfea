import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.errors import DomainError
from common.text import duration_in_words

from . import selectors, services
from .forms import ApiTokenForm, EmailPreferencesForm, LoginForm, PasswordResetForm, SetPasswordForm
from .middleware import mark_active, session_passive, session_seconds_left
from .models import ApiToken
from .panels import home_panels
from .services import user_email_preferences_set


def home(request):
    """
    The start page for visitors; for a signed-in user, the page after sign-in: each app's panels
    for their role (their force's plan, what awaits their sign-off, the review queue...).
    """
    return render(request, "accounts/home.html", {"page_title": "Home", "panels": home_panels(request.user)})


NEW_TOKEN_SESSION_KEY = "accounts:new-api-token"


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    """
    The user's account: which emails they get (in-app notifications appear either way), and their
    API tokens; a new token is shown here once, after it is made.
    """
    user = request.user
    if request.method == "POST":
        form = EmailPreferencesForm(request.POST)
        if form.is_valid():
            chosen = set(form.cleaned_data["emails"])
            user_email_preferences_set(user=user, workflow="workflow" in chosen, reminders="reminders" in chosen)
            messages.success(request, "Your email preferences have been saved")
            return redirect("accounts:account")
        return _account_page(request, email_form=form)
    return _account_page(request)


def _account_page(request, *, email_form=None, token_form=None, status=200):
    user = request.user
    if email_form is None:
        email_form = EmailPreferencesForm(initial={"emails": [
            name for name, wanted in (("workflow", user.email_workflow), ("reminders", user.email_reminders))
            if wanted
        ]})
    token_form = token_form or ApiTokenForm()
    new_token = request.session.pop(NEW_TOKEN_SESSION_KEY, None) if request.method == "GET" else None
    return render(
        request,
        "accounts/account.html",
        {
            "page_title": "Your account",
            # `form` is the one with errors, if any: the page title and the error summary read it.
            "form": token_form if token_form.errors else email_form,
            "email_form": email_form,
            "token_form": token_form,
            "breadcrumbs": [("Home", reverse_lazy("home")), ("Your account", None)],
            "tokens": selectors.api_token_list_for_user(user=user),
            "new_token": new_token,
            "now": timezone.now(),
        },
        status=status,
    )


@login_required
@require_POST
def api_token_create(request):
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, raw = services.api_token_create(user=request.user, name=form.cleaned_data["name"],
                                                   days=form.cleaned_data["days"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            # Shown once, on the next page: kept in the session only until that page is read.
            request.session[NEW_TOKEN_SESSION_KEY] = {"name": token.name, "token": raw}
            return redirect(reverse("accounts:account") + "#new-token")
    return _account_page(request, token_form=form, status=400)


@login_required
@require_POST
def api_token_revoke(request, pk: int):
    try:
        token = services.api_token_revoke(user=request.user, token_id=pk)
    except ApiToken.DoesNotExist as exc:
        raise Http404 from exc
    messages.success(request, f"Token “{token.name}” revoked. Systems using it can no longer call the API.")
    return redirect("accounts:account")


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


# The session timeout warning (static/js/session-timeout.js, templates/components/timeout_dialog.html).
@require_POST
def session_extend(request):
    """"Stay signed in": renew the session in full; 204, or 401 if it has already lapsed."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    mark_active(request.session, force=True)
    return HttpResponse(status=204)


@never_cache
@require_GET
@session_passive
def session_status(request):
    """How long the session has left, without renewing it: another tab may have kept it alive."""
    return JsonResponse({"seconds_left": session_seconds_left(request)})


@never_cache
@require_GET
@session_passive
def session_ended(request):
    """Where the warning sends a tab whose session ran out: signs out what is left and offers sign-in again."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.user.is_authenticated and session_seconds_left(request) == 0:
        auth_logout(request)
    login_url = reverse("accounts:login") + (f"?{urlencode({'next': next_url})}" if next_url else "")
    return render(request, "accounts/session_ended.html", {
        "page_title": "You have been signed out",
        "idle": duration_in_words(datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)),
        "login_url": login_url,
    })
