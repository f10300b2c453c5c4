// Progressive enhancement for the reference: a theme toggle that remembers the choice and copy
// buttons on code blocks. Without JavaScript the site follows the system theme.
(function () {
  "use strict";
  var KEY = "quire-theme";
  var root = document.documentElement;

  function stored() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }

  function systemTheme() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  // Applies a theme to the page (style.css colours the code highlighting too).
  function apply(theme) {
    root.dataset.theme = theme;
    var button = document.querySelector(".theme-toggle");
    if (button) {
      button.setAttribute("aria-pressed", theme === "dark" ? "true" : "false");
    }
  }

  // Before first paint: the remembered choice, if any.
  var initial = stored();
  if (initial === "light" || initial === "dark") {
    root.dataset.theme = initial;
  }

  function addCopyButtons() {
    if (!navigator.clipboard) return;
    var blocks = document.querySelectorAll(".prose pre");
    for (var i = 0; i < blocks.length; i++) {
      (function (pre) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "copy-button";
        button.textContent = "Copy";
        button.addEventListener("click", function () {
          var code = pre.querySelector("code");
          navigator.clipboard.writeText((code || pre).innerText).then(function () {
            button.textContent = "Copied";
            setTimeout(function () { button.textContent = "Copy"; }, 1500);
          }, function () {
            button.textContent = "Press Ctrl+C";
          });
        });
        pre.appendChild(button);
      })(blocks[i]);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    apply(root.dataset.theme || systemTheme());
    var button = document.querySelector(".theme-toggle");
    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var next = root.dataset.theme === "dark" ? "light" : "dark";
        apply(next);
        try { localStorage.setItem(KEY, next); } catch (e) { /* private mode: not remembered */ }
      });
    }
    addCopyButtons();
  });
})();
