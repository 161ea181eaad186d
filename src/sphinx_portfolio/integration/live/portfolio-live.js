// Live preview only: show the problems of the last build on every page, until a good build.
(() => {
  const root = document.documentElement.dataset.content_root || "./";
  fetch(root + "_portfolio/build-problems.txt", { cache: "no-store" })
    .then((response) => (response.ok ? response.text() : ""))
    .then((text) => {
      if (!text.trim()) return;
      const banner = document.createElement("div");
      banner.id = "portfolio-build-problems";
      banner.setAttribute("role", "alert");
      banner.style.cssText =
        "position:fixed;inset:0 0 auto 0;z-index:1000;max-height:60vh;overflow:auto;" +
        "background:#fff3f3;color:#5c0000;border-bottom:3px solid #b00020;padding:1em;font:14px/1.4 monospace";
      const title = document.createElement("strong");
      title.textContent = "The last build has problems; this page may be out of date. Save a fix to rebuild.";
      const messages = document.createElement("pre");
      messages.style.whiteSpace = "pre-wrap";
      messages.textContent = text;
      banner.append(title, messages);
      document.body.prepend(banner);
    })
    .catch(() => {});
})();
