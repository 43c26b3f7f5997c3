/* Journey Maps in the browser: the gallery. Nothing here is needed to read it; it all
   adds to links and lists that work without it.

   Without this script the gallery lists every card, each facet opens as a disclosure and
   each of its values is a link to its static page. With it, a click on a value toggles it
   as a filter instead. A facet takes several values: a map shows when it has any of a
   facet's chosen values, and matches every facet with values chosen (the usual rule of
   faceted search). Each value's count is the number of maps that would show with it
   chosen alongside the other facets' values. The filters live in the address
   (?industry=retail&industry=hotels&words=wait), so a filtered view can be bookmarked and
   shared, and the number of maps shown is announced to screen readers. No framework, no
   request anywhere. */
(function () {
  "use strict";

  var FACETS = ["kind", "industry", "tag", "persona", "state", "language"];
  // Not "q": mkdocs-material opens its own search dialog for ?q= in the address.
  var WORDS = "words";

  function setUp(gallery) {
    var cards = Array.prototype.slice.call(gallery.querySelectorAll(".jm-card"));
    var values = Array.prototype.slice.call(gallery.querySelectorAll("[data-facet]"));
    var facets = Array.prototype.slice.call(gallery.querySelectorAll("[data-jm-facet]"));
    var status = gallery.querySelector(".jm-gallery__count");
    var empty = gallery.querySelector(".jm-gallery__empty");
    var chosenList = gallery.querySelector("[data-jm-chosen-list]");
    var clearAll = gallery.querySelector(".jm-facets__all");
    var search = gallery.querySelector("[data-jm-search]");
    var input = search && search.querySelector("input");
    var lang = gallery.getAttribute("data-lang") || document.documentElement.lang || "en";
    var forms = JSON.parse(gallery.getAttribute("data-count-forms") || "{}");
    var removeLabel = gallery.getAttribute("data-remove-label") || "{value}";
    var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
    var numbers = window.Intl && Intl.NumberFormat ? new Intl.NumberFormat(lang) : null;
    // Each card's keys per facet, read once.
    var keysOf = cards.map(function (card) {
      var keys = {};
      FACETS.forEach(function (facet) {
        keys[facet] = (card.getAttribute("data-" + facet) || "").split(" ").filter(Boolean);
      });
      keys.text = card.getAttribute("data-text") || "";
      return keys;
    });

    function format(count) {
      return numbers ? numbers.format(count) : String(count);
    }

    function none() {
      var filters = { words: "" };
      FACETS.forEach(function (facet) {
        filters[facet] = [];
      });
      return filters;
    }

    // Several values of a facet: repeated (?tag=a&tag=b) or a comma list (?tag=a,b).
    function read() {
      var params = new URLSearchParams(window.location.search);
      var filters = none();
      filters.words = (params.get(WORDS) || "").trim();
      FACETS.forEach(function (facet) {
        params.getAll(facet).forEach(function (value) {
          value.split(",").forEach(function (key) {
            key = key.trim();
            if (key && filters[facet].indexOf(key) < 0) filters[facet].push(key);
          });
        });
      });
      return filters;
    }

    function write(filters) {
      var params = new URLSearchParams(window.location.search);
      FACETS.forEach(function (facet) {
        params.delete(facet);
        filters[facet].forEach(function (key) {
          params.append(facet, key);
        });
      });
      if (filters.words) params.set(WORDS, filters.words);
      else params.delete(WORDS);
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(null, "", url);
    }

    // Whether a card passes every filter but ``except``'s (a facet's own values are
    // counted as if chosen alongside the others).
    function passes(keys, filters, except) {
      for (var i = 0; i < FACETS.length; i++) {
        var facet = FACETS[i];
        var wanted = filters[facet];
        if (facet === except || !wanted.length) continue;
        var any = false;
        for (var k = 0; k < wanted.length && !any; k++) any = keys[facet].indexOf(wanted[k]) >= 0;
        if (!any) return false;
      }
      if (filters.words) {
        var words = filters.words.toLowerCase().split(/\s+/);
        for (var j = 0; j < words.length; j++) {
          if (words[j] && keys.text.indexOf(words[j]) < 0) return false;
        }
      }
      return true;
    }

    function countText(count) {
      var category = plural ? plural.select(count) : count === 1 ? "one" : "other";
      var form = forms[category] || forms.other || "{num}";
      return form.replace("{num}", format(count));
    }

    function labelOf(link) {
      return link.firstChild ? link.firstChild.textContent.trim() : link.getAttribute("data-key");
    }

    function chips(filters) {
      if (!chosenList) return;
      while (chosenList.firstChild) chosenList.removeChild(chosenList.firstChild);
      values.forEach(function (link) {
        var facet = link.getAttribute("data-facet");
        var key = link.getAttribute("data-key");
        if (filters[facet].indexOf(key) < 0) return;
        var item = document.createElement("li");
        var chip = document.createElement("button");
        chip.type = "button";
        chip.className = "jm-chip";
        chip.setAttribute("aria-label", removeLabel.replace("{value}", labelOf(link)));
        chip.textContent = labelOf(link) + " ";
        var cross = document.createElement("span");
        cross.setAttribute("aria-hidden", "true");
        cross.textContent = "×";
        chip.appendChild(cross);
        chip.addEventListener("click", function () {
          toggle(facet, key);
          var next = chosenList.querySelector(".jm-chip") || (input || status);
          if (next && next.focus) next.focus();
        });
        item.appendChild(chip);
        chosenList.appendChild(item);
      });
    }

    function apply(filters, announce) {
      var shown = 0;
      cards.forEach(function (card, index) {
        var visible = passes(keysOf[index], filters, null);
        card.hidden = !visible;
        if (visible) shown++;
      });
      // Each facet's counts: the cards the other facets let through, by this facet's keys.
      var counts = {};
      FACETS.forEach(function (facet) {
        var tally = {};
        keysOf.forEach(function (keys) {
          if (!passes(keys, filters, facet)) return;
          keys[facet].forEach(function (key) {
            tally[key] = (tally[key] || 0) + 1;
          });
        });
        counts[facet] = tally;
      });
      values.forEach(function (link) {
        var facet = link.getAttribute("data-facet");
        var key = link.getAttribute("data-key");
        var selected = filters[facet].indexOf(key) >= 0;
        var count = counts[facet][key] || 0;
        link.setAttribute("aria-pressed", selected ? "true" : "false");
        link.classList.toggle("jm-facet__value--none", count === 0);
        var number = link.querySelector(".jm-facet__count");
        if (number) number.textContent = format(count);
        if (selected) {
          // A chosen value among the less used ones stays in sight.
          var more = link.closest(".jm-facet__more");
          if (more) more.open = true;
        }
      });
      facets.forEach(function (details) {
        var badge = details.querySelector("[data-jm-chosen]");
        var chosen = filters[details.getAttribute("data-jm-facet")].length;
        if (!badge) return;
        badge.hidden = chosen === 0;
        badge.textContent = chosen ? format(chosen) : "";
      });
      chips(filters);
      var any = filters.words || FACETS.some(function (facet) { return filters[facet].length; });
      if (clearAll) clearAll.hidden = !any;
      if (empty) empty.hidden = shown > 0;
      var text = countText(shown);
      if (announce || status.textContent !== text) status.textContent = text;
    }

    var filters = read();

    function toggle(facet, key) {
      var chosen = filters[facet];
      var at = chosen.indexOf(key);
      if (at >= 0) chosen.splice(at, 1);
      else chosen.push(key);
      write(filters);
      apply(filters, true);
    }

    if (input) {
      search.hidden = false;
      input.value = filters.words;
      input.addEventListener("input", function () {
        filters.words = input.value.trim();
        write(filters);
        apply(filters, true);
      });
    }
    Array.prototype.forEach.call(gallery.querySelectorAll("[data-jm-rule]"), function (rule) {
      rule.hidden = false;
    });
    values.forEach(function (link) {
      // A facet value acts as a toggle button here; without the script it is a link.
      link.setAttribute("role", "button");
      link.addEventListener("click", function (event) {
        event.preventDefault();
        toggle(link.getAttribute("data-facet"), link.getAttribute("data-key"));
      });
      link.addEventListener("keydown", function (event) {
        if (event.key === " ") {
          event.preventDefault();
          link.click();
        }
      });
    });
    // An open facet closes with Escape (back on its name) or a click elsewhere.
    gallery.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      facets.forEach(function (details) {
        if (!details.open) return;
        details.open = false;
        details.querySelector("summary").focus();
      });
    });
    document.addEventListener("click", function (event) {
      facets.forEach(function (details) {
        if (details.open && !details.contains(event.target)) details.open = false;
      });
    });
    Array.prototype.forEach.call(gallery.querySelectorAll("[data-jm-clear]"), function (clear) {
      clear.addEventListener("click", function (event) {
        event.preventDefault();
        filters = none();
        if (input) input.value = "";
        write(filters);
        apply(filters, true);
      });
    });
    apply(filters, false);
  }

  function start() {
    var galleries = document.querySelectorAll("[data-jm-gallery][data-jm-interactive]");
    Array.prototype.forEach.call(galleries, setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
