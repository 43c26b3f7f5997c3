/* Journey Maps in the browser: the gallery. Nothing here is needed to read it; it all
   adds to links and lists that work without it.

   Without this script the gallery lists every card and each facet value is a link to its
   static page. With it, a click on a facet value toggles it as a filter instead, the
   filters live in the address (?kind=template&industry=retail&words=wait), so a filtered view
   can be bookmarked and shared, and the number of maps shown is announced to screen
   readers. No framework, no request anywhere. */
(function () {
  "use strict";

  var FACETS = ["kind", "industry", "tag", "persona", "state", "language"];
  // Not "q": mkdocs-material opens its own search dialog for ?q= in the address.
  var WORDS = "words";

  function setUp(gallery) {
    var cards = Array.prototype.slice.call(gallery.querySelectorAll(".jm-card"));
    var values = Array.prototype.slice.call(gallery.querySelectorAll("[data-facet]"));
    var status = gallery.querySelector(".jm-gallery__count");
    var empty = gallery.querySelector(".jm-gallery__empty");
    var search = gallery.querySelector("[data-jm-search]");
    var input = search && search.querySelector("input");
    var lang = gallery.getAttribute("data-lang") || document.documentElement.lang || "en";
    var forms = JSON.parse(gallery.getAttribute("data-count-forms") || "{}");
    var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
    var numbers = window.Intl && Intl.NumberFormat ? new Intl.NumberFormat(lang) : null;

    function read() {
      var params = new URLSearchParams(window.location.search);
      var filters = { words: (params.get(WORDS) || "").trim() };
      FACETS.forEach(function (facet) {
        filters[facet] = params.get(facet) || "";
      });
      return filters;
    }

    function write(filters) {
      var params = new URLSearchParams(window.location.search);
      FACETS.concat([WORDS]).forEach(function (name) {
        if (filters[name]) params.set(name, filters[name]);
        else params.delete(name);
      });
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(null, "", url);
    }

    function matches(card, filters) {
      for (var i = 0; i < FACETS.length; i++) {
        var wanted = filters[FACETS[i]];
        if (!wanted) continue;
        var keys = (card.getAttribute("data-" + FACETS[i]) || "").split(" ");
        if (keys.indexOf(wanted) < 0) return false;
      }
      if (filters.words) {
        var text = card.getAttribute("data-text") || "";
        var words = filters.words.toLowerCase().split(/\s+/);
        for (var j = 0; j < words.length; j++) {
          if (words[j] && text.indexOf(words[j]) < 0) return false;
        }
      }
      return true;
    }

    function countText(count) {
      var category = plural ? plural.select(count) : count === 1 ? "one" : "other";
      var form = forms[category] || forms.other || "{num}";
      return form.replace("{num}", numbers ? numbers.format(count) : String(count));
    }

    function apply(filters, announce) {
      var shown = 0;
      cards.forEach(function (card) {
        var visible = matches(card, filters);
        card.hidden = !visible;
        if (visible) shown++;
      });
      values.forEach(function (link) {
        var selected = filters[link.getAttribute("data-facet")] === link.getAttribute("data-key");
        if (selected) link.setAttribute("aria-pressed", "true");
        else link.setAttribute("aria-pressed", "false");
      });
      if (empty) empty.hidden = shown > 0;
      var text = countText(shown);
      if (announce || status.textContent !== text) status.textContent = text;
    }

    var filters = read();
    if (input) {
      search.hidden = false;
      input.value = filters.words;
      input.addEventListener("input", function () {
        filters.words = input.value.trim();
        write(filters);
        apply(filters, true);
      });
    }
    values.forEach(function (link) {
      // A facet value acts as a toggle button here; without the script it is a link.
      link.setAttribute("role", "button");
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var facet = link.getAttribute("data-facet");
        var key = link.getAttribute("data-key");
        filters[facet] = filters[facet] === key ? "" : key;
        write(filters);
        apply(filters, true);
      });
      link.addEventListener("keydown", function (event) {
        if (event.key === " ") {
          event.preventDefault();
          link.click();
        }
      });
    });
    var clear = gallery.querySelector("[data-jm-clear]");
    if (clear) {
      clear.addEventListener("click", function (event) {
        event.preventDefault();
        filters = { words: "" };
        FACETS.forEach(function (facet) {
          filters[facet] = "";
        });
        if (input) input.value = "";
        write(filters);
        apply(filters, true);
      });
    }
    apply(filters, false);
  }

  function start() {
    var galleries = document.querySelectorAll("[data-jm-gallery][data-jm-interactive]");
    Array.prototype.forEach.call(galleries, setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
