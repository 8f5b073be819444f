/* Atiende — behaviour shared by the desk and the portal. No inline script anywhere: the
 * Content-Security-Policy allows scripts from the app only. Everything works without it. */
(function () {
  "use strict";

  // Toasts (flash messages): a close button on each; success and info notes leave by
  // themselves after a while, errors and warnings stay until closed.
  var TOAST_SECONDS = 8;

  function dismiss(toast) {
    if (toast && toast.parentNode) toast.parentNode.removeChild(toast);
  }

  function arm(root) {
    var toasts = (root || document).querySelectorAll("[data-toast]:not([data-armed])");
    Array.prototype.forEach.call(toasts, function (toast) {
      toast.setAttribute("data-armed", "");
      if (toast.getAttribute("role") !== "alert") {
        window.setTimeout(function () { dismiss(toast); }, TOAST_SECONDS * 1000);
      }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-dismiss]");
    if (button) dismiss(button.closest("[data-toast]"));
  });

  // Disclosure menus (the user menu, <details data-menu>): Esc or a click elsewhere closes them.
  function closeMenus(except) {
    var menus = document.querySelectorAll("details[data-menu][open]");
    Array.prototype.forEach.call(menus, function (menu) {
      if (menu !== except) menu.open = false;
    });
  }

  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest("details[data-menu]"));
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menu = event.target.closest && event.target.closest("details[data-menu][open]");
    if (!menu) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });

  document.addEventListener("DOMContentLoaded", function () { arm(document); });
  // Toasts added by an htmx response (hx-swap-oob into #toasts) are armed as they arrive.
  document.addEventListener("htmx:afterSettle", function () { arm(document); });
})();
