// On a phone the site's menu folds behind a "Menu" button; without JavaScript, or on a wide
// screen, it stays open. The button says whether the menu is open (aria-expanded).
(function () {
  var button = document.querySelector(".menu-toggle");
  var menu = document.getElementById("site-menu");
  if (!button || !menu) return;
  var narrow = window.matchMedia("(max-width: 40rem)");

  function show(open) {
    menu.hidden = !open;
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function follow() {
    button.hidden = !narrow.matches;
    show(!narrow.matches);
  }

  button.addEventListener("click", function () {
    show(menu.hidden);
    if (!menu.hidden) {
      var first = menu.querySelector("a");
      if (first) first.focus();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && narrow.matches && !menu.hidden) {
      show(false);
      button.focus();
    }
  });
  narrow.addEventListener("change", follow);
  follow();
})();
