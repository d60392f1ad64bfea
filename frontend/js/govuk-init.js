// Start GOV.UK Frontend's components (a module script from our own origin, so the
// Content-Security-Policy needs no nonce for it). GOV.UK Frontend's address is read from this
// script tag's data-govuk-frontend attribute: the hashed static file name is known to the
// template, and Django does not rewrite import paths inside modules.
const script = document.querySelector("script[data-govuk-frontend]");
import(script.dataset.govukFrontend).then(({ initAll }) => initAll());
