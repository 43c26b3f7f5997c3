/* mkdocs-material's search worker, answering from Pagefind, on a served site.

   Material's search box talks to a worker in four messages: SETUP (0) with the index,
   answered READY (1); QUERY (2) with what the reader typed, answered RESULT (3) with
   {items: [[{location, title, text, score, terms}]]}. This worker speaks the same, so
   Material's look, keyboard, highlighting and right-to-left layout stay. It ignores the
   index Material sends (a stub on such a site) and asks Pagefind instead, which fetches
   only the reader's language's index, in chunks, as they type.

   Its address carries the page's language and the site's root:
   search-pagefind.js?lang=<html lang>&root=<site root URL>. A page opened from disk
   never uses it: Pagefind cannot load there, and the lunr index is read as before. */
"use strict";

const params = new URL(self.location.href).searchParams;
const language = params.get("lang") || "en";
const bundle = new URL("pagefind/pagefind.js", params.get("root") || self.location.href).href;
// Pagefind reads the language from <html lang>, and a worker has no document.
self.document = { querySelector: () => ({ getAttribute: () => language }) };

const SHOWN = 10; // results a reader sees at once; Pagefind loads each one's fragment
let pagefind = null;
let queue = Promise.resolve();

// Material writes a result's title and text into the page as HTML, as its own index
// holds them. Pagefind's title is the page's text, and its excerpt that text with the
// words found in <mark>: both are escaped here, the marks alone kept.
function escaped(text) {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

function marked(excerpt) {
  return escaped(excerpt)
    .replace(/&lt;mark&gt;/g, "<mark>")
    .replace(/&lt;\/mark&gt;/g, "</mark>");
}

async function answer(query) {
  const words = query.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return { items: [] };
  pagefind = pagefind || (await import(bundle)); // on the first query, not on page load
  const found = await pagefind.search(query);
  const results = found.results.slice(0, SHOWN);
  const shown = await Promise.all(results.map((result) => result.data()));
  const terms = Object.fromEntries(words.map((word) => [word.toLowerCase(), true]));
  return {
    items: shown.map((data, index) => [
      {
        location: data.url.replace(/^\//, ""), // Material resolves it against the root
        title: escaped(data.meta.title || data.url),
        text: marked(data.excerpt),
        score: results[index].score,
        terms: terms,
      },
    ]),
  };
}

self.addEventListener("message", (event) => {
  const message = event.data;
  queue = queue.then(async () => {
    if (message.type === 0) {
      self.postMessage({ type: 1 });
    } else if (message.type === 2) {
      try {
        self.postMessage({ type: 3, data: await answer(message.data) });
      } catch (error) {
        console.warn("journey-maps search:", error);
        self.postMessage({ type: 3, data: { items: [] } });
      }
    }
  });
});
