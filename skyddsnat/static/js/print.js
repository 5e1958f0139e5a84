// The print view's "Skriv ut" button opens the browser's print dialogue. A file of its own:
// the Content-Security-Policy allows no inline script. Without JavaScript, Ctrl+P prints.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print-page]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
});
