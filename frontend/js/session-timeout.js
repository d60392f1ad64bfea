// The GOV.UK timeout warning (WCAG 2.2.1). A signed-in session ends after data-idle-seconds without
// activity (accounts.middleware); data-warning-seconds before that, this opens a modal <dialog>
// that says so and offers "Stay signed in" (POST, 204) or "Sign out". Before warning it asks the
// server how long is really left, without renewing the session, because another tab may have been
// in use. When time runs out it goes to the "You have been signed out" page, which keeps `next`.
// Escape means "Stay signed in", as in the GOV.UK pattern. No inline script: the page's CSP forbids it.
(function () {
  "use strict";

  var dialog = document.getElementById("app-timeout-dialog");
  if (!dialog || typeof dialog.showModal !== "function" || !window.fetch) {
    return;
  }
  var idleSeconds = Number(dialog.getAttribute("data-idle-seconds"));
  var warningSeconds = Number(dialog.getAttribute("data-warning-seconds"));
  var statusUrl = dialog.getAttribute("data-status-url");
  var endedUrl = dialog.getAttribute("data-ended-url");
  var countdown = dialog.querySelector(".app-timeout-countdown");
  var announcer = dialog.querySelector(".app-timeout-announce");
  var extendForm = dialog.querySelector(".app-timeout-extend");
  var warnTimer = null;
  var tickTimer = null;
  var deadline = 0;
  var returnFocus = null;

  function inWords(seconds) {
    if (seconds > 60) {
      var minutes = Math.ceil(seconds / 60);
      return minutes + " minutes";
    }
    if (seconds === 60) {
      return "1 minute";
    }
    return seconds + (seconds === 1 ? " second" : " seconds");
  }

  function schedule(secondsLeft) {
    window.clearTimeout(warnTimer);
    deadline = Date.now() + secondsLeft * 1000;
    warnTimer = window.setTimeout(check, Math.max(0, secondsLeft - warningSeconds) * 1000);
  }

  function signedOut() {
    var here = window.location.pathname + window.location.search;
    window.location.href = endedUrl + "?next=" + encodeURIComponent(here);
  }

  // Ask the server how long is left, then wait longer, warn, or end.
  function check() {
    window.fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { seconds_left: 0 }; })
      .then(function (data) {
        var left = Number(data.seconds_left) || 0;
        if (left <= 0) {
          signedOut();
        } else if (left > warningSeconds + 5) {
          close();
          schedule(left);
        } else {
          open(left);
        }
      })
      .catch(function () { open(Math.max(1, Math.round((deadline - Date.now()) / 1000))); });
  }

  function open(secondsLeft) {
    deadline = Date.now() + secondsLeft * 1000;
    if (!dialog.open) {
      returnFocus = document.activeElement;
      countdown.textContent = inWords(secondsLeft);
      announcer.textContent = "";
      dialog.showModal();
      dialog.focus();
    }
    tick();
  }

  function tick() {
    window.clearTimeout(tickTimer);
    var left = Math.round((deadline - Date.now()) / 1000);
    if (left <= 0) {
      check();
      return;
    }
    countdown.textContent = inWords(left);
    if (left === 60 || left === 20) {
      announcer.textContent = "We will sign you out in " + inWords(left) + ".";
    }
    tickTimer = window.setTimeout(tick, 1000);
  }

  function close() {
    window.clearTimeout(tickTimer);
    if (dialog.open) {
      dialog.close();
    }
    if (returnFocus && typeof returnFocus.focus === "function") {
      returnFocus.focus();
      returnFocus = null;
    }
  }

  function staySignedIn() {
    window.fetch(extendForm.action, { method: "POST", body: new FormData(extendForm), credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 204) {
          close();
          schedule(idleSeconds);
        } else {
          signedOut();
        }
      })
      .catch(signedOut);
  }

  extendForm.addEventListener("submit", function (event) {
    event.preventDefault();
    staySignedIn();
  });
  dialog.addEventListener("cancel", function (event) {
    event.preventDefault();
    staySignedIn();
  });
  // Requests htmx makes (the toolkit search) renew the session on the server too.
  document.addEventListener("htmx:afterRequest", function () {
    if (!dialog.open) {
      schedule(idleSeconds);
    }
  });

  schedule(idleSeconds);
})();
