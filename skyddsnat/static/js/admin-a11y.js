// The rule admin: Django's two-list selection widget (filter_horizontal) draws a search icon as
// a <span> with an aria-label, which ARIA allows only on an element with a role. The icon is an
// image with a name: say so. The widget is drawn by script after the page loads, hence the
// observer. A file of its own: the Content-Security-Policy allows no inline script.
(function () {
  function nameIcons(root) {
    root.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    nameIcons(document);
    new MutationObserver(function () { nameIcons(document); }).observe(document.body, {
      childList: true,
      subtree: true,
    });
  });
})();
