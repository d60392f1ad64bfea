// htmx settings for every page, from a static file because the page's CSP allows no inline script.
// When Back returns to a page htmx has no snapshot of (the toolkit search keeps none: hx-history
// is false), reload it from the server, which fills the search box from the address, rather than
// swapping a fetched copy into the page. The portal uses no htmx indicators, so htmx need not add
// its inline <style> for them (the CSP forbids inline styles); this runs before htmx's own setup
// on DOMContentLoaded, as both scripts are deferred.
(function () {
  "use strict";
  if (window.htmx) {
    window.htmx.config.refreshOnHistoryMiss = true;
    window.htmx.config.includeIndicatorStyles = false;
  }
})();
