/* Autosaved drafts: fill a form in from a restored draft, empty it when the draft is discarded,
   and say so when a save fails (htmx swaps no error answers). */
(function () {
  "use strict";
  if (window.skyddsnatDrafts) return;
  window.skyddsnatDrafts = true;

  function formOf(element) {
    var panel = element.closest("[data-draft-form]");
    if (!panel) return null;
    var selector = panel.dataset.draftForm;
    if (selector.indexOf("closest ") === 0) return panel.closest(selector.slice(8));
    return document.querySelector(selector);
  }

  function handle(root) {
    var notices = root.matches && root.matches("[data-draft-restored], [data-draft-discarded]")
      ? [root]
      : root.querySelectorAll ? root.querySelectorAll("[data-draft-restored], [data-draft-discarded]") : [];
    Array.prototype.forEach.call(notices, function (notice) {
      var form = formOf(notice);
      if (!form) return;
      if (notice.hasAttribute("data-draft-discarded")) {
        form.reset();
        return;
      }
      var script = notice.querySelector('script[type="application/json"]');
      if (!script) return;
      var data = JSON.parse(script.textContent);
      Object.keys(data).forEach(function (name) {
        var field = form.elements.namedItem(name);
        if (field) field.value = data[name];
      });
      script.remove();
    });
  }

  // Once a form is submitted, no autosave may follow: a late save would bring back the draft that
  // the successful submit has just deleted.
  document.addEventListener("submit", function (event) {
    event.target.dataset.draftSubmitted = "true";
  }, true);
  document.addEventListener("htmx:confirm", function (event) {
    var element = event.detail.elt;
    if (!element.classList || !element.classList.contains("draft__status")) return;
    var form = formOf(element);
    if (form && form.dataset.draftSubmitted) event.preventDefault();
  });

  document.addEventListener("htmx:load", function (event) {
    handle(event.detail.elt);
  });
  document.addEventListener("htmx:responseError", function (event) {
    var element = event.detail.elt;
    if (element && element.dataset && element.dataset.draftError) {
      element.textContent = element.dataset.draftError;
    }
  });
})();
