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

  function start() {
    downloadFromDisk();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
