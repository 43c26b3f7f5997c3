/* Journey Maps in the browser: map pages and downloads. Nothing here is needed to read a
   map; it all adds to links and tables that work without it. No framework, no request
   anywhere. */
(function () {
  "use strict";

  /* Downloads from disk: Chromium ignores `download` on a link from a file:// page and
     shows the file instead. Built with `offline: true`, a download link also carries its
     file as a data: URL, which it does save; use that when the page came from disk. */
  function downloadFromDisk() {
    if (window.location.protocol !== "file:") return;
    var links = document.querySelectorAll("a[download][data-jm-from-disk]");
    Array.prototype.forEach.call(links, function (link) {
      link.setAttribute("href", link.getAttribute("data-jm-from-disk"));
    });
  }

  /* A wide map: a detailed and a compact view (every step across the width), the choice
     kept in the address (?view=compact) so that a link shares it; which steps are in
     view, said in words; buttons to move along the steps, which the edge shadows point to. */
  var VIEW = "view";

  function setUpMap(section) {
    var tools = section.querySelector(".jm-map-tools");
    var box = section.querySelector(".jm-map-scroll");
    if (!tools || !box) return;
    var steps = Array.prototype.slice.call(box.querySelectorAll("th.jm-step"));
    var label = box.querySelector("th.jm-lane-label");
    var status = tools.querySelector("[data-jm-in-view]");
    var buttons = Array.prototype.slice.call(tools.querySelectorAll("[data-jm-view]"));
    var moves = Array.prototype.slice.call(tools.querySelectorAll("[data-jm-move]"));
    var lang = section.closest("[lang]") ? section.closest("[lang]").getAttribute("lang") : "en";
    var numbers = window.Intl && Intl.NumberFormat ? new Intl.NumberFormat(lang) : null;
    var pending = false;

    function format(value) {
      return numbers ? numbers.format(value) : String(value);
    }

    function rtl() {
      return window.getComputedStyle(box).direction === "rtl";
    }

    // The steps wholly inside the box, beside the sticky lane labels.
    function inView() {
      var edges = box.getBoundingClientRect();
      var labels = label ? label.getBoundingClientRect().width : 0;
      var start = rtl() ? edges.left : edges.left + labels;
      var end = rtl() ? edges.right - labels : edges.right;
      var first = -1;
      var last = -1;
      steps.forEach(function (step, index) {
        var r = step.getBoundingClientRect();
        if (r.left >= start - 2 && r.right <= end + 2) {
          if (first < 0) first = index;
          last = index;
        }
      });
      return { first: first, last: last };
    }

    function update() {
      pending = false;
      var seen = inView();
      var all = seen.first === 0 && seen.last === steps.length - 1;
      if (all) status.textContent = status.getAttribute("data-jm-all");
      else if (seen.first >= 0)
        status.textContent = status
          .getAttribute("data-jm-template")
          .replace("{first}", format(seen.first + 1))
          .replace("{last}", format(seen.last + 1));
      var before = seen.first > 0;
      var after = seen.last >= 0 && seen.last < steps.length - 1;
      section.toggleAttribute("data-jm-more-before", before);
      section.toggleAttribute("data-jm-more-after", after);
      moves[0].disabled = !before;
      moves[1].disabled = !after;
    }

    function later() {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(update);
      }
    }

    function show(view, remember) {
      section.setAttribute("data-jm-view", view);
      buttons.forEach(function (button) {
        button.setAttribute("aria-pressed", String(button.getAttribute("data-jm-view") === view));
      });
      if (remember) {
        var params = new URLSearchParams(window.location.search);
        if (view === "compact") params.set(VIEW, view);
        else params.delete(VIEW);
        var query = params.toString();
        var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
        window.history.replaceState(null, "", url);
      }
      update();
    }

    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        show(button.getAttribute("data-jm-view"), true);
      });
    });
    moves.forEach(function (button) {
      button.addEventListener("click", function () {
        var labels = label ? label.getBoundingClientRect().width : 0;
        var by = (box.clientWidth - labels) * 0.9 * Number(button.getAttribute("data-jm-move"));
        box.scrollBy({ left: rtl() ? -by : by, behavior: "smooth" });
      });
    });
    box.addEventListener("scroll", later, { passive: true });
    window.addEventListener("resize", later);
    tools.hidden = false;
    var wanted = new URLSearchParams(window.location.search).get(VIEW);
    show(wanted === "compact" ? "compact" : "detailed", false);
  }

  /* One map, one sheet. The print stylesheet names the paper (A3 landscape, or A4 when
     the root says data-jm-paper="a4"); this lays the map page out wider than the sheet and
     scales it down to fit, both ways, so every lane lands on the one sheet: the widest
     layout whose height, scaled, still fits. The sizes are the sheet less its margins
     (8 mm), in CSS pixels. */
  var SHEETS = { a3: [(420 - 16) / 25.4 * 96, (297 - 16) / 25.4 * 96], a4: [(297 - 16) / 25.4 * 96, (210 - 16) / 25.4 * 96] };
  var PAPER = "paper";

  function paper() {
    return document.documentElement.getAttribute("data-jm-paper") === "a4" ? "a4" : "a3";
  }

  function choosePaper(value, remember) {
    var chosen = value === "a4" ? "a4" : "a3";
    document.documentElement.setAttribute("data-jm-paper", chosen);
    Array.prototype.forEach.call(document.querySelectorAll("[data-jm-paper-choice]"), function (select) {
      select.value = chosen;
    });
    if (remember) {
      var params = new URLSearchParams(window.location.search);
      if (chosen === "a4") params.set(PAPER, chosen);
      else params.delete(PAPER);
      var query = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }
  }

  /* Chromium lays a page out for print right after "beforeprint", in screen media: to
     measure the page as it will print, the plugin's print rules are applied for the
     moment (their media set to "all"), then put back. */
  function asPrinted(measure) {
    var switched = [];
    Array.prototype.forEach.call(document.styleSheets, function (sheet) {
      if (!sheet.href || sheet.href.indexOf("/journey-maps/") < 0) return;
      Array.prototype.forEach.call(sheet.cssRules, function (rule) {
        if (rule.media && rule.media.mediaText === "print") {
          rule.media.mediaText = "all";
          switched.push(rule);
        }
      });
    });
    try {
      measure();
    } finally {
      switched.forEach(function (rule) {
        rule.media.mediaText = "print";
      });
    }
  }

  function fitToSheet() {
    var page = document.querySelector(".jm-page");
    if (!page) return;
    var sheet = SHEETS[paper()];
    var room = sheet[1] * 0.97; // slack for what the measure cannot see (rounding, the theme's own print rules)
    // At this scale, the page as wide as the sheet allows: does it fit, both ways? (A map
    // wider than its words allow, at its narrowest, sticks out of the page: no fit.)
    function fitsAt(scale) {
      page.style.width = sheet[0] / scale + "px";
      page.style.zoom = String(scale);
      return page.getBoundingClientRect().height <= room && page.scrollWidth <= page.clientWidth + 1;
    }
    var measure = function () {
      var low = 0.1;
      var high = 1;
      if (fitsAt(high)) return;
      for (var i = 0; i < 12; i++) {
        var middle = (low + high) / 2;
        if (fitsAt(middle)) low = middle;
        else high = middle;
      }
      fitsAt(low);
    };
    if (window.matchMedia("print").matches) measure();
    else asPrinted(measure);
    page.setAttribute("data-jm-fitted", paper());
  }

  function unfit() {
    var page = document.querySelector(".jm-page[data-jm-fitted]");
    if (!page) return;
    page.style.width = "";
    page.style.zoom = "";
    page.removeAttribute("data-jm-fitted");
  }

  function setUpPrinting() {
    var wanted = new URLSearchParams(window.location.search).get(PAPER);
    choosePaper(wanted, false);
    Array.prototype.forEach.call(document.querySelectorAll("[data-jm-paper-choice]"), function (select) {
      select.addEventListener("change", function () {
        choosePaper(select.value, true);
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-jm-print]"), function (button) {
      button.addEventListener("click", function () {
        window.print();
      });
    });
    var print = window.matchMedia("print");
    // A print media emulated (as a PDF maker may) is laid out for print at once.
    var follow = function (event) {
      if (event.matches) fitToSheet();
    };
    if (print.addEventListener) print.addEventListener("change", follow);
    else print.addListener(follow);
    if (print.matches) {
      // Loaded in print media already: fit now, and again once the fonts are in.
      fitToSheet();
      if (document.fonts) document.fonts.ready.then(fitToSheet);
    }
    window.addEventListener("beforeprint", fitToSheet);
    window.addEventListener("afterprint", unfit);
    window.journeyMaps = { fitToSheet: fitToSheet, choosePaper: choosePaper };
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-jm-map]"), setUpMap);
    if (document.querySelector(".jm-page")) setUpPrinting();
    downloadFromDisk();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
